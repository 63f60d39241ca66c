"""What runs around every API operation before its own code: the client's language, the rate
limit per client address, and the refusal of query parameters the operation does not have.

Rate limits are the database token buckets of psoportal/accounts/ratelimit.py (the `api-*`
scopes, docs/rate-limits.md): every call takes one token of `api-ip`; a bulk check and a score
then pay their weight from their own bucket (charge). The buckets are shared by every web
process, as the login limits are, and need nothing beside the database.

An API refusal is not a security event, unlike the login's: the API is anonymous, and a client
that keeps calling would otherwise write an event row per call. Its bucket row is the only write.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from psoportal.accounts.ratelimit import Verdict, ip_of, rate_limit_check
from psoportal.register.api.problems import (
    error_item,
    invalid_input,
    language_of,
    problem_response,
)


class RateLimited(Exception):
    """A bucket of the client address is empty; answered with a 429 problem."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.scope)
        self.verdict = verdict


def charge(request: HttpRequest, scope: str, *, weight: int = 1) -> None:
    """Take `weight` tokens of the client address's `scope` bucket; RateLimited when empty."""
    if not getattr(settings, "API_RATE_LIMITED", True):
        return
    verdict = rate_limit_check(request, [(scope, ip_of(request))], weight=weight)
    if not verdict:
        raise RateLimited(verdict)


def rate_limited_response(request: HttpRequest, verdict: Verdict) -> HttpResponse:
    retry_at = verdict.retry_at or timezone.now()
    seconds = max(1, math.ceil((retry_at - timezone.now()).total_seconds()))
    with translation.override(language_of(request)):
        detail = translation.ngettext(
            "Dit adres heeft zijn aanvragen voor nu opgebruikt; probeer het over %(seconds)s "
            "seconde opnieuw.",
            "Dit adres heeft zijn aanvragen voor nu opgebruikt; probeer het over %(seconds)s "
            "seconden opnieuw.", seconds) % {"seconds": seconds}
    response = problem_response(request, 429, detail=detail)
    response["Retry-After"] = str(seconds)
    return response


def _query_names(operation: Any) -> frozenset[str]:
    names: set[str] = set()
    for model in operation.models:
        if getattr(model, "__ninja_param_source__", None) != "query":
            continue
        flattened = getattr(model, "__ninja_flatten_map__", None)
        if flattened:
            names.update(flattened)
        else:
            names.update(field.alias or name for name, field in model.model_fields.items())
    return frozenset(names)


def guarded(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wraps an Operation.run (NinjaAPI.add_decorator, mode "view")."""
    operation = getattr(run, "__self__", None)
    allowed = _query_names(operation) if operation is not None else None

    @functools.wraps(run)
    def guarded_run(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(language_of(request)):
            try:
                charge(request, "api-ip")
            except RateLimited as refused:
                return rate_limited_response(request, refused.verdict)
            unknown = sorted(set(request.GET) - allowed) if allowed is not None else []
            if unknown:
                # A typo such as min_level for minLevel must not silently answer another
                # question than the one asked.
                return invalid_input(request, [
                    error_item("query", name, "unknown", _("deze parameter bestaat niet."))
                    for name in unknown
                ])
            return run(request, *args, **kwargs)

    return guarded_run
