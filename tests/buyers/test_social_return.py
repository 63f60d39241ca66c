"""Social return (issue 13 item 5): the buyer's own rule, the calculation (a pure function with
property tests), the per-contract calculator and its PDF and .csv report."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from psoportal.buyers.models import SocialReturnRule, Supplier
from psoportal.buyers.social_return import (
    AMOUNT,
    CAPPED,
    COUNTED,
    NO_CERTIFICATE,
    NO_CONTRACT_VALUE,
    NO_RULE,
    PERCENTAGE,
    Rule,
    social_return_worth,
)
from psoportal.core.models import AuditEvent
from psoportal.core.templatetags.pso_format import euro
from tests.register.factories import certificate

# -- the calculation -----------------------------------------------------------------------------


def test_a_percentage_rule_counts_its_share_of_the_obligation():
    result = social_return_worth(contract_value=Decimal("31500"), obligation_pct=Decimal(5),
                                 certified=True, rule=Rule(PERCENTAGE, Decimal(100)))
    assert (result.obligation, result.worth, result.remaining, result.reason) == (
        Decimal("1575.00"), Decimal("1575.00"), Decimal("0.00"), COUNTED)
    half = social_return_worth(contract_value=Decimal("31500"), obligation_pct=Decimal(5),
                               certified=True, rule=Rule(PERCENTAGE, Decimal(50)))
    assert (half.worth, half.remaining) == (Decimal("787.50"), Decimal("787.50"))


def test_money_is_rounded_to_cents_half_up():
    # 10,01 × 5 % = 0,5005 → 0,50; × 50 % = 0,25. 0,10 × 5 % = 0,005 → 0,01.
    assert social_return_worth(contract_value=Decimal("0.10"), obligation_pct=Decimal(5),
                               certified=False, rule=None).obligation == Decimal("0.01")
    result = social_return_worth(contract_value=Decimal("1.30"), obligation_pct=Decimal(5),
                                 certified=True, rule=Rule(PERCENTAGE, Decimal(50)))
    # obligation 0,065 → 0,07; worth 0,035 → 0,04; remaining 0,03.
    assert (result.obligation, result.worth, result.remaining) == (
        Decimal("0.07"), Decimal("0.04"), Decimal("0.03"))


def test_a_fixed_amount_counts_up_to_the_obligation():
    fits = social_return_worth(contract_value=Decimal("100000"), obligation_pct=Decimal(5),
                               certified=True, rule=Rule(AMOUNT, Decimal("2000")))
    assert (fits.worth, fits.remaining, fits.reason) == (Decimal("2000.00"),
                                                          Decimal("3000.00"), COUNTED)
    capped = social_return_worth(contract_value=Decimal("10000"), obligation_pct=Decimal(5),
                                 certified=True, rule=Rule(AMOUNT, Decimal("2000")))
    assert (capped.worth, capped.remaining, capped.reason) == (Decimal("500.00"),
                                                                Decimal("0.00"), CAPPED)


@pytest.mark.parametrize(("value", "certified", "rule", "reason"), [
    (Decimal("10000"), False, Rule(AMOUNT, Decimal(1)), NO_CERTIFICATE),
    (Decimal("10000"), True, None, NO_RULE),
    (None, True, Rule(AMOUNT, Decimal(1)), NO_CONTRACT_VALUE),
])
def test_without_certificate_rule_or_contract_value_it_is_worth_nothing(value, certified, rule,
                                                                       reason):
    result = social_return_worth(contract_value=value, obligation_pct=Decimal(5),
                                 certified=certified, rule=rule)
    assert result.worth == 0 and result.reason == reason
    assert result.remaining == result.obligation


money = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)
percent = st.decimals(min_value=0, max_value=100, places=2)
rules = st.one_of(st.none(), st.builds(Rule, st.just(PERCENTAGE), percent),
                  st.builds(Rule, st.just(AMOUNT), money))


@given(value=money, pct=percent, certified=st.booleans(), rule=rules)
def test_the_worth_is_never_negative_never_above_the_obligation_and_adds_up(value, pct,
                                                                           certified, rule):
    result = social_return_worth(contract_value=value, obligation_pct=pct,
                                 certified=certified, rule=rule)
    assert Decimal(0) <= result.worth <= result.obligation
    assert result.remaining == result.obligation - result.worth
    assert result.remaining >= 0
    for amount in (result.obligation, result.worth, result.remaining):
        assert amount == amount.quantize(Decimal("0.01"))


# -- the rule page ---------------------------------------------------------------------------------


def _url(buyer, name, *args):
    return reverse(f"buyers:{name}", args=[buyer.organisation_id, *args])


@pytest.mark.django_db
def test_the_rule_page_says_it_is_the_buyers_own_policy_and_saves_the_rule(login, alice,
                                                                            buyer):
    client = login(alice)
    page = client.get(_url(buyer, "social_return_policy")).content.decode()
    assert "Dit is uw eigen beleid, geen regel van PSO." in page
    assert 'name="mode_trede_1"' in page and 'name="value_trede_3"' in page
    response = client.post(_url(buyer, "social_return_policy"), {
        "percentage": "6,5", "mode_trede_1": PERCENTAGE, "value_trede_1": "25",
        "mode_trede_3": AMOUNT, "value_trede_3": "2.500,00",
    })
    assert response.status_code == 302
    buyer.refresh_from_db()
    assert buyer.social_return_percentage == Decimal("6.5")
    rules = {r.level: (r.mode, r.value) for r in SocialReturnRule.objects.filter(buyer=buyer)}
    assert rules == {"trede_1": (PERCENTAGE, Decimal(25)), "trede_3": (AMOUNT, Decimal(2500))}
    assert AuditEvent.objects.filter(action="social_return_policy_save").count() == 1
    # Clearing a level removes its rule.
    client.post(_url(buyer, "social_return_policy"), {
        "percentage": "5", "mode_trede_3": AMOUNT, "value_trede_3": "2500"})
    assert set(SocialReturnRule.objects.filter(buyer=buyer).values_list("level", flat=True)) == {
        "trede_3"}


@pytest.mark.django_db
def test_the_rule_page_refuses_a_percentage_above_100_and_a_missing_value(login, alice, buyer):
    response = login(alice).post(_url(buyer, "social_return_policy"), {
        "percentage": "101", "mode_trede_1": PERCENTAGE, "value_trede_1": "150",
        "mode_trede_2": AMOUNT, "value_trede_2": "",
    })
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vul een getal in van ten hoogste 100" in page
    assert "Een percentage is ten hoogste 100." in page
    assert "Vul de waarde in, of kies “telt niet mee”." in page
    assert not SocialReturnRule.objects.exists()


# -- the calculator and the report -----------------------------------------------------------------


@pytest.fixture
def contract(buyer):
    today = timezone.localdate()
    certificate(name="Sociaal B.V.", kvks=["12121212"], level="trede_2",
                start=today - dt.timedelta(days=400), end=today + dt.timedelta(days=300),
                number="PSO-SR-1")
    certificate(name="Sociaal B.V.", kvks=["12121212"], level="trede_3", pso30plus=True,
                start=today - dt.timedelta(days=400), number="PSO-SR-30")
    SocialReturnRule.objects.create(buyer=buyer, level="trede_2", mode=PERCENTAGE,
                                    value=Decimal(50))
    return Supplier.objects.create(buyer=buyer, kvk="12121212", name="Sociaal B.V.",
                                   reference="=cmd|' /C calc'!A0",
                                   contract_value=Decimal("63000"))


@pytest.mark.django_db
def test_the_calculator_shows_obligation_worth_and_remainder_under_the_buyers_rule(
        login, bob, buyer, contract):
    response = login(bob).get(_url(buyer, "social_return", contract.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Deze berekening volgt uw eigen social-returnregel, geen regel van PSO." in page
    # 63.000 × 5 % = 3.150; trede 2 counts 50 %: 1.575 worth, 1.575 remaining.
    assert euro(Decimal("3150")) in page
    assert page.count(euro(Decimal("1575"))) == 2
    assert "PSO-SR-1" in page and "2.82" in page and "PSO-SR-30" in page


@pytest.mark.django_db
def test_the_contracts_own_percentage_comes_before_the_buyers(login, alice, buyer, contract):
    contract.social_return_percentage = Decimal(10)
    contract.save()
    page = login(alice).get(_url(buyer, "social_return", contract.pk)).content.decode()
    assert euro(Decimal("6300")) in page and "eigen percentage van dit contract" in page


@pytest.mark.django_db
def test_on_a_date_without_certificate_it_is_worth_nothing_and_says_why(login, alice, buyer,
                                                                        contract):
    before = timezone.localdate() - dt.timedelta(days=500)
    page = login(alice).get(_url(buyer, "social_return", contract.pk),
                            {"on": f"{before:%Y-%m-%d}"}).content.decode()
    assert "geen geldig PSO-certificaat" in page
    assert page.count(euro(Decimal("3150"))) == 2  # the obligation, all of it remaining


@pytest.mark.django_db
def test_a_level_without_rule_is_worth_nothing_and_points_to_the_rule(login, alice, buyer,
                                                                      contract):
    SocialReturnRule.objects.all().delete()
    page = login(alice).get(_url(buyer, "social_return", contract.pk)).content.decode()
    assert "Uw social-returnregel zegt niets over deze trede" in page


@pytest.mark.django_db
def test_the_pdf_report_has_the_title_kind_numbers_rule_and_verification_url(
        login, alice, buyer, contract):
    from psoportal.certification.certificates import verification_url
    from psoportal.certification.models import Certificate

    day = timezone.localdate() - dt.timedelta(days=10)
    response = login(alice).get(_url(buyer, "social_return_report", contract.pk, "pdf"),
                                {"on": f"{day:%Y-%m-%d}", "kind": "final"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Social-returnrapportage" in flat and "Eindrapportage" in flat
    assert f"{day:%d-%m-%Y}" in flat and "PSO-SR-1" in flat
    assert "1.575,00" in flat and "3.150,00" in flat
    assert "50 % van de verplichting" in flat.replace("\u00a0", " ")
    url = verification_url(Certificate.objects.get(number="PSO-SR-1"))
    assert url in flat.replace(" ", "")  # a long address may wrap in the PDF
    assert "geen regel van PSO-Nederland" in flat


@pytest.mark.django_db
def test_the_csv_report_neutralises_formulas_and_names_the_verification_page(
        login, alice, buyer, contract):
    from psoportal.certification.certificates import verification_url
    from psoportal.certification.models import Certificate

    response = login(alice).get(_url(buyer, "social_return_report", contract.pk, "csv"),
                                {"kind": "interim"})
    assert response.status_code == 200
    rows = dict(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows["Rapportage"] == "Tussentijdse rapportage"
    assert rows["Contractkenmerk"].startswith("'=")
    assert rows["Controlepagina"] == verification_url(Certificate.objects.get(number="PSO-SR-1"))
    assert rows["Waarde van het certificaat"] == euro(Decimal("1575"))


@pytest.mark.django_db
def test_a_bad_date_is_refused_in_dutch_and_an_unknown_format_is_404(login, alice, buyer,
                                                                     contract):
    client = login(alice)
    page = client.get(_url(buyer, "social_return", contract.pk), {"on": "31-02-2025"})
    assert page.status_code == 400
    assert "Vul een datum in als dd-mm-jjjj" in page.content.decode()
    redirected = client.get(_url(buyer, "social_return_report", contract.pk, "csv"),
                            {"on": "gisteren"})
    assert redirected.status_code == 302
    assert client.get(_url(buyer, "social_return_report", contract.pk, "doc")).status_code == 404


@pytest.mark.django_db
def test_an_outsider_gets_404_on_every_social_return_url(login, charlie, buyer, contract):
    client = login(charlie)
    for url in (_url(buyer, "social_return_policy"),
                _url(buyer, "social_return", contract.pk),
                _url(buyer, "social_return_report", contract.pk, "pdf"),
                _url(buyer, "social_return_report", contract.pk, "csv")):
        assert client.get(url).status_code == 404
    assert client.post(_url(buyer, "social_return_policy"), {"percentage": "9"}).status_code == 404
    buyer.refresh_from_db()
    assert buyer.social_return_percentage == 5


@pytest.mark.django_db
def test_another_buyers_supplier_is_404_in_ones_own_workspace(login, alice, charlie, buyer):
    from psoportal.buyers.services import buyer_activate
    from psoportal.organisations.models import Organisation

    theirs = buyer_activate(organisation=Organisation.objects.get(name="Ander Bedrijf B.V."),
                            by=charlie)
    foreign = Supplier.objects.create(buyer=theirs, kvk="34343434", name="Hun B.V.",
                                      contract_value=Decimal(1000))
    client = login(alice)
    assert client.get(_url(buyer, "social_return", foreign.pk)).status_code == 404
    assert client.get(_url(buyer, "social_return_report", foreign.pk, "pdf")).status_code == 404
