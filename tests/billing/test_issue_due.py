"""invoices_issue_due(as_of), the scheduler's entry point: everything due on or before as_of,
each claimed by its unique key, so a second run or two runs at once issue nothing twice."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from psoportal.billing.models import Invoice
from psoportal.billing.services import invoices_issue_due
from psoportal.certification.fees import fee_event_record
from tests.billing.support import audit_corrects_fte, dates_of


def _everything_due(application, alice):
    """A fee, both years and a correction all due on the day of the second invoice."""
    fee_event_record(application=application, code="change_of_ci", on=timezone.localdate(),
                     actor=alice)
    audit_corrects_fte(application, "120")
    return dates_of(application).second_invoice


def test_running_twice_issues_nothing_new(application, alice):
    as_of = _everything_due(application, alice)
    first_run = invoices_issue_due(as_of)
    assert sorted(i.kind for i in first_run) == ["fee", "first_year", "second_year"]
    assert invoices_issue_due(as_of) == []
    assert Invoice.objects.count() == 3


def test_issues_nothing_before_it_is_due(application):
    assert invoices_issue_due(timezone.localdate()) == []


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_issue_each_invoice_once_with_gapless_numbers(application, alice):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the sequential test covers the path")
    as_of = _everything_due(application, alice)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            invoices_issue_due(as_of)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    invoices = Invoice.objects.order_by("number")
    assert sorted(i.kind for i in invoices) == ["fee", "first_year", "second_year"]
    year = as_of.year
    assert [i.number for i in invoices] == [f"{year}-{n:05d}" for n in (1, 2, 3)]
    assert sum(i.subtotal for i in invoices) == Decimal("100") + 2 * Decimal("2362.50")
