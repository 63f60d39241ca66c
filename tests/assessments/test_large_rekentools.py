"""Large but legal rekentools: paginated 3C/3D tables with totals over all rows, a summarised
PDF, and pages that read the stored score instead of scoring on every view."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
from psoportal.assessments.pdf import ROWS_IN_FULL
from psoportal.assessments.selectors import rekentool_evaluate

pytestmark = pytest.mark.django_db


def _employees(rekentool: Rekentool, count: int, *, start: int = 0) -> None:
    TargetGroupEmployee.objects.bulk_create(
        TargetGroupEmployee(
            rekentool=rekentool, ref=f"G-{n:04d}", category="wia" if n % 2 else "ww",
            contract="regular", hours_per_week=Decimal("20") if n % 2 else Decimal("30"),
            employed_from=dt.date(2020, 1, 1),
        )
        for n in range(start, start + count)
    )


def _purchases(rekentool: Rekentool, count: int) -> None:
    Purchase.objects.bulk_create(
        Purchase(
            rekentool=rekentool, supplier=f"Leverancier {n:03d}", kind="pso_certified",
            amount=Decimal("1000.50"), supplier_turnover=Decimal("10000000"),
            supplier_weighted_fte=Decimal("10"),
        )
        for n in range(count)
    )


@pytest.fixture
def large(organisation, alice):
    tool = Rekentool.objects.create(
        organisation=organisation, name="Groot", peiljaar_start=dt.date(2024, 1, 1),
        total_fte=Decimal("1000"), average_headcount=Decimal("1100"), created_by=alice,
    )
    _employees(tool, 120)
    _purchases(tool, 120)
    return tool


def _edit_links(content: str, rekentool: Rekentool, what: str) -> int:
    pattern = rf'href="/mijnpso/rekentool/{rekentool.pk}/{what}/\d+/(\?pagina=\d+)?"'
    return len(re.findall(pattern, content))


def test_the_3c_page_shows_50_rows_and_the_totals_over_all_120(login, alice, large):
    content = login(alice).get(reverse("mijnpso:target_group", args=[large.pk])).content.decode()
    assert _edit_links(content, large, "doelgroep") == 50
    assert "G-0000" in content and "G-0049" in content and "G-0050" not in content
    # 60 × 20 h + 60 × 30 h, over all rows, not the 50 shown.
    assert "120 medewerkers, samen 3.000,00 uur per week." in content
    assert "Totaal, alle 120 medewerkers" in content
    assert "Hieronder rij 1 tot en met 50." in content
    assert "3C PSO-doelgroep (120)" in content


def test_the_3c_pages_are_links_that_work_without_javascript(login, alice, large):
    client = login(alice)
    url = reverse("mijnpso:target_group", args=[large.pk])
    content = client.get(url, {"pagina": 3}).content.decode()
    assert _edit_links(content, large, "doelgroep") == 20
    assert "G-0100" in content and "G-0119" in content
    nav = content[content.index('<nav class="pagination"'):]
    nav = nav[:nav.index("</nav>")]
    assert 'aria-label="Pagina\'s van de doelgroepmedewerkers"' in nav
    assert '<a href="?pagina=3" aria-current="page">' in nav
    assert 'href="?pagina=2" rel="prev"' in nav
    assert 'rel="next"' not in nav  # the last page


def test_a_page_number_out_of_range_shows_the_nearest_page(login, alice, large):
    client = login(alice)
    url = reverse("mijnpso:target_group", args=[large.pk])
    assert "G-0119" in client.get(url, {"pagina": 999}).content.decode()
    assert "G-0000" in client.get(url, {"pagina": "x"}).content.decode()


def test_a_problem_on_a_later_page_marks_the_right_row(login, alice, large):
    row = TargetGroupEmployee.objects.get(rekentool=large, ref="G-0060")
    row.employed_until = dt.date(2019, 1, 1)  # before employed_from: target_group[60]
    row.save()
    content = login(alice).get(
        reverse("mijnpso:target_group", args=[large.pk]), {"pagina": 2}
    ).content.decode()
    rows = re.findall(
        r'<tr(?: id="medewerker-\d+")?( class="row-invalid")?>\s*<th scope="row">(G-\d+)</th>',
        content,
    )
    assert [ref for invalid, ref in rows if invalid] == ["G-0060"]


def test_the_3c_page_shows_each_rows_figures_from_the_stored_result(login, alice, large):
    client = login(alice)
    url = reverse("mijnpso:target_group", args=[large.pk])
    client.get(url)  # scores and stores
    content = client.get(url, {"pagina": 2}).content.decode()
    # 20 h of 40 for the whole of 2024 at weight 1: 0,5000 weighted fte.
    assert "0,5000" in content and "366" in content


def test_the_3d_page_shows_50_purchases_and_the_totals_over_all_120(login, alice, large):
    content = login(alice).get(reverse("mijnpso:purchases", args=[large.pk])).content.decode()
    assert _edit_links(content, large, "inkopen") == 50
    assert "120 inkopen, samen €\u00a0120.060,00 (excl. btw)." in content
    assert "Totaal, alle 120 inkopen" in content
    assert 'aria-label="Pagina\'s van de inkopen"' in content


def test_a_short_table_has_no_page_links(login, alice, rekentool):
    content = login(alice).get(
        reverse("mijnpso:target_group", args=[rekentool.pk])
    ).content.decode()
    assert 'class="pagination"' not in content
    assert "3 medewerkers, samen 112,00 uur per week." in content


def test_the_pdf_of_a_large_rekentool_summarises_with_the_right_totals(login, alice, organisation):
    import pypdf

    tool = Rekentool.objects.create(
        organisation=organisation, name="Groot", peiljaar_start=dt.date(2024, 1, 1),
        total_fte=Decimal("1000"), average_headcount=Decimal("1100"),
    )
    count, bought = 250, 110
    assert ROWS_IN_FULL < bought < count
    _employees(tool, count)
    _purchases(tool, bought)
    response = login(alice).get(reverse("mijnpso:proefaanvraag", args=[tool.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    text = " ".join(text.split())
    direct_fte = rekentool_evaluate(tool).result["direct_fte"]
    assert f"3C PSO-doelgroep ({count} medewerkers)" in text
    assert f"De eerste {ROWS_IN_FULL} van {count} medewerkers" in text
    assert "G-0000" in text
    assert f"G-{count - 1:04d}" not in text  # beyond the rows shown in full
    # Totals over all rows: 125 × 20 h + 125 × 30 h, and D as the engine scored it.
    assert "Totaal alle medewerkers 250 6.250,00" in text
    assert direct_fte.replace(".", ",") in text
    assert f"Totaal alle inkopen {bought}" in text
    assert "€ 110.055,00" in text  # 110 × 1.000,50


def test_the_pdf_of_a_small_rekentool_lists_every_row_without_a_summary(
    login, alice, rekentool
):
    import pypdf

    response = login(alice).get(reverse("mijnpso:proefaanvraag", args=[rekentool.pk]))
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "D-001" in text and "D-003" in text
    assert "Totalen per categorie" not in text


def test_the_pdf_names_categories_and_contracts_as_the_handbook_does(login, alice, rekentool):
    import pypdf

    response = login(alice).get(reverse("mijnpso:proefaanvraag", args=[rekentool.pk]))
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    text = re.sub(r"\s+", " ", text)
    categories = set(rekentool.employees.values_list("category", flat=True))
    assert "WIA/WAO/WAZ" in text
    assert not any(f" {code} " in text for code in categories)


def test_deleting_or_editing_a_row_returns_to_its_page(login, alice, large):
    client = login(alice)
    content = client.get(
        reverse("mijnpso:target_group", args=[large.pk]), {"pagina": 2}
    ).content.decode()
    row = TargetGroupEmployee.objects.get(rekentool=large, ref="G-0060")
    delete = reverse("mijnpso:employee_delete", args=[large.pk, row.pk]) + "?pagina=2"
    assert f'href="{delete}"' in content  # the confirm page, which posts to the same URL
    assert f'action="{delete}"' in client.get(delete).content.decode()
    response = client.post(delete)
    assert response["Location"] == reverse("mijnpso:target_group", args=[large.pk]) + "?pagina=2"
    purchase = large.purchases.order_by("id")[60]
    edit = reverse("mijnpso:purchase_edit", args=[large.pk, purchase.pk]) + "?pagina=2"
    assert f'href="{edit}"' in client.get(
        reverse("mijnpso:purchases", args=[large.pk]), {"pagina": 2}
    ).content.decode()
    response = client.post(edit, {
        "version": purchase.version, "supplier": "Nieuw B.V.", "kind": "pso_certified",
        "amount": "10", "supplier_turnover": "10000000", "supplier_weighted_fte": "10",
    })
    assert response["Location"] == reverse("mijnpso:purchases", args=[large.pk]) + "?pagina=2"


@pytest.mark.parametrize("name", ["mijnpso:target_group", "mijnpso:purchases"])
def test_a_table_page_takes_the_same_number_of_queries_for_10_or_120_rows(
    login, alice, organisation, name
):
    client = login(alice)
    counts = []
    for size in (10, 120):
        tool = Rekentool.objects.create(
            organisation=organisation, name=f"{size} rijen", peiljaar_start=dt.date(2024, 1, 1),
            total_fte=Decimal("1000"),
        )
        _employees(tool, size)
        _purchases(tool, size)
        url = reverse(name, args=[tool.pk])
        client.get(url)  # scores and stores
        with CaptureQueriesContext(connection) as queries:
            content = client.get(url).content.decode()
        assert f"({size})" in content  # the tab's count
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_dashboard_takes_the_same_number_of_queries_for_2_or_4_organisations(
    login, alice, client
):
    from psoportal.organisations.models import Membership
    from tests.factories import MembershipFactory

    login(alice)
    url = reverse("mijnpso:dashboard")
    counts = []
    for _ in range(2):
        for _ in range(2):
            MembershipFactory(user=alice, role=Membership.Role.COLLEGA)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            content = client.get(url).content.decode()
        assert content.count('class="muted">KvK') == 3 + 2 * len(counts)
        counts.append(len(queries))
    assert counts[0] == counts[1]
