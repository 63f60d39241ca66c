"""Billing's jobs in `run_schedule` (issue 11 §4): the invoices due are issued once however often
it runs, and an open invoice gets one reminder the handbook's `payment_reminder_after_days`
after its due date, never before, never twice, never when paid."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from psoportal.billing.invoices import invoice_mark_paid
from psoportal.billing.models import Invoice
from psoportal.certification.models import Notification
from psoportal.methodology.handbook import handbook_for
from tests.schedule.conftest import run_schedule, settled

pytestmark = pytest.mark.django_db

ISSUED_ON = dt.date(2025, 9, 1)  # after the first-year invoice date of a 15 August submission


@pytest.fixture
def first_year(certificate, mail_immediately):
    run_schedule("--as-of", ISSUED_ON.isoformat())
    settled()
    return Invoice.objects.get(application=certificate.application, kind="first_year")


def _reminder_day(invoice):
    days = handbook_for(invoice.invoice_date).dates.payment_reminder_after_days
    return invoice.due_date + dt.timedelta(days=days)


def _reminders():
    return list(Notification.objects.filter(template="invoice-reminder")
                .values_list("recipient__email", flat=True).order_by("recipient__email"))


def test_the_invoices_due_are_issued_once_however_often_the_schedule_runs(certificate):
    run_schedule("--as-of", ISSUED_ON.isoformat())
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    run_schedule("--as-of", ISSUED_ON.isoformat())
    assert sorted(Invoice.objects.values_list("number", flat=True)) == numbers
    assert Invoice.objects.filter(kind="first_year").count() == 1


def test_issuing_runs_once_a_day_so_later_minutes_cost_nothing(certificate, monkeypatch):
    calls = []
    from psoportal.schedule import billing

    real = billing.invoices_issue_due
    monkeypatch.setattr(billing, "invoices_issue_due",
                        lambda as_of: calls.append(as_of) or real(as_of))
    run_schedule("--as-of", ISSUED_ON.isoformat())
    run_schedule("--as-of", ISSUED_ON.isoformat())
    run_schedule("--as-of", (ISSUED_ON + dt.timedelta(days=1)).isoformat())
    assert calls == [ISSUED_ON, ISSUED_ON + dt.timedelta(days=1)]


def test_an_open_invoice_gets_one_reminder_on_its_reminder_day(first_year, alice, bob):
    run_schedule("--as-of", (_reminder_day(first_year) - dt.timedelta(days=1)).isoformat())
    assert _reminders() == []
    run_schedule("--as-of", _reminder_day(first_year).isoformat())
    run_schedule("--as-of", _reminder_day(first_year).isoformat())
    assert _reminders() == sorted([alice.email, bob.email])
    subjects = {m.subject for m in mail.outbox if first_year.number in m.subject}
    assert subjects == {f"Herinnering: factuur {first_year.number} van PSO-Nederland is nog "
                        "niet betaald"}


def test_a_paid_invoice_gets_no_reminder(first_year):
    invoice_mark_paid(first_year, first_year.total, ISSUED_ON)
    run_schedule("--as-of", _reminder_day(first_year).isoformat())
    assert _reminders() == []


def test_the_reminder_names_what_is_still_open(first_year):
    invoice_mark_paid(first_year, Decimal("100.00"), ISSUED_ON)
    run_schedule("--as-of", _reminder_day(first_year).isoformat())
    body = next(m.body for m in mail.outbox if first_year.number in m.subject)
    first_year.refresh_from_db()
    assert f"Er staat nog €\xa0{first_year.outstanding:,.2f}".replace(",", "X").replace(
        ".", ",").replace("X", ".") in body
