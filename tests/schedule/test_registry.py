"""The registry of jobs: the order they run in, one line to add one (billing's), and the
moment a run for a date stands for."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from psoportal.schedule import registry
from psoportal.schedule.jobs import outbox_retry  # noqa: F401 (registers the jobs)
from psoportal.schedule.registry import job_register, run_moment


@pytest.fixture
def jobs(monkeypatch):
    copy = list(registry.JOBS)
    monkeypatch.setattr(registry, "JOBS", copy)
    return copy


def test_the_jobs_of_today_run_in_order_with_the_outbox_retry_last():
    assert [job.name for job in registry.JOBS] == [
        "handbook_migrations", "expiry_notices", "overdue_reports", "inactivity",
        "unverified_registrations", "retention", "invoices_issue", "payment_reminders",
        "newsletter_unconfirmed", "newsletter_resume", "periodic_assessments",
        "contract_alerts", "outbox_retry"]


def test_a_job_added_before_the_outbox_retry_runs_before_it(jobs):
    job_register("a_new_job", lambda as_of: 0, before="outbox_retry")
    assert [job.name for job in jobs][-2:] == ["a_new_job", "outbox_retry"]


def test_a_job_name_is_registered_once(jobs):
    with pytest.raises(ValueError, match="registered already"):
        job_register("retention", lambda as_of: 0)


def test_a_failing_job_does_not_stop_the_next(jobs):
    def broken(as_of):
        raise RuntimeError("no")

    outcomes = registry.schedule_run(dt.date(2026, 3, 1), jobs=[
        registry.Job("broken", broken), registry.Job("fine", lambda as_of: 3)])
    assert [(o.job, o.count, bool(o.error)) for o in outcomes] == [
        ("broken", 0, True), ("fine", 3, False)]


def test_a_run_for_today_is_now_and_for_another_day_the_start_of_it_in_amsterdam():
    with time_machine.travel(dt.datetime(2026, 3, 1, 14, 30, tzinfo=ZoneInfo("UTC")),
                             tick=False):
        assert run_moment(timezone.localdate()) == timezone.now()
        assert run_moment(dt.date(2026, 6, 1)) == dt.datetime(
            2026, 6, 1, tzinfo=ZoneInfo("Europe/Amsterdam"))
