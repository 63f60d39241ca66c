"""The certified organisation's side of step 3D purchases (issue 12 item 4, rule book §6): it
declares its turnover in step 6, its certificate carries that turnover and the awarded weighted
target-group fte, buyers convert their purchases from it with them, and its overview says how
many organisations do so (never which).

Alice (Voorbeeld B.V., KvK 12345678) is certified; Charlie (Ander Bedrijf B.V.) buys from her.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
from psoportal.assessments.selectors import rekentool_evaluate
from psoportal.certification.audits import audit_correct
from psoportal.certification.models import Application, Certificate
from psoportal.certification.transitions import Party
from psoportal.methodology.dates import add_months
from psoportal.organisations.models import Organisation
from tests.assessments.test_register_purchases import give_certificate
from tests.certification.awarding import certified, report_filed, submitted_on
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ALICE_KVK = "12345678"
TURNOVER = Decimal("1250000")


def _certified(submit, tool, bo, *, turnover=TURNOVER, audited_fte=None) -> Application:
    """Submitted two months ago with its turnover, the audit report filed (with the auditor's
    corrected D, if any), awarded and paid: the certificates are issued by the service."""
    application = submitted_on(submit(tool, turnover=turnover),
                               add_months(timezone.localdate(), -2))
    if audited_fte is not None:
        report_filed(application, audited_result={**application.result,
                                                  "direct_fte": audited_fte})
    return certified(application, bo)


def _level_certificate(application: Application) -> Certificate:
    return application.certificates.get(kind=Certificate.Kind.LEVEL)


# -- step 6: the turnover ---------------------------------------------------------------------


def _submit_url(tool) -> str:
    return reverse("certification:submit", args=[tool.pk])


def test_step_6_asks_for_the_turnover_and_says_who_sees_it(login, alice, complete_rekentool):
    content = login(alice).get(reverse("certification:step6",
                                       args=[complete_rekentool.pk])).content.decode()
    assert "Omzet van uw organisatie in het peiljaar (excl. btw)" in content
    assert ("alleen PSO-Nederland en de certificerende instelling zien dit bedrag, afnemers "
            "nooit") in content


def test_submitting_without_the_turnover_is_refused(login, alice, complete_rekentool):
    response = login(alice).post(_submit_url(complete_rekentool), {
        "submission_key": "abc", "authorised": "on", "agreement_accepted": "on"})
    assert response.status_code == 400
    assert "Vul de omzet van uw organisatie in het peiljaar in." in response.content.decode()
    assert not Application.objects.exists()


def test_the_declared_turnover_is_kept_with_the_application(login, alice, complete_rekentool):
    response = login(alice).post(_submit_url(complete_rekentool), {
        "submission_key": "abc", "authorised": "on", "agreement_accepted": "on",
        "turnover": "€ 1.250.000,00"})
    assert response.status_code == 302
    assert Application.objects.get().turnover == TURNOVER


# -- the certificate carries the figures ------------------------------------------------------


def test_the_level_certificate_carries_the_turnover_and_the_awarded_weighted_fte(
    submit, complete_rekentool, bo
):
    application = _certified(submit, complete_rekentool, bo)
    certificate = _level_certificate(application)
    # Rule book §12 example 1: D = 2.6 weighted target-group fte.
    assert (certificate.supplier_turnover, certificate.supplier_weighted_fte) == (
        TURNOVER, Decimal("2.6"))


def test_after_the_auditors_corrections_the_certificate_carries_the_audited_fte(
    submit, complete_rekentool, bo
):
    application = _certified(submit, complete_rekentool, bo, audited_fte="2.1000")
    assert _level_certificate(application).supplier_weighted_fte == Decimal("2.1")


def test_a_certificate_without_a_declared_turnover_carries_no_figures(
    submit, complete_rekentool, bo
):
    certificate = _level_certificate(_certified(submit, complete_rekentool, bo, turnover=None))
    assert certificate.supplier_turnover is None and certificate.supplier_weighted_fte is None


# -- a buyer converts its purchase with them ----------------------------------------------------


def _buyer_rekentool(organisation: Organisation, peiljaar_start: dt.date) -> Rekentool:
    tool = Rekentool.objects.create(organisation=organisation, name="Inkoop bij Voorbeeld",
                                    peiljaar_start=peiljaar_start, total_fte=Decimal("50"))
    TargetGroupEmployee.objects.create(
        rekentool=tool, ref="D-001", category="wia", contract="regular",
        hours_per_week=Decimal("40"), employed_from=dt.date(2018, 1, 1),
        inflow_date=dt.date(2018, 1, 1))
    return tool


def _buys_from_alice(tool: Rekentool, amount: str = "125000") -> Purchase:
    return Purchase.objects.create(rekentool=tool, supplier="Voorbeeld B.V.", kvk=ALICE_KVK,
                                   kind="pso_certified", amount=Decimal(amount),
                                   from_register=True)


def test_a_buyer_converts_its_purchase_with_the_figures_of_the_issued_certificate(
    submit, complete_rekentool, bo, charlie
):
    certificate = _level_certificate(_certified(submit, complete_rekentool, bo))
    buyer = _buyer_rekentool(charlie.memberships.get().organisation,
                             certificate.start.replace(month=1, day=1))
    _buys_from_alice(buyer, "125000")
    result = rekentool_evaluate(buyer).result
    # I = 125,000 / 1,250,000 × 2.6 = 0.26
    assert result["indirect_fte"] == "0.2600"


def test_the_overview_counts_the_organisations_that_use_the_figures_never_which(
    login, alice, submit, complete_rekentool, bo, charlie
):
    certificate = _level_certificate(_certified(submit, complete_rekentool, bo))
    peiljaar = certificate.start.replace(month=1, day=1)
    ander = charlie.memberships.get().organisation
    derde = OrganisationFactory(name="Derde Inkoper B.V.")
    for organisation in (ander, ander, derde):  # Ander Bedrijf with two rekentools: once
        _buys_from_alice(_buyer_rekentool(organisation, peiljaar))
    # Alice's own rekentool and a purchase entered by hand are no use of her figures.
    _buys_from_alice(_buyer_rekentool(complete_rekentool.organisation, peiljaar))
    Purchase.objects.create(rekentool=_buyer_rekentool(OrganisationFactory(), peiljaar),
                            supplier="Voorbeeld B.V.", kvk=ALICE_KVK, kind="pso_certified",
                            amount=Decimal("1000"), supplier_turnover=Decimal("2000000"),
                            supplier_weighted_fte=Decimal("3"))
    content = login(alice).get(reverse("mijnpso:dashboard")).content.decode()
    assert ("2 organisaties gebruiken uw PSO-gegevens in hun rekentool voor inkoop bij u."
            in content)
    assert "Ander Bedrijf" not in content and "Derde Inkoper" not in content


def test_the_overview_says_nothing_of_buyers_when_the_certificate_has_no_figures(
    login, alice, submit, complete_rekentool, bo
):
    _certified(submit, complete_rekentool, bo, turnover=None)
    content = login(alice).get(reverse("mijnpso:dashboard")).content.decode()
    assert "Certificaat" in content
    assert "uw PSO-gegevens" not in content


# -- the frozen application and the audit --------------------------------------------------------


def test_an_application_freezes_a_register_purchase_without_figures_and_the_audit_rescores_it(
    submit, complete_rekentool, planned, auditor
):
    """The snapshot holds what the export holds; the auditor's recomputation fills the
    supplier's figures from the register, as the rekentool's own scoring did."""
    application = planned.application
    assert application.document["purchases"] == []
    Application.objects.filter(pk=application.pk).update(document={
        **application.document,
        "purchases": [{"supplier": "Groen Werkt B.V.", "kvk": "11223344",
                       "kind": "pso_certified", "amount": "100000"}],
    })
    planned.application.refresh_from_db()
    give_certificate(start=dt.date(2023, 6, 1), end=dt.date(2025, 5, 31))
    audit_correct(audit=planned, party=Party.INSTITUTION, user=auditor,
                  changes={"workforce.total_fte": "60"}, note="Personeelsadministratie.")
    planned.refresh_from_db()
    assert "supplier_turnover" not in planned.audited_document["purchases"][0]
    assert planned.audited_result["indirect_fte"] != "0.0000"


def test_the_submitted_document_of_a_rekentool_with_a_register_purchase_has_no_figures(
    submit, complete_rekentool
):
    give_certificate(start=dt.date(2023, 6, 1), end=dt.date(2025, 5, 31))
    Purchase.objects.create(rekentool=complete_rekentool, supplier="Groen Werkt B.V.",
                            kvk="11223344", kind="pso_certified", amount=Decimal("100000"),
                            from_register=True)
    application = submit(complete_rekentool, turnover=TURNOVER)
    assert application.document["purchases"] == [{
        "supplier": "Groen Werkt B.V.", "kvk": "11223344", "kind": "pso_certified",
        "amount": "100000"}]
    assert application.result["indirect_fte"] != "0.0000"
