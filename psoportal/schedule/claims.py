"""Exactly once: claim → effect → done in one transaction (issue 11 §4).

`effect_once(job, key, write)` runs `write` only for the caller that claims (job, key):

- the claim is an INSERT under the unique (job, key). On PostgreSQL a second runner's insert of
  the same key waits for the first transaction and then fails, so two copies at once do the
  effect once; the loser finds the row done and moves on;
- `write` puts the effect's own rows in the same transaction (an outbox Notification, an
  invoice) and the row is marked done with them. A crash anywhere before the commit rolls back
  claim and effect together: the next run claims again and does it once. After the commit the
  e-mail is the outbox's job (certification/outbox.py), which never sends a row twice and
  retries what was not sent (the scheduler's "outbox_retry" job);
- an ordinary failure in `write` rolls back its rows and is recorded on the claim (attempts,
  last error). The claim then counts as held until it is CLAIM_STALE_AFTER old: a broken effect
  is retried every few minutes, not every minute, and gives up after MAX_ATTEMPTS (left in the
  admin for a person). A committed claim without `done_at` is re-claimed by compare-and-set
  on the same staleness, whatever left it there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from psoportal.schedule.models import ScheduledEffect

logger = logging.getLogger(__name__)

CLAIM_STALE_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 5
ERROR_MAX_LENGTH = 300


def effect_once(job: str, key: str, write: Callable[[], object]) -> bool:
    """Do `write` once for (job, key), ever; True when this call did it. An exception of
    `write` is recorded and swallowed (the run goes on with the next effect); a crash
    (BaseException: the process stopping) propagates and leaves nothing behind."""
    try:
        with transaction.atomic():
            if not _claim(job, key):
                return False
            write()
            ScheduledEffect.objects.filter(job=job, key=key).update(
                done_at=timezone.now(), last_error="")
            return True
    except Exception as exc:
        logger.warning("scheduled effect %s %s failed: %r", job, key, exc)
        _failure_record(job, key, exc)
        return False


def _claim(job: str, key: str) -> bool:
    now = timezone.now()
    try:
        # A savepoint: on PostgreSQL the transaction is unusable after a failed insert otherwise.
        with transaction.atomic():
            ScheduledEffect.objects.create(job=job, key=key, claimed_at=now, attempts=1)
        return True
    except IntegrityError:
        pass
    # The row exists: done, held by a live claim, or left unfinished. Only the last may be taken
    # over, and only by one runner (the conditional UPDATE locks and re-reads the row).
    return bool(
        ScheduledEffect.objects.filter(job=job, key=key, done_at__isnull=True,
                                       attempts__lt=MAX_ATTEMPTS)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_STALE_AFTER))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )


def _failure_record(job: str, key: str, exc: Exception) -> None:
    """Keep the failure on the claim, in its own transaction (the effect's was rolled back).
    A row finished meanwhile by another runner is left alone."""
    error = repr(exc)[:ERROR_MAX_LENGTH]
    now = timezone.now()
    try:
        with transaction.atomic():
            ScheduledEffect.objects.create(job=job, key=key, claimed_at=now, attempts=1,
                                           last_error=error)
    except IntegrityError:
        ScheduledEffect.objects.filter(job=job, key=key, done_at__isnull=True).update(
            claimed_at=now, attempts=F("attempts") + 1, last_error=error)


def keys_done(job: str, keys: list[str]) -> set[str]:
    """Which of `keys` are done already: lets a job skip them without a claim attempt each
    minute (the claim alone would be enough, this only keeps the runs light)."""
    return set(ScheduledEffect.objects.filter(job=job, key__in=keys, done_at__isnull=False)
               .values_list("key", flat=True))
