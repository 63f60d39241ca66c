"""Signed, single-purpose tokens for links in e-mail."""

from __future__ import annotations

import hashlib

from django.core import signing

from psoportal.accounts.models import User

VERIFY_SALT = "psoportal.accounts.verify-email"
VERIFY_MAX_AGE = 24 * 3600


def _verify_state(user: User) -> str:
    # Changes once the address is verified, which makes the link single-use.
    raw = f"{user.email}:{user.email_verified_at.isoformat() if user.email_verified_at else '-'}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def verification_token_make(user: User) -> str:
    return signing.dumps({"u": user.pk, "s": _verify_state(user)}, salt=VERIFY_SALT, compress=True)


def verification_token_check(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email_verified_at is not None or data.get("s") != _verify_state(user):
        return None
    return user
