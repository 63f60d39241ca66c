from __future__ import annotations

from django.db.models import Q, QuerySet

from psoportal.accounts.models import RecoveryCode, SecurityEvent, User, UserSession


def user_session_list(*, user: User) -> QuerySet[UserSession]:
    return UserSession.objects.filter(user=user).order_by("-last_seen_at")


def security_event_list(*, user: User) -> QuerySet[SecurityEvent]:
    return (
        SecurityEvent.objects.filter(Q(subject=user) | Q(actor=user))
        .order_by("-created_at", "-id")
    )


def recovery_codes_unused_among(*, user: User, codes: list[str]) -> list[str]:
    """Those of `codes` that are the user's unused recovery codes, in the given order."""
    unused = set(user.recovery_codes.filter(used_at__isnull=True).values_list("code_hash",
                                                                               flat=True))
    return [code for code in codes if RecoveryCode.hash_of(code) in unused]
