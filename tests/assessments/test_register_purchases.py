"""Step 3D: purchases from suppliers picked from the PSO register (issue 12 item 4, rule book §6).

The buyer (alice, Voorbeeld B.V., peiljaar 2024) picks Groen Werkt B.V. from the register and
types only the invoiced amount. The supplier's certified figures convert the purchase when the
rekentool is scored and are never shown to the buyer; a purchase counts only if the supplier
held a valid certificate at some time in the peiljaar.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import secrets
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import pypdf
import pytest
from django.urls import reverse

from psoportal.assessments.models import Purchase
from psoportal.assessments.selectors import rekentool_evaluate
from psoportal.assessments.supplier_register import (
    NoRegister,
    supplier_register,
    supplier_register_clear,
    supplier_register_set,
)
from psoportal.certification.models import Certificate, CertificateScope

pytestmark = pytest.mark.django_db

SUPPLIER_KVK = "11223344"
# Distinctive figures, so that a page or a file that shows them is caught by their digits.
TURNOVER = Decimal("3456789")
WEIGHTED_FTE = Decimal("27.1828")
SECRETS = ["3456789", "3.456.789", "3,456,789", "27,1828", "27.1828"]
PEILJAAR = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def give_certificate(*, start=dt.date(2023, 6, 1), end=dt.date(2025, 5, 31), kvk=SUPPLIER_KVK,
                     name="Groen Werkt B.V.", turnover=TURNOVER, weighted_fte=WEIGHTED_FTE,
                     kind=Certificate.Kind.LEVEL, **fields) -> Certificate:
    """A certificate of the supplier as the register holds it (here: taken over from the old
    register, so without an application in this portal)."""
    certificate = Certificate.objects.create(
        source=Certificate.Source.IMPORT, kind=kind, number=f"PSO-T-{secrets.token_hex(4)}",
        verification_code=secrets.token_urlsafe(32), level="trede_2", organisation_name=name,
        city="Utrecht", institution_name="Keurmerk", handbook_version="2.2", start=start,
        end=end, supplier_turnover=turnover, supplier_weighted_fte=weighted_fte, **fields,
    )
    CertificateScope.objects.create(certificate=certificate, kvk=kvk, name=name, is_main=True)
    return certificate


@pytest.fixture
def supplier(db):
    return give_certificate()


def _purchases_url(rekentool, query: str = "") -> str:
    return reverse("mijnpso:purchases", args=[rekentool.pk]) + query


def _pick(client, rekentool, amount="100000", kvk=SUPPLIER_KVK, **extra):
    return client.post(reverse("mijnpso:purchase_register_add", args=[rekentool.pk]),
                       {"register-version": "1", "register-kvk": kvk,
                        "register-amount": amount, **extra})


def _register_purchase(rekentool, amount="100000") -> Purchase:
    return Purchase.objects.create(rekentool=rekentool, supplier="Groen Werkt B.V.",
                                   kvk=SUPPLIER_KVK, kind="pso_certified",
                                   amount=Decimal(amount), from_register=True)


# -- finding and picking a supplier ------------------------------------------------------------


@pytest.mark.parametrize("text", ["groen werkt", SUPPLIER_KVK])
def test_a_buyer_finds_a_certified_supplier_by_name_or_kvk_number(
    login, alice, rekentool, supplier, text
):
    content = login(alice).get(_purchases_url(rekentool, f"?zoek={text}")).content.decode()
    section = content[content.index('id="register"'):content.index('id="add-purchase"')]
    assert "Groen Werkt B.V." in section
    assert "KvK 11223344, Utrecht, Trede 2" in section
    assert f"?kies={SUPPLIER_KVK}" in section


def test_the_search_says_so_when_no_supplier_qualifies(login, alice, rekentool, supplier):
    content = login(alice).get(_purchases_url(rekentool, "?zoek=Blauw")).content.decode()
    assert "Geen leverancier met een geldig PSO-certificaat in het peiljaar gevonden" in content


def test_a_single_letter_is_not_searched(login, alice, rekentool, supplier):
    content = login(alice).get(_purchases_url(rekentool, "?zoek=G")).content.decode()
    assert "Typ ten minste 2 tekens van de naam, of het KvK-nummer." in content
    assert "?kies=" not in content


def test_without_a_peiljaar_the_search_asks_for_it_first(login, alice, rekentool, supplier):
    rekentool.peiljaar_start = None
    rekentool.save()
    content = login(alice).get(_purchases_url(rekentool, "?zoek=Groen")).content.decode()
    assert "Vul eerst het peiljaar in (3A)" in content
    assert "?kies=" not in content


def test_picking_a_supplier_asks_only_for_the_amount(login, alice, rekentool, supplier):
    content = login(alice).get(_purchases_url(rekentool, f"?kies={SUPPLIER_KVK}")).content.decode()
    form = content[content.index('id="register-amount"'):]
    form = form[:form.index("</form>")]
    assert 'name="register-amount"' in form
    assert "Groen Werkt B.V." in form and "Trede 2" in form
    assert "turnover" not in form and "weighted" not in form


def test_a_picked_supplier_is_stored_as_a_register_purchase_without_figures(
    login, alice, rekentool, supplier
):
    # Only the KvK number and the amount are taken from the form; the name is the register's.
    response = _pick(login(alice), rekentool, amount="100.000,00",
                     **{"register-supplier": "Iets Anders", "register-supplier_turnover": "1"})
    assert response.status_code == 302
    purchase = rekentool.purchases.get()
    assert (purchase.supplier, purchase.kvk, purchase.kind, purchase.amount) == (
        "Groen Werkt B.V.", SUPPLIER_KVK, "pso_certified", Decimal("100000"))
    assert purchase.from_register
    assert purchase.supplier_turnover is None and purchase.supplier_weighted_fte is None


def test_a_supplier_without_a_certificate_in_the_peiljaar_cannot_be_picked(
    login, alice, rekentool
):
    give_certificate(start=dt.date(2025, 2, 1), end=dt.date(2027, 1, 31))
    response = _pick(login(alice), rekentool)
    assert response.status_code == 400
    assert "had in het peiljaar geen geldig PSO-certificaat" in response.content.decode()
    assert not rekentool.purchases.exists()


def test_picking_the_same_purchase_twice_warns_first(login, alice, rekentool, supplier):
    client = login(alice)
    _pick(client, rekentool)
    response = _pick(client, rekentool)
    assert "Er staat al een inkoop bij Groen Werkt B.V." in response.content.decode()
    assert rekentool.purchases.count() == 1
    _pick(client, rekentool, duplicate_ok="1")
    assert rekentool.purchases.count() == 2


def test_editing_a_register_purchase_changes_only_the_amount(login, alice, rekentool, supplier):
    purchase = _register_purchase(rekentool)
    client = login(alice)
    url = reverse("mijnpso:purchase_edit", args=[rekentool.pk, purchase.pk])
    content = client.get(url).content.decode()
    assert 'name="amount"' in content and 'name="supplier_turnover"' not in content
    response = client.post(url, {"version": "1", "amount": "2500", "supplier_turnover": "5",
                                 "supplier": "Ander", "kind": "sw_company"})
    assert response.status_code == 302
    purchase.refresh_from_db()
    assert (purchase.amount, purchase.supplier, purchase.kind, purchase.from_register) == (
        Decimal("2500"), "Groen Werkt B.V.", "pso_certified", True)
    assert purchase.supplier_turnover is None


def test_a_copy_of_the_rekentool_keeps_the_purchase_as_one_from_the_register(
    login, alice, rekentool, supplier
):
    from psoportal.assessments.services import rekentool_copy

    _register_purchase(rekentool)
    copy = rekentool_copy(rekentool=rekentool, user=alice, name="Kopie")
    purchase = copy.purchases.get()
    assert (purchase.from_register, purchase.supplier_turnover) == (True, None)
    assert rekentool_evaluate(copy).result["indirect_fte"] == _hand_computed_indirect(
        Decimal("100000"))[0]


def test_an_outsider_gets_404_when_picking_into_another_rekentool(
    login, charlie, rekentool, supplier
):
    response = _pick(login(charlie), rekentool)
    assert response.status_code == 404
    assert not rekentool.purchases.exists()


# -- the peiljaar rule (rule book §6 [rule]) ---------------------------------------------------


@pytest.mark.parametrize(("certificate", "counts"), [
    pytest.param({"start": dt.date(2021, 1, 1), "end": dt.date(2022, 12, 31)}, False,
                 id="ended before the peiljaar"),
    pytest.param({"start": dt.date(2025, 1, 1), "end": dt.date(2026, 12, 31)}, False,
                 id="starts after the peiljaar"),
    pytest.param({"start": dt.date(2023, 6, 1), "end": dt.date(2025, 5, 31)}, True,
                 id="spans the peiljaar"),
    pytest.param({"start": dt.date(2024, 12, 31), "end": dt.date(2026, 12, 30)}, True,
                 id="starts on the last day"),
    pytest.param({"start": dt.date(2022, 1, 2), "end": dt.date(2024, 1, 1)}, True,
                 id="ends on the first day"),
    pytest.param({"start": dt.date(2023, 1, 1), "end": dt.date(2024, 12, 31),
                  "revoked_on": dt.date(2023, 12, 1)}, False, id="revoked before the peiljaar"),
    pytest.param({"start": dt.date(2023, 1, 1), "end": dt.date(2024, 12, 31),
                  "revoked_on": dt.date(2024, 1, 1)}, False,
                 id="revoked on the first day: last in force the day before"),
    pytest.param({"start": dt.date(2023, 1, 1), "end": dt.date(2024, 12, 31),
                  "revoked_on": dt.date(2024, 1, 2)}, True, id="revoked on the second day"),
    pytest.param({"start": dt.date(2024, 3, 1), "end": dt.date(2026, 2, 28),
                  "revoked_on": dt.date(2024, 3, 1)}, False, id="revoked on its own start"),
    pytest.param({"start": dt.date(2023, 1, 1), "end": dt.date(2024, 12, 31),
                  "lapsed_on": dt.date(2024, 1, 1)}, False, id="lapsed on the first day"),
    pytest.param({"start": dt.date(2023, 1, 1), "end": dt.date(2024, 12, 31),
                  "lapsed_on": dt.date(2024, 6, 1)}, True, id="lapsed in the peiljaar"),
    pytest.param({"kind": Certificate.Kind.PSO30PLUS}, False, id="only a PSO 30+ certificate"),
    pytest.param({"turnover": None, "weighted_fte": None}, False, id="without figures"),
])
def test_a_supplier_qualifies_only_with_a_certificate_in_force_in_the_peiljaar(
    certificate, counts
):
    give_certificate(**certificate)
    start, end = PEILJAAR
    register = supplier_register()
    assert (SUPPLIER_KVK in register.figures([SUPPLIER_KVK], start=start, end=end)) is counts
    found = register.search("Groen", start=start, end=end, limit=5)
    assert [s.kvk for s in found] == ([SUPPLIER_KVK] if counts else [])


def test_the_latest_certificate_in_the_peiljaar_gives_the_figures(db):
    give_certificate(start=dt.date(2022, 9, 1), end=dt.date(2024, 8, 31),
                     lapsed_on=dt.date(2024, 5, 1), turnover=Decimal("1000000"))
    latest = give_certificate(start=dt.date(2024, 5, 1), end=dt.date(2026, 4, 30))
    give_certificate(start=dt.date(2025, 5, 1), end=dt.date(2027, 4, 30),
                     turnover=Decimal("9000000"))
    found = supplier_register().figures([SUPPLIER_KVK], start=PEILJAAR[0], end=PEILJAAR[1])
    assert found[SUPPLIER_KVK].certificate_number == latest.number
    assert found[SUPPLIER_KVK].turnover == TURNOVER


def test_an_entity_in_the_certificates_scope_is_found_by_its_own_kvk_number(db):
    certificate = give_certificate()
    CertificateScope.objects.create(certificate=certificate, kvk="55667788",
                                    name="Groen Werkt Noord B.V.")
    found = supplier_register().search("55667788", start=PEILJAAR[0], end=PEILJAAR[1], limit=5)
    assert [(s.name, s.kvk) for s in found] == [("Groen Werkt Noord B.V.", "55667788")]


def test_without_a_register_nobody_qualifies(db, supplier):
    """The rekentool app works on its own: the register plugs in through the port."""
    plugged = supplier_register()
    supplier_register_clear()
    try:
        assert isinstance(supplier_register(), NoRegister)
        assert supplier_register().figures([SUPPLIER_KVK], start=PEILJAAR[0],
                                           end=PEILJAAR[1]) == {}
    finally:
        supplier_register_set(plugged)


# -- scoring --------------------------------------------------------------------------------------


def _hand_computed_indirect(amount: Decimal) -> tuple[str, str]:
    """I = amount / turnover × weighted fte; indirect % = 100 × I / (T + I), T = 50 (§6)."""
    i = amount * WEIGHTED_FTE / TURNOVER
    pct = 100 * i / (Decimal(50) + i)
    return (str(i.quantize(Decimal("0.0001"), ROUND_HALF_UP)),
            str(pct.quantize(Decimal("0.01"), ROUND_HALF_UP)))


def test_scoring_converts_the_purchase_with_the_suppliers_certified_figures(
    rekentool, supplier
):
    _register_purchase(rekentool, amount="100000")
    result = rekentool_evaluate(rekentool).result
    assert (result["indirect_fte"], result["indirect_pct"]) == _hand_computed_indirect(
        Decimal("100000"))


def test_a_purchase_stops_counting_when_the_certificate_turns_out_revoked_before_the_peiljaar(
    login, alice, rekentool, supplier
):
    _register_purchase(rekentool)
    assert rekentool_evaluate(rekentool).result["indirect_fte"] != "0.0000"
    # The stored result is keyed on the register's answer too, so it is not served stale.
    Certificate.objects.filter(pk=supplier.pk).update(revoked_on=dt.date(2023, 12, 1))
    assert rekentool_evaluate(rekentool).result["indirect_fte"] == "0.0000"
    content = login(alice).get(_purchases_url(rekentool)).content.decode()
    assert ("Groen Werkt B.V. had in het peiljaar geen geldig PSO-certificaat; deze inkoop "
            "telt niet mee.") in content


def test_a_problem_of_a_later_purchase_stays_on_its_own_row(rekentool):
    """The engine does not see a purchase that does not count; its problems' row numbers are
    those of the rekentool all the same."""
    _register_purchase(rekentool)  # no certificate at all: does not count
    Purchase.objects.create(rekentool=rekentool, supplier="SW Bedrijf", kind="sw_company",
                            amount=Decimal("500"), supplier_turnover=Decimal("100"),
                            supplier_weighted_fte=Decimal("1"))
    evaluation = rekentool_evaluate(rekentool)
    assert [(p.path, p.code) for p in evaluation.problems] == [("purchases[1].amount",
                                                                "above_turnover")]


def test_an_amount_above_the_suppliers_turnover_is_refused_without_showing_the_turnover(
    login, alice, rekentool, supplier
):
    _register_purchase(rekentool, amount="4000000")
    content = login(alice).get(_purchases_url(rekentool)).content.decode()
    assert "hoger dan de omzet van de leverancier" in content
    assert not [s for s in SECRETS if s in content]


# -- the figures never reach the buyer -----------------------------------------------------------


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return " ".join(book.read(name).decode() for name in book.namelist()
                        if name.endswith(".xml"))


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_suppliers_figures_appear_on_no_page_or_file_of_the_buyer(
    login, alice, rekentool, supplier, all_yes
):
    rekentool.qualitative = all_yes
    rekentool.save()
    purchase = _register_purchase(rekentool)
    client = login(alice)
    pages = {
        name: client.get(url)
        for name, url in {
            "3D": _purchases_url(rekentool, f"?zoek=Groen&kies={SUPPLIER_KVK}"),
            "3D edit": reverse("mijnpso:purchase_edit", args=[rekentool.pk, purchase.pk]),
            "step 4": reverse("mijnpso:result", args=[rekentool.pk]),
            "step 5": reverse("mijnpso:qualitative", args=[rekentool.pk]),
            "rekentools": reverse("mijnpso:rekentools", args=[rekentool.organisation_id]),
            "json": reverse("mijnpso:export", args=[rekentool.pk, "json"]),
            "xlsx": reverse("mijnpso:export", args=[rekentool.pk, "xlsx"]),
            "result json": reverse("mijnpso:result_export", args=[rekentool.pk]),
            "pdf": reverse("mijnpso:proefaanvraag", args=[rekentool.pk]),
        }.items()
    }
    assert all(response.status_code == 200 for response in pages.values())
    texts = {name: response.content.decode() for name, response in pages.items()
             if name not in ("xlsx", "pdf")}
    texts["xlsx"] = _xlsx_text(pages["xlsx"].content)
    texts["pdf"] = _pdf_text(pages["pdf"].content)
    # The purchase is there, and counted: the figures were used, just never shown.
    assert "Groen Werkt B.V." in texts["pdf"] and "Groen Werkt B.V." in texts["xlsx"]
    assert json.loads(texts["result json"])["indirect_fte"] == _hand_computed_indirect(
        Decimal("100000"))[0]
    leaks = {name: [s for s in SECRETS if s in text] for name, text in texts.items()}
    assert leaks == {name: [] for name in texts}


def test_an_exported_register_purchase_has_no_figures_and_imports_as_one_again(
    login, alice, rekentool, supplier
):
    _register_purchase(rekentool)
    client = login(alice)
    exported = json.loads(client.get(reverse("mijnpso:export", args=[rekentool.pk, "json"]))
                          .content)
    assert exported["purchases"] == [{"supplier": "Groen Werkt B.V.", "kvk": SUPPLIER_KVK,
                                      "kind": "pso_certified", "amount": "100000"}]
    rekentool.purchases.all().delete()
    upload = io.BytesIO(json.dumps(exported).encode())
    upload.name = "rekentool.json"
    response = client.post(reverse("mijnpso:import", args=[rekentool.pk]), {"file": upload})
    assert response.status_code == 302
    assert rekentool.purchases.get().from_register
    again = json.loads(client.get(reverse("mijnpso:export", args=[rekentool.pk, "json"]))
                       .content)
    assert again == exported


def test_the_excel_export_round_trips_a_register_purchase(login, alice, rekentool, supplier):
    _register_purchase(rekentool)
    client = login(alice)
    content = client.get(reverse("mijnpso:export", args=[rekentool.pk, "xlsx"])).content
    rekentool.purchases.all().delete()
    upload = io.BytesIO(content)
    upload.name = "rekentool.xlsx"
    assert client.post(reverse("mijnpso:import", args=[rekentool.pk]),
                       {"file": upload}).status_code == 302
    purchase = rekentool.purchases.get()
    assert (purchase.kvk, purchase.from_register, purchase.supplier_turnover) == (
        SUPPLIER_KVK, True, None)

