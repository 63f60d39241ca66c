"""Overdue audit reports (issue 10 §5, issue 11 §4): when a report is past its due date
(handbook `audit.report_due_days` after the last audit day) the certifying institution's
members and PSO-Nederland's staff are told once, through the outbox.

Once per audit and due date: an audit whose days are moved gets a new due date, and if that
one passes too it is overdue again, which is news worth one more message.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.urls import reverse

from psoportal.accounts.models import User
from psoportal.certification.audits import overdue_audits
from psoportal.certification.models import Audit
from psoportal.certification.notifications import notify
from psoportal.certification.transitions import Party
from psoportal.schedule.claims import effect_once, keys_done

JOB = "overdue_report"
TEMPLATE = "audit-report-overdue"


def _key(audit: Audit) -> str:
    return f"audit:{audit.pk}:{audit.report_due.isoformat()}"


def _notify(audit: Audit) -> None:
    application = audit.application
    context = {
        "organisation": application.organisation.name,
        "report_due": audit.report_due.strftime("%d-%m-%Y"),
    }
    quote = application.accepted_quote
    institution = quote.request.institution if quote else None
    if institution is not None:
        notify(template=TEMPLATE, application=application,
               recipients=[(m.user, Party.INSTITUTION) for m in
                           institution.memberships.select_related("user").order_by("user_id")],
               context={**context, "institution": institution.name,
                        "path": reverse("certification:audit", args=[application.pk])})
    # notify() skips nobody across calls: a staff member who also works for the institution
    # (not a real case) would get both messages, each with the page of that role.
    notify(template=TEMPLATE, application=application,
           recipients=[(u, Party.PSO_NEDERLAND)
                       for u in User.objects.filter(is_staff=True).order_by("pk")],
           context={**context, "institution": institution.name if institution else "",
                    "path": reverse("certification:application", args=[application.pk])})


def overdue_reports_flag(as_of: dt.date) -> int:
    """The job: one message round per overdue audit; how many audits were flagged now."""
    audits = list(overdue_audits(as_of))
    done = keys_done(JOB, [_key(a) for a in audits])
    return sum(effect_once(JOB, _key(a), partial(_notify, a))
               for a in audits if _key(a) not in done)
