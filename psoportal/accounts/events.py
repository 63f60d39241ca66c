"""Writing the security log. Services call security_event_record inside their transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from psoportal.accounts.models import SecurityEvent, User
from psoportal.core.lib.client_ip import client_ip, user_agent

# One year: long enough to investigate an incident reported at the next yearly audit of the
# certificate and to show users their recent history; short enough not to keep IP addresses
# and browser strings (personal data) longer than that purpose needs.
SECURITY_EVENT_RETENTION = timedelta(days=365)

# Keys that must never reach the log, whatever a caller passes in details: no passwords, codes,
# tokens or session ids in the log.
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
        organisation_id=organisation.pk if organisation is not None else None,
        ip=client_ip(request) if request is not None else None,
        user_agent=user_agent(request) if request is not None else "",
        details=clean,
    )


def security_events_expired_delete(*, now: datetime | None = None) -> int:
    """Remove events older than SECURITY_EVENT_RETENTION (manage.py accounts_retention)."""
    before = (now or timezone.now()) - SECURITY_EVENT_RETENTION
    return SecurityEvent.objects.all().retention_delete(before=before)
