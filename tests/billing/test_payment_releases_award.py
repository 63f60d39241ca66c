"""Paying the first-year invoice releases the award waiting for it (§9: paying the first year
is a condition for the award): invoice_mark_paid takes "payment_received" in its transaction;
a payment before the award is released by the next run of invoices_issue_due."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from psoportal.billing.invoices import PaymentRefused
from psoportal.billing.models import Invoice
from psoportal.billing.services import invoice_mark_paid, invoices_issue_due
from psoportal.certification.models import ApplicationEvent, Certificate
from psoportal.certification.transitions import State
from tests.billing.support import dates_of
from tests.certification.awarding import awarded


@pytest.fixture
def first_invoice(application):
    [invoice] = invoices_issue_due(dates_of(application).first_invoice)
    return invoice


def test_paying_the_first_year_invoice_releases_the_award(application, first_invoice, bo):
    awarded(application, bo)
    invoice = invoice_mark_paid(first_invoice, first_invoice.total, timezone.localdate(),
                                actor=bo)
    assert invoice.status == Invoice.Status.PAID and invoice.paid_on == timezone.localdate()
    application.refresh_from_db()
    assert application.state == State.AWARDED
    event = application.events.get(transition="payment_received")
    assert (event.party, event.actor) == ("pso_nederland", bo)
    assert Certificate.objects.filter(application=application).exists()


def test_a_partial_payment_keeps_the_invoice_open_and_the_award_waiting(application,
                                                                       first_invoice, bo):
    awarded(application, bo)
    invoice = invoice_mark_paid(first_invoice, Decimal("1000"), timezone.localdate())
    assert invoice.status == Invoice.Status.OPEN and invoice.outstanding == Decimal("905.75")
    application.refresh_from_db()
    assert application.state == State.AWAITING_PAYMENT
    invoice = invoice_mark_paid(first_invoice, Decimal("905.75"), timezone.localdate())
    application.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and application.state == State.AWARDED


def test_paid_before_the_award_is_released_by_the_next_run(application, first_invoice, bo):
    invoice_mark_paid(first_invoice, first_invoice.total, timezone.localdate())
    awarded(application, bo)
    assert application.state == State.AWAITING_PAYMENT
    invoices_issue_due(timezone.localdate())
    application.refresh_from_db()
    assert application.state == State.AWARDED
    invoices_issue_due(timezone.localdate())
    assert ApplicationEvent.objects.filter(application=application,
                                           transition="payment_received").count() == 1


def test_a_failing_release_leaves_the_payment_unrecorded(application, first_invoice, bo):
    awarded(application, bo)
    failing = mock.Mock(side_effect=RuntimeError("the certificate could not be made"))
    with mock.patch.dict("psoportal.certification.effects.EFFECTS",
                         {"payment_received": [failing]}), pytest.raises(RuntimeError):
        invoice_mark_paid(first_invoice, first_invoice.total, timezone.localdate())
    first_invoice.refresh_from_db()
    assert first_invoice.status == Invoice.Status.OPEN and first_invoice.paid_amount == 0


def test_paying_a_second_year_invoice_does_not_release_anything(application, bo):
    invoices_issue_due(dates_of(application).second_invoice)
    awarded(application, bo)
    second = Invoice.objects.get(kind=Invoice.Kind.SECOND_YEAR)
    invoice_mark_paid(second, second.total, timezone.localdate())
    application.refresh_from_db()
    assert application.state == State.AWAITING_PAYMENT


def test_a_credit_note_or_a_zero_payment_is_refused(first_invoice):
    with pytest.raises(PaymentRefused):
        invoice_mark_paid(first_invoice, Decimal("0"), timezone.localdate())
