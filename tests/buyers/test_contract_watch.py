"""The contract watch (issue 13 item 3): which alerts a buyer gets about a supplier's
certificate, on which days, once each. Dates are passed as the run's day (`as_of`), as
`manage.py run_schedule --as-of` does; the scheduler itself is test_contract_watch_job.py."""

from __future__ import annotations

import datetime as dt

import pytest

from psoportal.buyers.models import ContractAlert, Supplier
from psoportal.buyers.services import buyer_activate
from psoportal.buyers.watch import (
    ALERT_OFFSETS_DAYS,
    LATE_ALERT_DAYS,
    alerts_due,
    offset_due,
)
from psoportal.certification.models import Certificate
from psoportal.schedule.contract_watch import contract_alerts_send
from tests.buyers import watch_fixtures
from tests.buyers.watch_fixtures import (
    CONTRACT_END,
    DAY,
    END,
    EVENT,
    KVK,
    START,
    alerts,
    days_before,
    run_daily,
)
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db
supplier, held = watch_fixtures.supplier, watch_fixtures.held

EXPIRES, BELOW = ContractAlert.Kind.EXPIRES_BEFORE_END, ContractAlert.Kind.BELOW_REQUIRED
SUPERSEDED, WITHDRAWN = ContractAlert.Kind.SUPERSEDED, ContractAlert.Kind.WITHDRAWN


def test_the_offsets_are_the_buyers_watch_of_90_30_and_0_days():
    assert ALERT_OFFSETS_DAYS == (90, 30, 0)
    assert offset_due(EVENT, days_before(91)) is None
    assert offset_due(EVENT, days_before(90)) == 90
    assert offset_due(EVENT, days_before(31)) == 90
    assert offset_due(EVENT, days_before(30)) == 30
    assert offset_due(EVENT, days_before(1)) == 30
    assert offset_due(EVENT, EVENT) == 0
    assert offset_due(EVENT, EVENT + LATE_ALERT_DAYS * DAY) == 0
    assert offset_due(EVENT, EVENT + (LATE_ALERT_DAYS + 1) * DAY) is None


def test_an_expiry_before_the_contract_end_is_told_at_90_30_and_0_days_and_on_no_other_day(
        held):
    written = run_daily(days_before(120), EVENT + 40 * DAY)
    assert written == [days_before(90), days_before(30), EVENT]
    assert alerts() == [(EXPIRES, 90, EVENT, held.number), (EXPIRES, 30, EVENT, held.number),
                        (EXPIRES, 0, EVENT, held.number)]


def test_each_alert_is_written_once_when_the_job_runs_twice_a_day_and_on_later_days(held):
    assert contract_alerts_send(days_before(90)) == 1
    assert contract_alerts_send(days_before(90)) == 0
    assert contract_alerts_send(days_before(89)) == 0
    assert contract_alerts_send(days_before(30)) == 1
    assert contract_alerts_send(days_before(30)) == 0
    assert contract_alerts_send(EVENT) == 1
    assert contract_alerts_send(EVENT) == 0
    assert contract_alerts_send(EVENT + 10 * DAY) == 0
    assert len(alerts()) == 3


def test_after_missed_offsets_only_the_latest_one_due_is_sent(held):
    # The scheduler was down from day -120 to day -10: one alert (30 days), not 90 and 30.
    assert contract_alerts_send(days_before(10)) == 1
    assert alerts() == [(EXPIRES, 30, EVENT, held.number)]
    assert run_daily(days_before(9), EVENT) == [EVENT]
    assert [offset for _kind, offset, *_rest in alerts()] == [30, 0]


def test_no_alert_while_a_successor_certificate_continues(held):
    certificate(name="Schoonmaak Noord B.V.", kvks=[KVK], level="trede_1", start=EVENT)
    assert run_daily(days_before(100), EVENT + 5 * DAY) == []
    assert alerts() == []


def test_a_successor_starting_after_a_gap_does_not_cover_the_day_after_the_end(held):
    certificate(name="Schoonmaak Noord B.V.", kvks=[KVK], level="trede_2",
                start=EVENT + 14 * DAY)
    assert contract_alerts_send(EVENT) == 1
    assert alerts() == [(EXPIRES, 0, EVENT, held.number)]


def test_no_alert_when_the_contract_ends_before_the_certificate(held, supplier):
    Supplier.objects.filter(pk=supplier.pk).update(contract_end=END)
    assert run_daily(days_before(100), EVENT + 5 * DAY) == []


def test_an_open_ended_contract_counts_as_ongoing(held, supplier):
    Supplier.objects.filter(pk=supplier.pk).update(contract_end=None)
    assert contract_alerts_send(days_before(90)) == 1


def test_a_contract_ending_on_the_first_day_without_certificate_is_told(held, supplier):
    Supplier.objects.filter(pk=supplier.pk).update(contract_end=EVENT)
    assert contract_alerts_send(EVENT) == 1


def test_a_withdrawal_is_told_once_on_its_day(held):
    revoked_on = dt.date(2026, 5, 12)
    Certificate.objects.filter(pk=held.pk).update(revoked_on=revoked_on)
    assert run_daily(revoked_on, revoked_on + 40 * DAY) == [revoked_on]
    assert alerts() == [(WITHDRAWN, 0, revoked_on, held.number)]


