from __future__ import annotations

from django.db.models import Q, QuerySet

from psoportal.accounts.models import SecurityEvent, User, UserSession


def user_session_list(*, user: User) -> QuerySet[UserSession]:
    return UserSession.objects.filter(user=user).order_by("-last_seen_at")


def security_event_list(*, user: User) -> QuerySet[SecurityEvent]:
    return (
        SecurityEvent.objects.filter(Q(subject=user) | Q(actor=user))
        .order_by("-created_at", "-id")
    )
