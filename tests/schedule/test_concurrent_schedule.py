"""Two copies of the scheduler at once (issue 11 §4), on PostgreSQL where they really run side
by side: each effect is claimed by one of them, so every message is written and mailed once."""

import threading

import pytest
from django.core import mail
from django.db import connection

from psoportal.certification.models import Notification
from psoportal.schedule import jobs  # noqa: F401 (registers the jobs)
from psoportal.schedule.models import ScheduledEffect
from psoportal.schedule.registry import schedule_run
from tests.schedule.conftest import NOTICE_DAY


@pytest.mark.django_db(transaction=True)
def test_two_copies_at_once_send_every_expiry_notice_and_overdue_flag_once(
    certificate, overdue, alice, bob, auditor, bo
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; test_run_schedule covers the path")
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            outcomes = schedule_run(NOTICE_DAY)
            errors.extend(o.error for o in outcomes if o.error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    scheduled = Notification.objects.filter(
        template__in=["certificate-expiry-notice", "audit-report-overdue"])
    assert sorted(scheduled.values_list("template", "recipient__email")) == sorted([
        ("certificate-expiry-notice", alice.email), ("certificate-expiry-notice", bob.email),
        ("audit-report-overdue", auditor.email), ("audit-report-overdue", bo.email)])
    assert scheduled.filter(sent_at__isnull=True).count() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [alice.email, bob.email, auditor.email, bo.email])
    assert sorted(ScheduledEffect.objects.filter(done_at__isnull=False)
                  .values_list("job", flat=True)) == [
        "expiry_notice", "invoices_issue_day", "overdue_report"]
