"""`manage.py run_schedule [--as-of YYYY-MM-DD]` (issue 11 §4): every job once per run, and a
second run with the same date leaves the same messages, e-mails and claims as one run."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import CommandError

from psoportal.accounts import erasure
from psoportal.certification.models import Notification
from psoportal.schedule import registry
from psoportal.schedule.models import ScheduledEffect
from psoportal.schedule.registry import Job, run_moment
from tests.schedule.conftest import NOTICE_DAY, run_schedule, settled

pytestmark = pytest.mark.django_db

SCHEDULED = {"audit-report-overdue", "certificate-expiry-notice"}


@pytest.fixture
def everything_due(certificate, overdue, charlie, mail_immediately):
    """On NOTICE_DAY: an expiry notice, an overdue report (due before today, so before
    NOTICE_DAY too) and Charlie 29 days from erasure for inactivity."""
    charlie.last_login = run_moment(NOTICE_DAY) - erasure.INACTIVE_AFTER + dt.timedelta(days=29)
    charlie.save()
    settled()


def _state():
    return (
        sorted((n.template, n.recipient_id, n.sent_at is None)
               for n in Notification.objects.all()),
        sorted((m.to[0], m.subject) for m in mail.outbox),
        sorted((e.job, e.key, e.done_at is None) for e in ScheduledEffect.objects.all()),
    )


def test_two_runs_with_the_same_date_leave_what_one_run_leaves(everything_due, alice, bob,
                                                               charlie, auditor, bo):
    out = run_schedule("--as-of", NOTICE_DAY.isoformat())
    once = _state()
    run_schedule("--as-of", NOTICE_DAY.isoformat())
    assert _state() == once
    notifications, mails, effects = once
    assert [(t, unsent) for t, _r, unsent in notifications if t in SCHEDULED] == [
        ("audit-report-overdue", False)] * 2 + [("certificate-expiry-notice", False)] * 2
    assert sorted(to for to, _subject in mails) == sorted(
        [alice.email, bob.email, auditor.email, bo.email, charlie.email])
    assert [(job, unfinished) for job, _key, unfinished in effects] == [
        ("expiry_notice", False), ("invoices_issue_day", False), ("overdue_report", False)]
    assert "expiry_notices: 1" in out and "overdue_reports: 1" in out
    assert "inactivity: 1" in out


def test_without_as_of_it_runs_for_today(overdue):
    out = run_schedule()
    assert "overdue_reports: 1" in out


@pytest.mark.parametrize("value", ["2026-02-30", "01-03-2026", "morgen", ""])
def test_a_date_that_is_not_yyyy_mm_dd_is_refused_with_the_format_and_nothing_done(
    overdue, value
):
    with pytest.raises(CommandError) as refused:
        run_schedule("--as-of", value)
    assert str(refused.value) == (
        f"--as-of: {value!r} is not a date; give it as YYYY-MM-DD, e.g. 2026-03-01")
    assert not ScheduledEffect.objects.exists()


def test_a_failing_job_is_reported_and_the_others_still_run(overdue, monkeypatch):
    def broken(as_of):
        raise RuntimeError("disk full")

    jobs = [Job("broken", broken), *registry.JOBS]
    monkeypatch.setattr(registry, "JOBS", jobs)
    with pytest.raises(CommandError, match="failed jobs \\(the others ran\\): broken"):
        run_schedule()
    assert ScheduledEffect.objects.filter(job="overdue_report", done_at__isnull=False).exists()
