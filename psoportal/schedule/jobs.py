"""Every job of `manage.py run_schedule`, in running order (issue 11 §4).

Each is a function of the run's date returning how many effects it had. The ones written here
claim each effect (claims.effect_once); the accounts and organisations jobs keep the
idempotency they already had (a conditional UPDATE per warning and erasure, a row lock per
purge, deletes by age), so they are wrapped as they are. The outbox retry stays last: it sends
what the jobs before it wrote when a queued task was lost.

Billing's jobs (schedule/billing.py) issue the invoices due and send one reminder per open
invoice after its due date, claimed per invoice with the outbox row written inside the claim.
"""

from __future__ import annotations

import datetime as dt

from psoportal.accounts.erasure import inactivity_run
from psoportal.accounts.events import security_events_expired_delete
from psoportal.accounts.ratelimit import buckets_expired_delete
from psoportal.certification.outbox import outbox_send_unsent
from psoportal.news.mailing import news_mailings_resume
from psoportal.news.services import news_unconfirmed_purge
from psoportal.organisations.unverified import unverified_purge
from psoportal.register.register_import import register_dry_runs_expired_delete
from psoportal.schedule.billing import invoices_issue, payment_reminders_send
from psoportal.schedule.contract_watch import contract_alerts_send
from psoportal.schedule.expiry import expiry_notices_send
from psoportal.schedule.handbook_migration import handbook_migrations
from psoportal.schedule.overdue import overdue_reports_flag
from psoportal.schedule.periodic_assessments import periodic_assessments_record
from psoportal.schedule.registry import job_register, run_moment


def inactivity(as_of: dt.date) -> int:
    """Warnings 30 and 7 days before two years without login, then the erasure (rule book §2);
    each warning and erasure is claimed on the user row, so a rerun sends nothing again."""
    return sum(inactivity_run(now=run_moment(as_of)).values())


def unverified_registrations(as_of: dt.date) -> int:
    return unverified_purge(now=run_moment(as_of))


def retention(as_of: dt.date) -> int:
    """The retention clean-up: rate-limit buckets full again, security events past their
    retention (docs/accounts.md), register-import dry runs nobody applied (they hold the
    file with its confidential figures). Deleting by age is idempotent by nature."""
    now = run_moment(as_of)
    return (buckets_expired_delete(now=now) + security_events_expired_delete(now=now)
            + register_dry_runs_expired_delete(now=now))


def newsletter_unconfirmed(as_of: dt.date) -> int:
    """Newsletter sign-ups nobody confirmed within the confirmation link's lifetime."""
    return news_unconfirmed_purge(now=run_moment(as_of))


def newsletter_resume(as_of: dt.date) -> int:
    """Re-queue a newsletter mailing whose task was lost (it sent nothing for a while); each
    recipient is claimed before the send, so resuming never mails anyone twice."""
    return news_mailings_resume(now=run_moment(as_of))


def outbox_retry(as_of: dt.date) -> int:
    """Send outbox rows the worker left unsent; each row is sent once (a row lock and
    `sent_at`), at most the outbox's MAX_ATTEMPTS times in all."""
    return outbox_send_unsent()


job_register("expiry_notices", expiry_notices_send,
             description="notify certificates reaching their expiry notice date")
job_register("overdue_reports", overdue_reports_flag,
             description="flag audit reports past their due date")
job_register("inactivity", inactivity, description="warn and erase inactive accounts")
job_register("unverified_registrations", unverified_registrations,
             description="delete registrations never confirmed")
job_register("retention", retention,
             description="delete expired rate-limit buckets, old security events and "
             "unapplied register-import dry runs")
job_register("invoices_issue", invoices_issue,
             description="issue the invoices due (rule book §9)")
job_register("payment_reminders", payment_reminders_send,
             description="remind open invoices after their due date")
job_register("newsletter_unconfirmed", newsletter_unconfirmed,
             description="delete newsletter sign-ups never confirmed")
job_register("newsletter_resume", newsletter_resume,
             description="resume newsletter mailings whose task was lost")
job_register("periodic_assessments", periodic_assessments_record,
             description="record the periodic supplier assessments of buyers")
job_register("outbox_retry", outbox_retry, description="send notifications left unsent")
# First of the day: drafts move to a new handbook version before any job scores them.
job_register("handbook_migrations", handbook_migrations, before="expiry_notices",
             description="move drafts to a handbook version taking effect (rule book §10)")
job_register("contract_alerts", contract_alerts_send, before="outbox_retry",
             description="tell buyers of their suppliers' certificates ending within a contract")
