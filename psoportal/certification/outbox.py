"""Sending the outbox: render a Notification in its language and mail it, once.

Each row is sent by the task queued when its transaction committed (tasks.notification_send);
`manage.py send_outbox` sends what that left unsent (a failure, a lost task). Sending is
idempotent: a row is claimed under a row lock and skipped once `sent_at` is set, so a task that
runs twice, or beside the command, sends one e-mail. Failures are counted and kept on the row.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from psoportal.certification.agreement import agreement_attachment
from psoportal.certification.models import Application, Notification
from psoportal.certification.transitions import State
from psoportal.core.lib.mail import Attachment, send_templated
from psoportal.methodology.handbook import handbook_get

logger = logging.getLogger(__name__)

# After this many failed attempts a row is left for a person to look at (admin/last_error).
MAX_ATTEMPTS = 5
ERROR_MAX_LENGTH = 300

# What a row's context may ask to attach, rendered from its application when sent.
ATTACHMENTS: dict[str, Callable[[Application], Attachment]] = {
    "agreement": agreement_attachment,
}


def notification_deliver(notification_id: int) -> bool:
    """Send one row unless it was sent already (or another worker is sending it); True when
    sent now. A failure is recorded on the row, never raised: the worker carries on."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
            .first()
        )
        if notification is None:
            return False
        try:
            _send(notification)
        except Exception as exc:  # any failure (template, PDF, SMTP) is kept on the row
            logger.warning("notification %s not sent: %r", notification.pk, exc)
            Notification.objects.filter(pk=notification.pk).update(
                attempts=F("attempts") + 1, last_error=repr(exc)[:ERROR_MAX_LENGTH]
            )
            return False
        Notification.objects.filter(pk=notification.pk).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
        )
        return True


def outbox_send_unsent(*, limit: int = 200) -> int:
    """Send rows the worker left unsent, oldest first; how many went out."""
    ids = list(
        Notification.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(notification_deliver(pk) for pk in ids)


def _send(notification: Notification) -> None:
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        raise ValueError("recipient cannot receive mail")
    with translation.override(notification.language):
        context = message_context(notification)
        attachments = [
            ATTACHMENTS[name](notification.application)
            for name in notification.context.get("attachments", ())
        ]
    send_templated(notification.template, recipient.email, context,
                   language=notification.language, attachments=attachments)


def message_context(notification: Notification) -> dict[str, Any]:
    """The row's context put into words in the active language: the state's name, the ground
    of a cancellation, dates as dates."""
    context = dict(notification.context)
    recipient = notification.recipient
    context.update(user=recipient, recipient=recipient.full_name)
    if context.get("state"):
        context["state"] = str(State(context["state"]).label)
    if context.get("reason") and notification.application_id:
        context["reason"] = _reason_text(notification.application, context["reason"])
    if context.get("submitted_on"):
        context["submitted_on"] = dt.datetime.fromisoformat(context["submitted_on"])
    return context


def _reason_text(application: Application, reason: str) -> str:
    """A cancellation ground is a code of the fee table of the application's handbook (rule
    book §9); any other reason is the text its author wrote."""
    table = handbook_get(application.handbook_version).fee_table_for(
        timezone.localdate(application.submitted_at)
    )
    event = table.events.get(reason) if table else None
    if event is None:
        return reason
    return event.label_en if translation.get_language() == "en" else event.label_nl


def notification_summary(notification: Notification) -> str:
    """One line for the overview, in the viewer's (active) language: the e-mail's subject.

    Subjects are rendered without autoescaping (they are plain text). Joining the words gives a
    plain str, not the template's SafeString, so the overview escapes it like any other value
    (an organisation may be named "<script>")."""
    subject = render_to_string(f"emails/{notification.template}-subject.txt",
                               message_context(notification))
    return " ".join(subject.split())
