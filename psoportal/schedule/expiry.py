"""Expiry notices (rule book §9): the handbook's `expiry_notice_months` before a certificate
ends, its organisation's editing members are told, once per certificate, through the outbox.

The notice date is the one the application's own handbook gives (certificate_dates: (end + 1)
minus the notice months), never a number of ours. A certificate no longer in force on the run's
date (lapsed, revoked, expired) gets no notice: there is nothing left to renew.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.urls import reverse

from psoportal.certification.certificates import certificate_dates, certificate_status
from psoportal.certification.models import Certificate
from psoportal.certification.notifications import notify
from psoportal.certification.transitions import Party
from psoportal.methodology.dates import add_months
from psoportal.methodology.handbook import handbook_list
from psoportal.organisations.access import EDITING_ROLES
from psoportal.schedule.claims import effect_once, keys_done

JOB = "expiry_notice"
TEMPLATE = "certificate-expiry-notice"


def _key(certificate: Certificate) -> str:
    return f"certificate:{certificate.pk}"


def expiry_notice_due(certificate: Certificate, as_of: dt.date) -> bool:
    """In force on `as_of` and its notice date reached."""
    notice = certificate_dates(certificate.application).expiry_notice
    return notice <= as_of and certificate_status(certificate, on=as_of).in_force


def certificates_due_notice(as_of: dt.date) -> list[Certificate]:
    """Certificates whose notice is due and not yet sent. The query only narrows down (ending
    within the longest notice period of any handbook, plus a month for the calendar's
    clamping); the rule itself is expiry_notice_due."""
    longest = max(h.dates.expiry_notice_months for h in handbook_list())
    candidates = list(
        # A certificate taken over from the old register has no account here to notify.
        Certificate.objects.filter(revoked_on__isnull=True, lapsed_on__isnull=True,
                                   application__isnull=False,
                                   end__gte=as_of, end__lte=add_months(as_of, longest + 1))
        .select_related("application__organisation").order_by("end", "pk")
    )
    done = keys_done(JOB, [_key(c) for c in candidates])
    return [c for c in candidates
            if _key(c) not in done and expiry_notice_due(c, as_of)]


def _notify(certificate: Certificate) -> None:
    organisation = certificate.application.organisation
    members = (organisation.memberships.filter(role__in=EDITING_ROLES)
               .select_related("user").order_by("user_id"))
    notify(
        template=TEMPLATE,
        recipients=[(m.user, Party.APPLICANT) for m in members],
        application=certificate.application,
        context={
            "organisation": certificate.organisation_name,
            "number": certificate.number,
            "kind": certificate.kind,
            # d-m-Y in both languages (as every e-mail shows dates); the context is JSON.
            "expires_on": certificate.end.strftime("%d-%m-%Y"),
            "path": reverse("certification:application", args=[certificate.application_id]),
        },
    )


def expiry_notices_send(as_of: dt.date) -> int:
    """The job: one notice per certificate whose notice date has come; how many were written."""
    return sum(effect_once(JOB, _key(c), partial(_notify, c))
               for c in certificates_due_notice(as_of))
