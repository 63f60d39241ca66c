"""Signed, single-purpose tokens for the links in newsletter mail; nothing secret is stored.

The confirmation link is bound to the latest request to subscribe and expires after
CONFIRM_MAX_AGE. The unsubscribe link never expires (an old newsletter must still unsubscribe)
and is bound to the address, so a row id reused after a purge does not unsubscribe someone else.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.core import signing

from psoportal.news.models import Subscriber

CONFIRM_SALT = "psoportal.news.confirm"
UNSUBSCRIBE_SALT = "psoportal.news.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)


def _digest(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()[:16]


def _request_state(subscriber: Subscriber) -> str:
    return _digest(subscriber.email, subscriber.confirm_requested_at.isoformat())


def confirm_token_make(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "r": _request_state(subscriber)},
                         salt=CONFIRM_SALT, compress=True)


def confirm_token_check(token: str) -> Subscriber | None:
    """The subscriber whose latest request this link confirms, or None (forged, expired, for
    an earlier request, or the address unsubscribed since the request)."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    subscriber = Subscriber.objects.filter(pk=data.get("s")).first()
    if subscriber is None or data.get("r") != _request_state(subscriber):
        return None
    if subscriber.unsubscribed_at and subscriber.unsubscribed_at > subscriber.confirm_requested_at:
        return None
    return subscriber


def unsubscribe_token_make(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "e": _digest(subscriber.email)},
                         salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_check(token: str) -> Subscriber | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    subscriber = Subscriber.objects.filter(pk=data.get("s")).first()
    if subscriber is None or data.get("e") != _digest(subscriber.email):
        return None
    return subscriber
