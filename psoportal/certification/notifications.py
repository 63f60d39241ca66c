"""Who is told what (issue 10 §10): one outbox row per recipient, written with the change.

The rows are written inside the caller's transaction, so a refused or rolled-back change leaves
no message; after the commit the worker sends each one (tasks.notification_send, outbox.py) in
the recipient's language. The same rows are the items of each party's overview
(templatetags/notifications.py). The context holds codes and names, not texts: the e-mail and
the overview put them into words in the language of whoever reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse

from psoportal.accounts.models import User
from psoportal.certification.models import Application, Notification, QuoteRequest
from psoportal.certification.tasks import notification_send
from psoportal.certification.transitions import Party
from psoportal.organisations.access import EDITING_ROLES
from psoportal.organisations.models import CertifyingInstitution

APPLICANT, INSTITUTION, PSO_NEDERLAND = Party.APPLICANT, Party.INSTITUTION, Party.PSO_NEDERLAND

# The parties told about each step of an application ("submit": the submission itself). The
# applicant hears of every step; the institution of what changes its assignment; PSO-Nederland
# of what asks something of its back office (a new application to invoice, a report to decide
# on, a payment to watch for, a withdrawal to settle).
CONCERNED: dict[str, frozenset[str]] = {
    "submit": frozenset({APPLICANT, INSTITUTION, PSO_NEDERLAND}),
    "plan_audit": frozenset({APPLICANT}),
    "file_report": frozenset({APPLICANT, PSO_NEDERLAND}),
    "award": frozenset({APPLICANT, PSO_NEDERLAND}),
    "payment_received": frozenset({APPLICANT, INSTITUTION}),
    "reject": frozenset({APPLICANT, INSTITUTION}),
    "withdraw": frozenset({APPLICANT, INSTITUTION, PSO_NEDERLAND}),
    "cancel": frozenset({APPLICANT, INSTITUTION}),
}

# The submitter's copy of a submission is the confirmation with the participation agreement.
SUBMITTED_TEMPLATE = "application-submitted"
CHANGED_TEMPLATE = "application-changed"


def notify(*, template: str, recipients: Iterable[tuple[User, str]], context: dict[str, Any],
           application: Application | None = None) -> list[Notification]:
    """One row per (user, party), each sent by the worker once the transaction commits.

    A user in two parties (a staff member who is also an applicant) gets one row, under the
    first party named. Accounts that cannot receive mail get none.
    """
    rows: list[Notification] = []
    seen: set[int] = set()
    for user, party in recipients:
        if user.pk in seen or not user.is_active or not user.email:
            continue
        seen.add(user.pk)
        rows.append(Notification.objects.create(
            recipient=user, application=application, template=template,
            context={**context, "party": str(party)}, language=user.language,
        ))
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return rows


def _enqueue(ids: list[int]) -> None:
    for pk in ids:
        notification_send.enqueue(pk)


def application_notify(application: Application, *, transition: str,
                       reason: str = "") -> list[Notification]:
    """The rows for one step of an application, to the parties CONCERNED with it."""
    parties = CONCERNED.get(transition, frozenset({APPLICANT}))
    context = {
        "organisation": application.organisation.name,
        "state": str(application.state),
        # A cancellation's ground is a code of the fee table, put into words when read.
        "reason": reason,
        "path": reverse("certification:application", args=[application.pk]),
    }
    recipients = [
        (user, party) for party in (APPLICANT, INSTITUTION, PSO_NEDERLAND) if party in parties
        for user in _party_users(application, party)
    ]
    if transition == "submit" and application.submitted_by is not None:
        submitter = application.submitted_by
        confirmation = notify(
            template=SUBMITTED_TEMPLATE, recipients=[(submitter, APPLICANT)],
            application=application,
            context={**context, "submitted_on": application.submitted_at.isoformat(),
                     "attachments": ["agreement"]},
        )
        recipients = [(user, party) for user, party in recipients if user.pk != submitter.pk]
        return confirmation + notify(template=CHANGED_TEMPLATE, recipients=recipients,
                                     application=application, context=context)
    return notify(template=CHANGED_TEMPLATE, recipients=recipients, application=application,
                  context=context)


def _party_users(application: Application, party: str) -> list[User]:
    if party == APPLICANT:
        return [m.user for m in application.organisation.memberships
                .filter(role__in=EDITING_ROLES).select_related("user").order_by("user_id")]
    if party == INSTITUTION:
        if application.accepted_quote_id is None:
            return []
        return _institution_users(application.accepted_quote.request.institution)
    return list(User.objects.filter(is_staff=True).order_by("pk"))


def _institution_users(institution: CertifyingInstitution) -> list[User]:
    return [m.user for m in institution.memberships.select_related("user").order_by("user_id")]


def quote_requested_notify(request: QuoteRequest) -> list[Notification]:
    """The institution is asked for a quote."""
    return notify(
        template="quote-requested",
        recipients=[(u, INSTITUTION) for u in _institution_users(request.institution)],
        context={"organisation": request.organisation.name,
                 "path": reverse("certification:institution_quote", args=[request.pk])},
    )


def quote_received_notify(request: QuoteRequest) -> list[Notification]:
    """The one who asked hears that the institution answered."""
    if request.requested_by is None:
        return []
    return notify(
        template="quote-received", recipients=[(request.requested_by, APPLICANT)],
        context={"institution": request.institution.name,
                 "path": reverse("certification:step6", args=[request.rekentool_id])},
    )
