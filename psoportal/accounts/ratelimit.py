"""Rate limits in the database: token buckets keyed on trusted client IP and account.

The policy (which scope allows how many attempts in which period) is documented in
docs/rate-limits.md; keep the two in sync. A bucket refills continuously, so every limit is a
timed cool-off and never a permanent lock.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from psoportal.accounts.models import RateLimitBucket
from psoportal.core.lib.client_ip import client_ip


@dataclass(frozen=True)
class Limit:
    capacity: int
    period: int  # seconds to refill completely


POLICY: dict[str, Limit] = {
    "login-ip": Limit(10, 300),
    "login-account": Limit(10, 300),
    "login-global": Limit(1000, 300),
    "totp-user": Limit(5, 300),
    "totp-user-hour": Limit(20, 3600),
    "totp-ip": Limit(20, 300),
    "recovery-user": Limit(5, 900),
    "recovery-ip": Limit(10, 900),
    "sudo-user": Limit(5, 300),
    "register-ip": Limit(5, 3600),
    "verify-resend-ip": Limit(5, 3600),
    "verify-resend-account": Limit(3, 3600),
    "reset-ip": Limit(5, 3600),
    "reset-account": Limit(3, 3600),
    "invite-user": Limit(20, 86400),
    "invite-ip": Limit(30, 86400),
}


def _key(scope: str, value: str) -> str:
    return hashlib.sha256(f"{scope}:{value.lower()}".encode()).hexdigest()


def rate_limit_consume(scope: str, value: str | None) -> bool:
    """Take one token from the bucket; False when it is empty (the caller refuses the request)."""
    limit = POLICY[scope]
    key = _key(scope, value or "-")
    now = timezone.now()
    with transaction.atomic():
        bucket, created = RateLimitBucket.objects.select_for_update().get_or_create(key=key)
        if not created:
            elapsed = (now - bucket.updated_at).total_seconds()
            bucket.tokens = min(1.0, bucket.tokens + elapsed / limit.period)
        if bucket.tokens - 1.0 / limit.capacity < -1e-9:
            bucket.updated_at = now
            bucket.save(update_fields=["tokens", "updated_at"])
            return False
        bucket.tokens -= 1.0 / limit.capacity
        bucket.updated_at = now
        bucket.save(update_fields=["tokens", "updated_at"])
        return True


def rate_limit_check(request: HttpRequest, checks: list[tuple[str, str | None]]) -> bool:
    """Consume from every listed bucket; True only if all allowed it.

    Every bucket is charged even when an earlier one refuses, so spreading attempts over
    accounts from one address (or over addresses for one account) is still counted.
    """
    allowed = True
    for scope, value in checks:
        if not rate_limit_consume(scope, value):
            allowed = False
    return allowed


def ip_of(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"