def test_a_withdrawal_dated_ahead_is_told_before_it_too(held):
    # Entered on 1 May, effective 1 June: known 31 days ahead, so the 90-day alert comes at
    # once (the latest offset due), then the 30-day one and the one on the day.
    revoked_on = dt.date(2026, 6, 1)
    Certificate.objects.filter(pk=held.pk).update(revoked_on=revoked_on)
    assert run_daily(dt.date(2026, 5, 1), revoked_on + 5 * DAY) == [
        dt.date(2026, 5, 1), revoked_on - 30 * DAY, revoked_on]
    assert [(kind, offset) for kind, offset, *_rest in alerts()] == [
        (WITHDRAWN, 90), (WITHDRAWN, 30), (WITHDRAWN, 0)]


def test_a_withdrawal_is_told_even_when_another_certificate_continues(held):
    certificate(name="Schoonmaak Noord B.V.", kvks=[KVK], level="trede_3", start=START)
    revoked_on = dt.date(2026, 5, 12)
    Certificate.objects.filter(pk=held.pk).update(revoked_on=revoked_on)
    assert contract_alerts_send(revoked_on) == 1
    assert alerts() == [(WITHDRAWN, 0, revoked_on, held.number)]


def test_a_supersession_is_told_once_naming_the_old_certificate(held):
    new_start = dt.date(2026, 9, 1)
    new = certificate(name="Schoonmaak Noord B.V.", kvks=[KVK], level="trede_2",
                      start=new_start)
    Certificate.objects.filter(pk=held.pk).update(lapsed_on=new_start, superseded_by=new)
    assert run_daily(new_start, new_start + 40 * DAY) == [new_start]
    assert alerts() == [(SUPERSEDED, 0, new_start, held.number)]
    # The old one's end date passes without an alert: it is no longer in force.
    assert run_daily(days_before(100), EVENT + 5 * DAY) == []


def test_a_supersession_by_a_lower_level_than_required_is_told_as_below(held, supplier):
    Supplier.objects.filter(pk=supplier.pk).update(required_level="trede_2")
    new_start = dt.date(2026, 9, 1)
    new = certificate(name="Schoonmaak Noord B.V.", kvks=[KVK], level="trede_1",
                      start=new_start)
    Certificate.objects.filter(pk=held.pk).update(lapsed_on=new_start, superseded_by=new)
    assert run_daily(new_start, new_start + 40 * DAY) == [new_start]
    assert alerts() == [(BELOW, 0, new_start, new.number)]
    assert ContractAlert.objects.get().level == "trede_1"


def test_an_expiry_leaving_only_a_lower_certificate_is_told_ahead_as_below(held, supplier):
    Supplier.objects.filter(pk=supplier.pk).update(required_level="trede_2")
    lower = certificate(name="Schoonmaak Noord B.V.", kvks=[KVK], level="trede_1",
                        start=START, end=dt.date(2027, 12, 31))
    assert run_daily(days_before(100), EVENT + 5 * DAY) == [
        days_before(90), days_before(30), EVENT]
    assert alerts() == [(BELOW, 90, EVENT, lower.number), (BELOW, 30, EVENT, lower.number),
                        (BELOW, 0, EVENT, lower.number)]


def test_a_lower_certificate_ending_beside_a_higher_one_is_no_alert(held):
    certificate(name="Schoonmaak Noord B.V.", kvks=[KVK], level="trede_1", start=START,
                end=dt.date(2026, 6, 30))
    assert run_daily(dt.date(2026, 3, 1), dt.date(2026, 7, 31)) == []


def test_a_pso30plus_certificate_is_not_watched(supplier):
    certificate(name="Schoonmaak Noord B.V.", kvks=[KVK], level="trede_3", pso30plus=True,
                start=START, end=END)
    assert run_daily(days_before(95), EVENT) == []


def test_an_event_long_past_is_history_not_an_alert(held):
    assert contract_alerts_send(EVENT + LATE_ALERT_DAYS * DAY + DAY) == 0
    assert contract_alerts_send(EVENT + LATE_ALERT_DAYS * DAY) == 1


def test_a_supplier_without_certificate_ending_nearby_is_not_even_looked_at(held,
        django_assert_max_num_queries):
    # Bounded work: three queries (suppliers, their certificates, the alerts written) at most,
    # whatever the number of suppliers.
    with django_assert_max_num_queries(3):
        assert alerts_due(days_before(120)) == []
    with django_assert_max_num_queries(3):
        assert len(alerts_due(days_before(90))) == 1


def test_each_buyer_of_the_same_supplier_gets_its_own_alert(held, supplier, charlie):
    other = buyer_activate(organisation=charlie.memberships.get().organisation, by=charlie)
    Supplier.objects.create(buyer=other, kvk=KVK, name="Schoonmaak Noord", contract_end=None)
    assert contract_alerts_send(days_before(90)) == 2
    assert sorted(ContractAlert.objects.values_list("supplier__buyer", flat=True)) == sorted(
        [supplier.buyer_id, other.pk])


def test_the_alerts_keep_what_was_told_after_the_contract_ends(held):
    run_daily(days_before(90), EVENT)
    assert contract_alerts_send(CONTRACT_END + DAY) == 0
    assert len(alerts()) == 3
