"""Every line of the "Nog te doen" list links to the field or row to fix: a missing total fte to
#id_total_fte on step 3A, a bad 3C row to its page and row (?pagina=N#medewerker-K)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from psoportal.assessments.models import TargetGroupEmployee
from psoportal.assessments.selectors import ROWS_PER_PAGE

pytestmark = pytest.mark.django_db


def _links(content: str) -> list[str]:
    section = re.search(r'<section class="notice notice-todo".*?</section>', content, re.S)
    assert section, "no Nog te doen list on the page"
    return re.findall(r'<li><a href="([^"]+)">', section[0])


def test_a_missing_total_fte_links_to_its_field_on_step_3a(login, alice, rekentool):
    rekentool.total_fte = None
    rekentool.save()
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    data = reverse("mijnpso:data", args=[rekentool.pk])
    assert f"{data}#id_total_fte" in _links(content)
    assert 'id="id_total_fte"' in login(alice).get(data).content.decode()
    assert "workforce.total_fte" not in content


def test_a_bad_row_on_the_second_page_links_to_that_page_and_row(login, alice, rekentool):
    TargetGroupEmployee.objects.bulk_create(
        TargetGroupEmployee(
            rekentool=rekentool, ref=f"X-{n:04}", category="wia", contract="regular",
            hours_per_week=Decimal("95" if n == ROWS_PER_PAGE else "20"),
            employed_from=dt.date(2020, 1, 1),
        )
        for n in range(ROWS_PER_PAGE + 5)
    )  # fmt: skip
    # three rows come first from the fixture, so the bad one is row ROWS_PER_PAGE + 4
    number = ROWS_PER_PAGE + 4
    client = login(alice)
    content = client.get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    target = reverse("mijnpso:target_group", args=[rekentool.pk])
    assert _links(content) == [f"{target}?pagina=2#medewerker-{number}"]
    row_page = client.get(f"{target}?pagina=2").content.decode()
    assert f'<tr id="medewerker-{number}" class="row-invalid">' in row_page
