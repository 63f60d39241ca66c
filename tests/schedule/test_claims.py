"""Exactly once (issue 11 §4): claim → outbox row → done is one transaction. A crash between
the claim and the send leaves nothing, so the next run sends it; a failure is kept on the claim
and retried once the claim is stale; a lost send is the outbox's retry. Never twice."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from psoportal.certification.models import Notification
from psoportal.schedule import claims, expiry
from psoportal.schedule.claims import CLAIM_STALE_AFTER, MAX_ATTEMPTS, effect_once
from psoportal.schedule.expiry import expiry_notices_send
from psoportal.schedule.models import ScheduledEffect
from tests.schedule.conftest import NOTICE_DAY, run_schedule

pytestmark = pytest.mark.django_db


class Crash(BaseException):
    """The process stopping (killed, power cut): not an error the run can catch."""


def _notices():
    return Notification.objects.filter(template=expiry.TEMPLATE)


def _notify_then(monkeypatch, exc):
    real = expiry.notify

    def notify_then_fail(**kwargs):
        real(**kwargs)  # the outbox rows are written ...
        raise exc       # ... and then the run dies before it marks the effect done

    monkeypatch.setattr(expiry, "notify", notify_then_fail)


def test_a_crash_between_claim_and_send_leaves_nothing_and_the_next_run_sends_once(
    certificate, alice, bob, monkeypatch
):
    _notify_then(monkeypatch, Crash())
    with pytest.raises(Crash):
        expiry_notices_send(NOTICE_DAY)
    assert not ScheduledEffect.objects.exists()
    assert not _notices().exists()
    monkeypatch.undo()
    run_schedule("--as-of", NOTICE_DAY.isoformat())
    run_schedule("--as-of", NOTICE_DAY.isoformat())
    assert _notices().count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, bob.email]


def test_a_failure_is_kept_on_the_claim_and_retried_once_the_claim_is_stale(
    certificate, monkeypatch
):
    _notify_then(monkeypatch, RuntimeError("SMTP down"))
    assert expiry_notices_send(NOTICE_DAY) == 0
    claim = ScheduledEffect.objects.get()
    assert (claim.attempts, claim.done_at) == (1, None)
    assert "SMTP down" in claim.last_error
    assert not _notices().exists()  # the failed attempt's rows went with its rollback
    monkeypatch.undo()
    # Within the back-off nothing is tried again ...
    assert expiry_notices_send(NOTICE_DAY) == 0
    # ... after it the effect is done once.
    ScheduledEffect.objects.update(claimed_at=timezone.now() - CLAIM_STALE_AFTER
                                   - dt.timedelta(seconds=1))
    assert expiry_notices_send(NOTICE_DAY) == 1
    assert expiry_notices_send(NOTICE_DAY) == 0
    claim.refresh_from_db()
    assert (claim.attempts, claim.last_error) == (2, "")
    assert claim.done_at is not None
    assert _notices().count() == 2


def test_an_effect_that_keeps_failing_gives_up_after_max_attempts(db):
    calls = []

    def broken():
        calls.append(1)
        raise ValueError("broken")

    for _ in range(MAX_ATTEMPTS + 2):
        effect_once("test", "thing:1", broken)
        ScheduledEffect.objects.update(claimed_at=timezone.now() - CLAIM_STALE_AFTER * 2)
    assert len(calls) == MAX_ATTEMPTS
    assert ScheduledEffect.objects.get().attempts == MAX_ATTEMPTS


def test_a_live_claim_of_another_runner_is_not_taken_over(db):
    # A claim committed moments ago and not done: another runner is at work on it.
    ScheduledEffect.objects.create(job="test", key="thing:1", claimed_at=timezone.now())
    assert effect_once("test", "thing:1", lambda: None) is False
    ScheduledEffect.objects.update(claimed_at=timezone.now() - CLAIM_STALE_AFTER * 2)
    assert effect_once("test", "thing:1", lambda: None) is True


def test_a_send_lost_after_the_commit_is_sent_by_the_outbox_retry_once(certificate, alice,
                                                                      bob):
    # The effect committed, but its queued tasks never ran (here: the test's transaction never
    # commits, so the on-commit enqueue never fires; in life a worker lost them).
    assert expiry_notices_send(NOTICE_DAY) == 1
    assert mail.outbox == []
    assert _notices().filter(sent_at__isnull=True).count() == 2
    run_schedule("--as-of", NOTICE_DAY.isoformat())
    run_schedule("--as-of", NOTICE_DAY.isoformat())
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, bob.email]
    assert _notices().count() == 2


def test_claims_only_keys_not_done(db):
    effect_once("test", "a", lambda: None)
    assert claims.keys_done("test", ["a", "b"]) == {"a"}
