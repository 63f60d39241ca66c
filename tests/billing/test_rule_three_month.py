"""Rule book §9, three-month rule: a new application in the three months before the end of the
first participation year means no second-year contribution for the running certification; in
the second year a new application gives no refund."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from psoportal.billing.models import Invoice
from psoportal.billing.services import invoices_issue_due
from tests.billing.support import another_application, owed
from tests.certification.awarding import submitted_on

# Submitted 15-08-2025: certificate from 01-09-2025, first year ends 31-08-2026, the window
# runs 01-06-2026 – 31-08-2026, the second-year invoice is due on 15-08-2026.
SUBMITTED = dt.date(2025, 8, 15)
SECOND_INVOICE = dt.date(2026, 8, 15)


def _second_year(application):
    return Invoice.objects.filter(application=application, contribution_year=2)


def test_three_month_rule_new_application_in_the_window_means_no_second_year_invoice(
        application):
    submitted_on(application, SUBMITTED)
    invoices_issue_due(dt.date(2025, 8, 29))
    another_application(application, dt.date(2026, 6, 1))  # first day of the window
    invoices_issue_due(SECOND_INVOICE)
    assert not _second_year(application).exists()


def test_three_month_rule_new_application_after_the_second_invoice_credits_it(application):
    submitted_on(application, SUBMITTED)
    invoices_issue_due(dt.date(2025, 8, 29))
    [second] = [i for i in invoices_issue_due(SECOND_INVOICE) if i.application == application]
    another_application(application, dt.date(2026, 8, 31))  # last day of the window
    issued = [i for i in invoices_issue_due(dt.date(2026, 8, 31))
              if i.application == application]
    assert [(i.kind, i.credits, i.subtotal) for i in issued] == [
        (Invoice.Kind.CREDIT_NOTE, second, Decimal("-1575.00"))]
    assert owed(application, 2) == 0


def test_three_month_rule_new_application_before_the_window_keeps_the_second_year(application):
    submitted_on(application, SUBMITTED)
    another_application(application, dt.date(2026, 5, 31))
    invoices_issue_due(SECOND_INVOICE)
    assert _second_year(application).count() == 1


def test_three_month_rule_in_the_second_year_no_refund(application):
    submitted_on(application, SUBMITTED)
    invoices_issue_due(SECOND_INVOICE)
    another_application(application, dt.date(2026, 9, 1))  # the second year has begun
    assert [i for i in invoices_issue_due(dt.date(2026, 9, 1))
            if i.application == application] == []
    assert owed(application, 2) == Decimal("1575.00")
