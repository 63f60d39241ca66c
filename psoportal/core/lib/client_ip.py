"""The client's IP address, as far as this deployment can trust it.

Without proxies the TCP peer (REMOTE_ADDR) is the client. Behind N trusted reverse proxies each
proxy appends the address it received the request from to X-Forwarded-For, so the client is the
N-th entry counted from the right; anything further left was written by the client and can be
forged.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0))
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    if hops <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < hops:
        # Fewer entries than proxies: the request did not come through the proxy chain.
        return remote
    return _valid(forwarded[-hops]) or remote


def user_agent(request: HttpRequest) -> str:
    return (request.META.get("HTTP_USER_AGENT", "") or "")[:300]
