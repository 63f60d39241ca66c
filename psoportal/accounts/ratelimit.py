"""Rate limits in the database: token buckets keyed on the sender's address, network and account.

The policy (which scope allows how many attempts in which period) is documented in
docs/rate-limits.md; keep the two in sync. A bucket refills continuously, so every limit is a
timed cool-off and never a permanent lock. No bucket is shared by everyone and none is keyed on
the account alone: whatever one sender does can only slow down that sender (and, for the login
account bucket, that sender's network for that one account), never the owner logging in from
elsewhere and never the whole site.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from psoportal.accounts.events import security_event_record
from psoportal.accounts.models import RateLimitBucket, SecurityEvent, User
from psoportal.core.lib.client_ip import client_ip


@dataclass(frozen=True)
class Limit:
    capacity: int
    period: int  # seconds to refill completely


POLICY: dict[str, Limit] = {
    # Failed password logins. Checked before the password is hashed, charged only on failure.
    "login-ip": Limit(10, 300),
    "login-net": Limit(50, 300),
    "login-account": Limit(10, 300),  # per account *and* sender network
    # Per account over all networks. Exhausted, it never refuses: the login asks for the
    # password and the authenticator code together and says only "incorrect", so guessing the
    # password from many networks tells nothing, and the owner still gets in (views.login_view).
    "login-account-all": Limit(30, 3600),
    "totp-user": Limit(5, 300),
    "totp-user-hour": Limit(20, 3600),
    "totp-ip": Limit(20, 300),
    # Setting up the authenticator has its own buckets: typos there must not use up the
    # attempts of the first real login.
    "enrol-user": Limit(5, 300),
    "enrol-user-hour": Limit(20, 3600),
    "enrol-ip": Limit(20, 300),
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
    # The public register's "Controleer een certificaat" form: certificate and KvK numbers are
    # enumerable, so every lookup costs a token; browsing the register itself is free.
    "register-check-ip": Limit(30, 300),
    "register-check-net": Limit(120, 300),
    # The newsletter's sign-up form (news/views.py): per sender, and per address (the address
    # bucket withholds the confirmation mail, never answers 429: the page says the same).
    "news-subscribe-ip": Limit(5, 3600),
    "news-subscribe-address": Limit(3, 86400),
    # The open JSON API (register/api): every call, then what the costly calls cost on top of
    # it. A bulk check takes one token per KvK number and a score one per started
    # API_SCORE_BYTES_PER_TOKEN of its document, so the largest of either still fits a full
    # bucket (tests/register/test_api_rate_limits.py checks that).
    "api-ip": Limit(120, 60),
    "api-kvk-ip": Limit(5000, 300),
    "api-score-ip": Limit(300, 600),
}

# A bucket untouched for this long is full again, which is the same as having no row.
LONGEST_PERIOD = timedelta(seconds=max(limit.period for limit in POLICY.values()))

# One IPv6 subscriber gets a whole /64 (often a /56 or /48) and can pick any address in it, so an
# IPv6 "address" is its /64. The network bucket groups what one customer or hoster controls:
# an IPv4 /24 (the smallest block routed on the internet) and an IPv6 /48 (a site allocation).
IPV6_ADDRESS_PREFIX = 64
IPV4_NETWORK_PREFIX = 24
IPV6_NETWORK_PREFIX = 48

Checks = list[tuple[str, str | None]]


def normalise_email(email: str) -> str:
    """The one spelling of an address for limits: Alice@X.example and alice@x.example share."""
    return email.strip().lower()[:254]


def _parse(ip: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def address_key(ip: str | None) -> str:
    """The sender as far as limits are concerned: an IPv4 address or an IPv6 /64."""
    address = _parse(ip)
    if address is None:
        return "unknown"
    if address.version == 4:
        return str(address)
    return str(ipaddress.ip_network(f"{address}/{IPV6_ADDRESS_PREFIX}", strict=False))


def network_key(ip: str | None) -> str:
    """The sender's network: IPv4 /24 or IPv6 /48."""
    address = _parse(ip)
    if address is None:
        return "unknown"
    prefix = IPV4_NETWORK_PREFIX if address.version == 4 else IPV6_NETWORK_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def ip_of(request: HttpRequest) -> str:
    return address_key(client_ip(request))


def net_of(request: HttpRequest) -> str:
    return network_key(client_ip(request))


