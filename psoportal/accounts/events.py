"""Writing the security log. Services call security_event_record inside their transaction."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from psoportal.accounts.models import SecurityEvent, User
from psoportal.core.lib.client_ip import client_ip, user_agent

# Keys that must never reach the log, whatever a caller passes in details.
_FORBIDDEN = {"password", "password1", "password2", "code", "token", "otp", "recovery_code",
              "session", "session_key", "seed", "secret"}


def security_event_record(
    *,
    event_type: str,
    request: HttpRequest | None = None,
    actor: User | None = None,
    subject: User | None = None,
    organisation=None,
    details: dict[str, Any] | None = None,
) -> SecurityEvent:
    clean = {k: v for k, v in (details or {}).items() if k.lower() not in _FORBIDDEN}
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return SecurityEvent.objects.create(
        event_type=event_type,
        actor=actor if actor is not None and actor.pk else None,
        subject=subject if subject is not None and subject.pk else None,
        organisation=organisation,
        ip=client_ip(request) if request is not None else None,
        user_agent=user_agent(request) if request is not None else "",
        details=clean,
    )
