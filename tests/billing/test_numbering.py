"""Invoice numbers run without gaps per year ("2026-00001"), also when two issuers run at once
(PostgreSQL, two threads) and when an issue is rolled back."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from psoportal.billing.invoices import AlreadyIssued, Line, invoice_issue
from psoportal.billing.models import Invoice


def _issue(organisation, period, on=dt.date(2026, 3, 1), application=None):
    return invoice_issue(organisation=organisation, application=application,
                         kind=Invoice.Kind.FEE, period=period, on=on,
                         lines=[Line("change_of_ci", "Wijziging", Decimal("100"))])


def test_numbers_count_up_per_year_and_start_again_in_a_new_year(organisation):
    numbers = [_issue(organisation, f"p{n}").number for n in range(3)]
    assert numbers == ["2026-00001", "2026-00002", "2026-00003"]
    assert _issue(organisation, "next", on=dt.date(2027, 1, 1)).number == "2027-00001"
    assert _issue(organisation, "late", on=dt.date(2026, 12, 31)).number == "2026-00004"


def test_a_rolled_back_issue_gives_its_number_back(organisation):
    _issue(organisation, "a")
    with pytest.raises(RuntimeError), transaction.atomic():
        _issue(organisation, "b")
        raise RuntimeError("the issuing transaction fails after numbering")
    assert _issue(organisation, "c").number == "2026-00002"


def test_the_claim_key_refuses_the_same_invoice_twice_and_keeps_the_number(application):
    _issue(application.organisation, "1", application=application)
    with pytest.raises(AlreadyIssued):
        _issue(application.organisation, "1", application=application)
    assert _issue(application.organisation, "2", application=application).number == "2026-00002"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_issuers_never_skip_or_duplicate_a_number(organisation):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the sequential tests cover the path")
    barrier = threading.Barrier(2)
    errors = []

    def issue_many(worker):
        try:
            barrier.wait()
            for n in range(15):
                _issue(organisation, f"{worker}-{n}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue_many, args=(w,)) for w in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"2026-{n:05d}" for n in range(1, 31)]
