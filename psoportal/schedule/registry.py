"""The scheduler's jobs: a list in running order, filled by jobs.py (issue 11 §4).

A job is a function of the run's date (`as_of`) that does what is due on that date and returns
how many effects it had. Each job is idempotent on its own (a claim per effect, see claims.py,
or the conditional updates of the app it wraps), so running the list every minute, twice, or
twice at once does everything once. Other apps' jobs are added with one line in jobs.py:

    job_register("invoices_issue", invoices_issue_job, before="outbox_retry")
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[dt.date], int]
    # One line for the command's help and output (English, like other command output).
    description: str = ""


JOBS: list[Job] = []


def job_register(name: str, run: Callable[[dt.date], int], *, description: str = "",
                 before: str | None = None) -> Job:
    """Add a job at the end, or just before the job named `before` (the outbox retry stays
    last, so it sends what the jobs before it wrote). A name is registered once."""
    if any(job.name == name for job in JOBS):
        raise ValueError(f"job {name!r} is registered already")
    job = Job(name, run, description)
    names = [j.name for j in JOBS]
    JOBS.insert(names.index(before) if before in names else len(JOBS), job)
    return job


def run_moment(as_of: dt.date) -> dt.datetime:
    """The moment that jobs working with times (inactivity, retention) take as "now".

    Today is now itself. Another day (--as-of) is the start of that day in the portal's time
    zone: a fixed moment, so two runs with the same --as-of do the same, and never later than
    any real run on that day would be."""
    if as_of == timezone.localdate():
        return timezone.now()
    start = dt.datetime.combine(as_of, dt.time.min)
    return start.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


@dataclass(frozen=True)
class Outcome:
    job: str
    count: int = 0
    error: str = ""


def schedule_run(as_of: dt.date, *, jobs: list[Job] | None = None) -> list[Outcome]:
    """Run every job for `as_of`, in order. A job that fails is reported and the others still
    run: an expiry notice must not wait for a broken retention clean-up."""
    outcomes = []
    for job in JOBS if jobs is None else jobs:
        try:
            outcomes.append(Outcome(job.name, job.run(as_of)))
        except Exception as exc:
            logger.exception("scheduled job %s failed", job.name)
            outcomes.append(Outcome(job.name, error=repr(exc)[:300]))
    return outcomes
