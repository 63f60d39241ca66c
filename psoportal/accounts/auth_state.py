"""What the session holds about authentication, in one place.

Between the password and the second factor the session holds only the user id, a fingerprint
of the password hash and e-mail, and a timestamp; `login()` runs only after the
second factor. A logged-in session records when it authenticated, when it was last seen, whether
the second factor was verified, and when sudo mode was last granted.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from psoportal.accounts.models import User

PENDING = "pso_pending_login"
PENDING_TTL = 300
VERIFIED = "pso_2fa_verified"
AUTH_AT = "pso_auth_at"
SEEN_AT = "pso_seen_at"
SUDO_AT = "pso_sudo_at"


def fingerprint(user: User) -> str:
    # Changes when the password (hash) or address changes, so an old pending state goes stale.
    message = f"{user.pk}:{user.password}:{user.email}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def pending_start(session: SessionBase, user: User) -> None:
    session.cycle_key()
    session[PENDING] = {"uid": user.pk, "fp": fingerprint(user), "at": int(time.time())}


def pending_user(session: SessionBase) -> User | None:
    state = session.get(PENDING)
    if not isinstance(state, dict):
        return None
    try:
        uid, fp, at = int(state["uid"]), str(state["fp"]), int(state["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if time.time() - at > PENDING_TTL or at > time.time() + 5:
        return None
    user = User.objects.filter(pk=uid, is_active=True).first()
    if user is None or not hmac.compare_digest(fingerprint(user), fp):
        return None
    return user


def pending_clear(session: SessionBase) -> None:
    session.pop(PENDING, None)


def mark_authenticated(session: SessionBase, *, verified: bool) -> None:
    now = int(time.time())
    session[VERIFIED] = verified
    session[AUTH_AT] = now
    session[SEEN_AT] = now
    session.pop(SUDO_AT, None)


def is_verified(session: SessionBase) -> bool:
    return session.get(VERIFIED) is True


def grant_sudo(session: SessionBase) -> None:
    session.cycle_key()
    session[SUDO_AT] = int(time.time())


def has_sudo(session: SessionBase) -> bool:
    granted = session.get(SUDO_AT)
    return isinstance(granted, int) and time.time() - granted <= settings.SUDO_MODE_SECONDS
