"""Rule book §9, cancellation: within 3 months and before the first audit day € 250 and the
contributions lapse (credit notes for what was invoiced); later, or after the award, both years
are due (the second year invoiced at once); PSO-Nederland's cancellation € 250; a new
application within a month after a cancellation gets € 125 credited on its first-year invoice."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.utils import timezone

from psoportal.billing.models import Invoice
from psoportal.billing.services import invoice_mark_paid, invoices_issue_due
from psoportal.certification.models import FeeEvent
from psoportal.certification.services import application_submit, application_transition
from psoportal.certification.transitions import Party, State
from tests.billing.support import codes, dates_of, owed
from tests.certification.awarding import awarded, submitted_on


def _withdraw(application, alice):
    return application_transition(application=application, name="withdraw", actor=alice,
                                  party=Party.APPLICANT)


def test_withdrawal_in_window_invoices_the_fee_and_credits_the_contributions(application,
                                                                            alice):
    today = timezone.localdate()
    submitted_on(application, today - dt.timedelta(days=20))
    [first] = invoices_issue_due(dates_of(application).first_invoice)
    _withdraw(application, alice)
    issued = invoices_issue_due(today)
    by_kind = {invoice.kind: invoice for invoice in issued}
    assert set(by_kind) == {Invoice.Kind.FEE, Invoice.Kind.CREDIT_NOTE}
    assert codes(by_kind[Invoice.Kind.FEE]) == {"withdrawal_in_window": Decimal("250.00")}
    assert by_kind[Invoice.Kind.CREDIT_NOTE].credits == first
    assert codes(by_kind[Invoice.Kind.CREDIT_NOTE]) == {"annual_contribution":
                                                        Decimal("-1575.00")}
    first.refresh_from_db()
    assert first.status == Invoice.Status.CREDITED
    # Nothing more, ever: the second year lapsed too.
    assert invoices_issue_due(dates_of(application).second_invoice) == []
    assert owed(application) == Decimal("250.00")


def test_withdrawal_in_window_before_the_first_invoice_invoices_only_the_fee(application,
                                                                            alice):
    _withdraw(application, alice)
    [fee] = invoices_issue_due(dates_of(application).second_invoice)
    assert fee.kind == Invoice.Kind.FEE and fee.subtotal == Decimal("250.00")
    assert FeeEvent.objects.get(application=application).invoiced_at is not None


def test_withdrawal_after_the_window_keeps_both_years_due_second_invoiced_at_once(
        application, alice):
    today = timezone.localdate()
    submitted_on(application, today - dt.timedelta(days=120))
    invoices_issue_due(dates_of(application).first_invoice)
    _withdraw(application, alice)
    [second] = invoices_issue_due(today)
    assert second.kind == Invoice.Kind.SECOND_YEAR and second.invoice_date == today
    assert owed(application) == Decimal("3150.00")
    # The zero-amount record that both years stay due is settled, not invoiced as a fee.
    event = FeeEvent.objects.get(application=application)
    assert event.code == "withdrawal_late_window" and event.invoiced_at is not None
    assert invoices_issue_due(dates_of(application).second_invoice) == []


def test_withdrawal_after_the_award_keeps_both_years_due(application, alice, bo):
    today = timezone.localdate()
    submitted_on(application, today - dt.timedelta(days=30))
    [first] = invoices_issue_due(dates_of(application).first_invoice)
    awarded(application, bo)
    invoice_mark_paid(first, first.total, today)
    _withdraw(application, alice)
    assert FeeEvent.objects.get(application=application).code == "withdrawal_late_award"
    [second] = invoices_issue_due(today)
    assert second.kind == Invoice.Kind.SECOND_YEAR
    assert owed(application) == Decimal("3150.00")


def test_cancellation_by_pso_nederland_invoices_the_fee_and_the_contributions_lapse(
        application, bo):
    today = timezone.localdate()
    submitted_on(application, today - dt.timedelta(days=20))
    invoices_issue_due(dates_of(application).first_invoice)
    application_transition(application=application, name="cancel", actor=bo,
                           party=Party.PSO_NEDERLAND, reason="cancel_personal_data")
    issued = invoices_issue_due(today)
    assert sorted((i.kind, i.subtotal) for i in issued) == [
        (Invoice.Kind.CREDIT_NOTE, Decimal("-1575.00")), (Invoice.Kind.FEE, Decimal("250.00"))]


def test_new_application_within_a_month_gets_the_half_credit_on_its_first_year_invoice(
        application, complete_rekentool, alice, bo):
    application_transition(application=application, name="cancel", actor=bo,
                           party=Party.PSO_NEDERLAND, reason="cancel_email_not_traceable")
    again = application_submit(rekentool=complete_rekentool, user=alice,
                               submission_key=uuid.uuid4().hex, authorised=True,
                               agreement_accepted=True)
    assert again.state == State.SUBMITTED
    issued = invoices_issue_due(dates_of(again).first_invoice)
    [first] = [i for i in issued if i.application == again]
    assert codes(first) == {"annual_contribution": Decimal("1575.00"),
                            "new_application_credit": Decimal("-125.00")}
    assert first.subtotal == Decimal("1450.00")
    credit = FeeEvent.objects.get(application=again, code="new_application_credit")
    assert credit.invoiced_at is not None
    assert first.lines.get(code="new_application_credit").fee_event == credit
