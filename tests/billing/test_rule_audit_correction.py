"""Rule book §9: if the audit changes the fte band, a correction invoice or a credit note for the
difference with what was invoiced follows (the issued invoice itself never changes)."""

from __future__ import annotations

from decimal import Decimal

from psoportal.billing.models import Invoice
from psoportal.billing.services import invoices_issue_due
from tests.billing.support import audit_corrects_fte, codes, dates_of, owed


def test_audit_raising_the_band_issues_a_correction_invoice_for_the_difference(application):
    first_day = dates_of(application).first_invoice
    [first] = invoices_issue_due(first_day)
    audit_corrects_fte(application, "120")  # 100 ≤ fte < 250: € 2.362,50
    [correction] = invoices_issue_due(first_day)
    assert correction.kind == Invoice.Kind.CORRECTION
    assert correction.credits == first
    assert codes(correction) == {"annual_contribution": Decimal("787.50")}
    assert correction.total == Decimal("952.88")  # 787,50 + 21 % VAT, rounded to the cent
    first.refresh_from_db()
    assert first.subtotal == Decimal("1575.00")  # untouched
    assert invoices_issue_due(first_day) == []


def test_audit_lowering_the_band_issues_a_credit_note_for_the_difference(application):
    first_day = dates_of(application).first_invoice
    [first] = invoices_issue_due(first_day)
    audit_corrects_fte(application, "30")  # 25 ≤ fte < 50: € 997,50
    [credit] = invoices_issue_due(first_day)
    assert credit.kind == Invoice.Kind.CREDIT_NOTE and credit.credits == first
    assert codes(credit) == {"annual_contribution": Decimal("-577.50")}
    assert credit.total == Decimal("-698.78")
    assert owed(application, 1) == Decimal("997.50")


def test_audit_within_the_band_changes_nothing(application):
    first_day = dates_of(application).first_invoice
    invoices_issue_due(first_day)
    audit_corrects_fte(application, "99.99")
    assert invoices_issue_due(first_day) == []


def test_second_year_invoice_after_a_correction_uses_the_audited_band(application):
    dates = dates_of(application)
    invoices_issue_due(dates.first_invoice)
    audit_corrects_fte(application, "30")
    invoices_issue_due(dates.first_invoice)
    [second] = invoices_issue_due(dates.second_invoice)
    assert codes(second) == {"annual_contribution": Decimal("997.50")}


def test_award_without_pso30plus_credits_the_fee_invoiced_when_applied_for(application):
    from psoportal.certification.models import Application

    result = {**application.result, "pso30plus": {"pct": "31.00", "eligible": True}}
    Application.objects.filter(pk=application.pk).update(result=result)
    first_day = dates_of(application).first_invoice
    invoices_issue_due(first_day)
    Application.objects.filter(pk=application.pk).update(awarded_level="trede_2",
                                                         awarded_pso30plus=False)
    [credit] = invoices_issue_due(first_day)
    assert codes(credit) == {"pso30plus": Decimal("-150.00")}
