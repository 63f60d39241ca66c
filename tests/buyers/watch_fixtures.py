"""Shared set-up of the contract watch tests: Voorbeeld B.V.'s buyer workspace with one
supplier, Schoonmaak Noord B.V. (KvK 11112222), contracted until 31-12-2028 at Trede 1 or
higher, whose Trede 2 certificate runs 1-1-2025 to 31-12-2026: the first day without it is
1-1-2027 (EVENT)."""

from __future__ import annotations

import datetime as dt

import pytest

from psoportal.buyers.models import ContractAlert, Supplier
from psoportal.schedule.contract_watch import contract_alerts_send
from tests.register.factories import certificate

DAY = dt.timedelta(days=1)
KVK = "11112222"
START = dt.date(2025, 1, 1)
END = dt.date(2026, 12, 31)
EVENT = END + DAY
CONTRACT_END = dt.date(2028, 12, 31)


def days_before(days: int) -> dt.date:
    return EVENT - dt.timedelta(days=days)


@pytest.fixture
def supplier(buyer):
    return Supplier.objects.create(buyer=buyer, kvk=KVK, name="Schoonmaak Noord B.V.",
                                   reference="C-2025-17", contract_start=dt.date(2025, 3, 1),
                                   contract_end=CONTRACT_END, required_level="trede_1")


@pytest.fixture
def held(supplier):
    """The supplier's certificate: Trede 2, ending 31-12-2026."""
    return certificate(name="Schoonmaak Noord B.V.", kvks=[KVK], level="trede_2", start=START,
                       end=END)


def alerts():
    return list(ContractAlert.objects.order_by("event_on", "-offset_days", "id")
                .values_list("kind", "offset_days", "event_on", "certificate_number"))


def run_daily(first: dt.date, last: dt.date) -> list[dt.date]:
    """Run the job every day from first to last; the days it wrote something."""
    written = []
    day = first
    while day <= last:
        if contract_alerts_send(day):
            written.append(day)
        day += DAY
    return written
