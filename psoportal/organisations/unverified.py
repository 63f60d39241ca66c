"""Registrations nobody confirmed: they must not hold a KvK number or personal data for ever.

A registration creates an organisation (which takes its KvK number, unique) and an unverified
Accounthouder. Until the address is confirmed the account cannot log in, so nothing else hangs
off either row. Two rules release them:

- once the last verification link has expired, the KvK number is free: a new registration for
  the same number discards the unconfirmed one (`kvk_release_if_unverified`);
- after PURGE_AFTER the unconfirmed registration is deleted anyway
  (`manage.py registrations_purge_unverified`, daily, idempotent).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from psoportal.accounts.models import SecurityEvent, User
from psoportal.accounts.tokens import VERIFY_MAX_AGE
from psoportal.organisations.models import Organisation

LINK_LIFETIME = timedelta(seconds=VERIFY_MAX_AGE)
# A week is long enough for someone back from a short holiday to ask for a new link, and short
# enough that a mistyped address or someone else's registration does not keep the KvK number
# and the personal data (name, phone, address) we have no use for (data minimisation).
PURGE_AFTER = timedelta(days=7)


def _last_link_sent(user: User) -> datetime:
    resent = (
        SecurityEvent.objects.filter(subject=user,
                                     event_type=SecurityEvent.Type.VERIFICATION_SENT)
        .order_by("-created_at").values_list("created_at", flat=True).first()
    )
    return max(user.date_joined, resent) if resent else user.date_joined


def _unverified(users) -> bool:
    return all(u.email_verified_at is None and u.last_login is None and not u.is_staff
               for u in users)


def _discard(organisations: list[Organisation], users: list[User]) -> bool:
    """Delete the registration; False (and nothing deleted) if anything else refers to it."""
    try:
        with transaction.atomic():
            for organisation in organisations:
                organisation.delete()
            User.objects.filter(pk__in=[u.pk for u in users],
                                email_verified_at__isnull=True).delete()
    except (ProtectedError, RestrictedError):
        return False
    return True


@transaction.atomic
def kvk_release_if_unverified(*, kvk: str, now: datetime | None = None) -> bool:
    """Free `kvk` if only unconfirmed accounts whose last link expired hold it."""
    now = now or timezone.now()
    organisation = Organisation.objects.select_for_update().filter(kvk=kvk).first()
    if organisation is None:
        return False
    users = list(User.objects.select_for_update().filter(memberships__organisation=organisation))
    if not users or not _unverified(users):
        return False
    if any(_last_link_sent(u) > now - LINK_LIFETIME for u in users):
        return False
    return _discard([organisation], users)


def unverified_purge(*, now: datetime | None = None) -> int:
    """Delete registrations unconfirmed for PURGE_AFTER whose last link expired; safe to rerun."""
    now = now or timezone.now()
    candidates = User.objects.filter(
        email_verified_at__isnull=True, last_login__isnull=True, is_staff=False,
        date_joined__lt=now - PURGE_AFTER,
    ).values_list("pk", flat=True)
    purged = 0
    for pk in list(candidates):
        with transaction.atomic():
            user = User.objects.select_for_update().filter(
                pk=pk, email_verified_at__isnull=True
            ).first()
            if user is None or not _unverified([user]):
                continue
            if _last_link_sent(user) > now - LINK_LIFETIME:
                continue  # a link sent recently still works; never break it
            # Organisations only this person belongs to go with them; shared ones stay.
            owned = [
                o for o in Organisation.objects.select_for_update().filter(memberships__user=user)
                if not o.memberships.exclude(user=user).exists()
            ]
            purged += _discard(owned, [user])
    return purged