def _key(scope: str, value: str) -> str:
    return hashlib.sha256(f"{scope}:{value.lower()}".encode()).hexdigest()


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: allowed, or refused until `retry_at` because of `scope`."""

    allowed: bool
    scope: str | None = None
    retry_at: datetime | None = None

    def __bool__(self) -> bool:
        return self.allowed


def _refilled(bucket: RateLimitBucket, limit: Limit, now: datetime) -> float:
    elapsed = max(0.0, (now - bucket.updated_at).total_seconds())
    return min(1.0, bucket.tokens + elapsed / limit.period)


def _retry_at(tokens: float, limit: Limit, now: datetime, weight: int = 1) -> datetime:
    missing = weight / limit.capacity - tokens
    return now + timedelta(seconds=math.ceil(max(0.0, missing) * limit.period))


def _take(
    scope: str, value: str | None, now: datetime, *, charge: bool, weight: int = 1
) -> datetime | None:
    """None when the bucket has `weight` tokens (taken if `charge`), else when they are there."""
    limit = POLICY[scope]
    cost = weight / limit.capacity
    key = _key(scope, value or "-")
    if not charge:
        bucket = RateLimitBucket.objects.filter(key=key).first()
        tokens = 1.0 if bucket is None else _refilled(bucket, limit, now)
        return None if tokens - cost >= -1e-9 else _retry_at(tokens, limit, now, weight)
    with transaction.atomic():
        bucket, created = RateLimitBucket.objects.select_for_update().get_or_create(key=key)
        tokens = 1.0 if created else _refilled(bucket, limit, now)
        refused = tokens - cost < -1e-9
        bucket.tokens = tokens if refused else tokens - cost
        bucket.updated_at = now
        bucket.save(update_fields=["tokens", "updated_at"])
    return _retry_at(tokens, limit, now, weight) if refused else None


def _run(checks: Checks, *, charge: bool, weight: int = 1) -> Verdict:
    now = timezone.now()
    refusal: Verdict = Verdict(allowed=True)
    for scope, value in checks:
        retry_at = _take(scope, value, now, charge=charge, weight=weight)
        if retry_at is not None and (refusal.retry_at is None or retry_at > refusal.retry_at):
            refusal = Verdict(allowed=False, scope=scope, retry_at=retry_at)
    return refusal


def rate_limit_consume(scope: str, value: str | None) -> bool:
    """Take one token from one bucket; False when it is empty."""
    return _take(scope, value, timezone.now(), charge=True) is None


def rate_limit_check(request: HttpRequest | None, checks: Checks, *, weight: int = 1) -> Verdict:
    """Charge every listed bucket; allowed only if all of them had a token (`weight` tokens
    for a request that costs more than one, such as a bulk check).

    Every bucket is charged even when an earlier one refuses, so spreading attempts over
    accounts from one address (or over addresses for one account) is still counted.
    """
    return _run(checks, charge=True, weight=weight)


def rate_limit_peek(checks: Checks) -> Verdict:
    """Would these buckets allow one more attempt? Charges nothing.

    For limits that count failures only: peek before the expensive work (hashing a password),
    `rate_limit_hit` after it failed. Concurrent requests can each pass the peek, so a burst
    can exceed a limit by at most the number of requests served at the same time.
    """
    return _run(checks, charge=False)


def rate_limit_hit(checks: Checks) -> None:
    """Charge the buckets for a failed attempt."""
    _run(checks, charge=True)


def rate_limited_response(
    request: HttpRequest, verdict: Verdict, *, back_url: str | None = None,
    subject: User | None = None,
) -> HttpResponse:
    """The 429 page: when to try again and a way back. Every refusal is a security event."""
    security_event_record(
        event_type=SecurityEvent.Type.RATE_LIMITED, request=request, subject=subject,
        details={"scope": verdict.scope or ""},
    )
    retry_at = verdict.retry_at or timezone.now()
    local = timezone.localtime(retry_at)
    response = render(request, "accounts/rate_limited.html", {
        "retry_at": local,
        "same_day": local.date() == timezone.localdate(),
        "back_url": back_url or request.path,
    }, status=429)
    response["Retry-After"] = str(max(1, math.ceil((retry_at - timezone.now()).total_seconds())))
    return response


def buckets_expired_delete(*, now: datetime | None = None) -> int:
    """Remove buckets that are full again (untouched for the longest period)."""
    cutoff = (now or timezone.now()) - LONGEST_PERIOD
    deleted, _ = RateLimitBucket.objects.filter(updated_at__lt=cutoff).delete()
    return deleted
