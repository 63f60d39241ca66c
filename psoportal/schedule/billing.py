"""Billing's clock-driven work (issue 11 §4): issuing the invoices that are due, and one payment
reminder per invoice the handbook's `payment_reminder_after_days` after its due date.

Issuing is idempotent by itself (each invoice is claimed by its unique key in billing); it runs
once per day under a claim of that day, so a minute's run costs nothing once it is done. A
reminder is claimed per invoice: the outbox row is written inside the claim, and the e-mail is
the outbox's task, which never sends a row twice.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.urls import reverse

from psoportal.billing.models import Invoice
from psoportal.billing.services import invoices_issue_due
from psoportal.certification.notifications import notify
from psoportal.certification.transitions import Party
from psoportal.core.templatetags.pso_format import euro
from psoportal.methodology.handbook import handbook_for, handbook_list
from psoportal.organisations.access import EDITING_ROLES
from psoportal.schedule.claims import effect_once, keys_done

JOB = "payment_reminder"
TEMPLATE = "invoice-reminder"


ISSUE_JOB = "invoices_issue_day"


def invoices_issue(as_of: dt.date) -> int:
    """Once per day: invoices are dated by the day, and settling every application of the last
    years is too much work to repeat each minute. The day's claim makes the next minutes' runs
    skip it; a failed run is retried by the claim's own rules."""
    issued: list = []
    effect_once(ISSUE_JOB, as_of.isoformat(), lambda: issued.extend(invoices_issue_due(as_of)))
    return len(issued)


def _key(invoice: Invoice) -> str:
    return f"invoice:{invoice.pk}"


def reminder_due(invoice: Invoice, as_of: dt.date) -> bool:
    """Still open with something to pay, and the reminder day of its handbook reached."""
    days = handbook_for(invoice.invoice_date).dates.payment_reminder_after_days
    return (invoice.status == Invoice.Status.OPEN and invoice.outstanding > 0
            and invoice.due_date + dt.timedelta(days=days) <= as_of)


def invoices_due_reminder(as_of: dt.date) -> list[Invoice]:
    # The query narrows down with the shortest reminder period of any handbook; the rule
    # itself is reminder_due.
    shortest = min(h.dates.payment_reminder_after_days for h in handbook_list())
    candidates = list(
        Invoice.objects.filter(status=Invoice.Status.OPEN, total__gt=0,
                               due_date__lte=as_of - dt.timedelta(days=shortest))
        .select_related("organisation").order_by("due_date", "pk")
    )
    done = keys_done(JOB, [_key(i) for i in candidates])
    return [i for i in candidates if _key(i) not in done and reminder_due(i, as_of)]


def _notify(invoice: Invoice) -> None:
    members = (invoice.organisation.memberships.filter(role__in=EDITING_ROLES)
               .select_related("user").order_by("user_id"))
    notify(
        template=TEMPLATE, application=invoice.application,
        recipients=[(m.user, Party.APPLICANT) for m in members],
        context={
            "organisation": invoice.organisation_name, "number": invoice.number,
            # Dutch formats in both languages, as every e-mail shows them; the context is JSON.
            "amount": euro(invoice.outstanding), "due_date": invoice.due_date.strftime("%d-%m-%Y"),
            "path": reverse("billing:invoice_pdf", args=[invoice.pk]),
        },
    )


def payment_reminders_send(as_of: dt.date) -> int:
    """The job: one reminder per open invoice past its reminder day; how many were written."""
    return sum(effect_once(JOB, _key(i), partial(_notify, i))
               for i in invoices_due_reminder(as_of))
