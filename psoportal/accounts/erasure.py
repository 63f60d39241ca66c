"""Erasing an inactive account (rule book §2) and the hooks later apps register.

Apps that hold personal data or unsubmitted drafts of a user register a callable here (e.g. in
their AppConfig.ready()): `erasure_hook_register(delete_unsubmitted_drafts)`. Each hook gets the
user before the personal fields are wiped and runs inside the erasure transaction. Submitted
applications, certificates and invoices are kept (fiscal retention); their hooks de-personalise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from psoportal.accounts.events import security_event_record
from psoportal.accounts.models import SecurityEvent, User
from psoportal.accounts.tasks import inactivity_warning_send

ERASURE_HOOKS: list[Callable[[User], None]] = []
INACTIVE_AFTER = timedelta(days=730)


def erasure_hook_register(hook: Callable[[User], None]) -> Callable[[User], None]:
    if hook not in ERASURE_HOOKS:
        ERASURE_HOOKS.append(hook)
    return hook


def placeholder_email(user: User) -> str:
    # RFC 2606 reserves .invalid: mail to it can never be delivered.
    return f"gewist-{user.pk}@account.invalid"


@transaction.atomic
def account_erase(*, user: User) -> bool:
    """Deactivate and erase; claims the row first so two runs cannot erase twice."""
    now = timezone.now()
    if not User.objects.filter(pk=user.pk, erased_at__isnull=True).update(erased_at=now,
                                                                          is_active=False):
        return False
    user.refresh_from_db()
    # Apps register in INSTALLED_APPS order, lowest floor first; the hooks run from the top
    # floor down, so each still finds the rows of the floors below it (the drafts of an
    # organisation are erased with its last member before the memberships go).
    for hook in reversed(ERASURE_HOOKS):
        hook(user)
    from psoportal.accounts.services import sessions_end

    sessions_end(user=user, keep=None)
    user.totp_devices.all().delete()
    user.recovery_codes.all().delete()
    user.full_name = ""
    user.job_title = ""
    user.phone = ""
    user.email = placeholder_email(user)
    user.set_unusable_password()
    user.save()
    security_event_record(event_type=SecurityEvent.Type.ACCOUNT_ERASED, subject=user,
                          details={"reason": "inactive for 2 years"})
    return True


def _last_activity(user: User):
    return user.last_login or user.date_joined


def inactivity_run(*, now=None) -> dict[str, int]:
    """Daily and idempotent: warn at 30 and 7 days before the 2-year mark, then erase."""
    now = now or timezone.now()
    counts = {"warned_30": 0, "warned_7": 0, "erased": 0}
    candidates = User.objects.filter(is_active=True, erased_at__isnull=True, is_staff=False)
    threshold = now - INACTIVE_AFTER
    soon = threshold + timedelta(days=30)
    due = candidates.filter(last_login__lt=soon) | candidates.filter(
        last_login__isnull=True, date_joined__lt=soon
    )
    for user in due:
        erase_on = _last_activity(user) + INACTIVE_AFTER
        if erase_on <= now:
            if account_erase(user=user):
                counts["erased"] += 1
            continue
        remaining = erase_on - now
        days = 7 if remaining <= timedelta(days=7) else 30 if remaining <= timedelta(days=30) else 0
        if not days:
            continue
        field = f"inactivity_warned_{days}_at"
        # Claim the warning with a conditional UPDATE so a rerun never resends it.
        with transaction.atomic():
            claimed = User.objects.filter(pk=user.pk, **{f"{field}__isnull": True}).update(
                **{field: now}
            )
            if claimed:
                security_event_record(
                    event_type=SecurityEvent.Type.INACTIVITY_WARNING, subject=user,
                    details={"days_before": days},
                )
                # The task row is written in this transaction (database task backend): the
                # claim and the e-mail to send commit together or not at all.
                inactivity_warning_send.enqueue(user.pk, erase_on.isoformat())
                counts[f"warned_{days}"] += 1
    return counts
