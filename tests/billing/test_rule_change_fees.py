"""Rule book §9, changes after submission: each fee event (change of CI € 100, partial name
change € 100, full name change € 250) becomes a fee invoice once, and the event is marked
invoiced."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from psoportal.billing.models import Invoice
from psoportal.billing.services import invoices_issue_due
from psoportal.certification.changes import Kind, application_change_name
from psoportal.certification.fees import fee_event_record
from tests.billing.support import codes, dates_of, owed
from tests.certification.awarding import report_filed, submitted_on


def test_change_fees_partial_name_change_is_invoiced_as_a_fee(application, alice):
    report_filed(application)
    change = application_change_name(application=application, kind=Kind.PARTIAL_NAME,
                                     new_name="Voorbeeld BV", actor=alice)
    today = timezone.localdate()
    [fee] = [i for i in invoices_issue_due(today) if i.kind == Invoice.Kind.FEE]
    assert codes(fee) == {"partial_name_change": Decimal("100.00")}
    assert fee.lines.get().description == change.fee_event.label
    assert fee.lines.get().fee_event == change.fee_event
    change.fee_event.refresh_from_db()
    assert change.fee_event.invoiced_at is not None
    assert [i for i in invoices_issue_due(today) if i.kind == Invoice.Kind.FEE] == []


def test_change_fees_change_of_ci_is_invoiced_as_a_fee(application, alice):
    fee_event_record(application=application, code=Kind.CHANGE_OF_CI,
                     on=timezone.localdate(), actor=alice)
    [fee] = invoices_issue_due(timezone.localdate())
    assert (fee.kind, fee.subtotal, fee.total) == (Invoice.Kind.FEE, Decimal("100.00"),
                                                   Decimal("121.00"))


def test_change_fees_full_name_change_is_invoiced_and_ends_the_contributions(application,
                                                                            alice):
    today = timezone.localdate()
    submitted_on(application, today - dt.timedelta(days=20))
    invoices_issue_due(dates_of(application).first_invoice)
    report_filed(application)
    application_change_name(application=application, kind=Kind.FULL_NAME,
                            new_name="Nieuwe Naam B.V.", actor=alice)
    issued = invoices_issue_due(today)
    assert sorted((i.kind, i.subtotal) for i in issued) == [
        (Invoice.Kind.CREDIT_NOTE, Decimal("-1575.00")), (Invoice.Kind.FEE, Decimal("250.00"))]
    assert owed(application) == Decimal("250.00")


def test_change_fees_are_invoiced_only_from_the_day_they_occur(application, alice):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    fee_event_record(application=application, code=Kind.CHANGE_OF_CI, on=tomorrow, actor=alice)
    assert invoices_issue_due(timezone.localdate()) == []
    assert len(invoices_issue_due(tomorrow)) == 1
