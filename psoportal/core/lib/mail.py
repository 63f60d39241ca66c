"""Templated e-mail: templates/emails/<name>-subject.txt, -body-text.txt and -body-html.html."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

# (filename, content, mimetype), as EmailMessage.attach takes them.
Attachment = tuple[str, bytes, str]


def send_templated(name: str, to: str, context: dict | None = None, *, language: str = "nl",
                   attachments: Iterable[Attachment] = (),
                   headers: dict[str, str] | None = None) -> None:
    """Render and send in `language`: Dutch unless the caller knows the recipient's choice
    (the outbox does: psoportal.certification.notifications). `headers` are extra header
    lines, such as a newsletter's List-Unsubscribe."""
    ctx = {"site_url": settings.SITE_URL, **(context or {})}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", ctx).split())
        text = render_to_string(f"emails/{name}-body-text.txt", ctx)
        html = render_to_string(f"emails/{name}-body-html.html", ctx)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to],
                                     headers=dict(headers or {}))
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def send_on_commit(name: str, to: str, context: dict | None = None) -> None:
    """Send after the surrounding transaction commits, so a rollback sends nothing."""
    transaction.on_commit(lambda: send_templated(name, to, context))
