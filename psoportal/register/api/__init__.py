"""The open JSON API of the public register (issue 12, rule book §11), mounted at /api/v1/.

Read-only and anonymous: GET for the register, a certificate and a KvK check; POST only for
the two computations (a bulk check and the calculator), which change nothing. It follows the
NL API Design Rules (Logius ADR): the major version in the URI and the full one in the
API-Version header, an OpenAPI 3 document at /api/v1/openapi.json with the docs (Swagger UI,
served from this site) at /api/v1/docs, lowerCamelCase names for parameters and members,
kebab-case paths, errors as RFC 9457 problem documents in Dutch or English, rate limits per
client address with Retry-After, and CORS open to any origin.

The endpoints are thin: the register's selectors answer, schemas.py lists every member shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import HttpError, ValidationError

from psoportal.register.api import certificates, check, register, score
from psoportal.register.api.conf import API_VERSION
from psoportal.register.api.docs import LocalSwagger, docs_view
from psoportal.register.api.guard import RateLimited, guarded, rate_limited_response
from psoportal.register.api.openapi import OpenApi
from psoportal.register.api.problems import (
    error_item,
    invalid_input,
    problem_response,
    validation_errors,
)

api = OpenApi(
    title="PSO-register",
    version=API_VERSION,
    description=(
        "The public register of the Prestatieladder Socialer Ondernemen (PSO): search it, "
        "verify a certificate, check whether KvK numbers were certified on a day, and score "
        "a pso-assessment/1 document with the free calculator. Anonymous and read-only; "
        "answers and problem titles in Dutch, or English with Accept-Language: en.\n\n"
        "Het openbare register van de Prestatieladder Socialer Ondernemen: zoeken, een "
        "certificaat controleren, KvK-nummers toetsen op een dag, en de gratis rekentool."
    ),
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_decorator=docs_view,
)
# "view": around Operation.run, so before django-ninja parses a parameter.
api.add_decorator(guarded, mode="view")
for module in (register, certificates, check, score):
    api.add_router("", module.router)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return invalid_input(request, validation_errors(exc.errors))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # django-ninja: the body is not JSON
        return invalid_input(request, [error_item("body", "", "json", _("de inhoud is geen "
                                                                         "geldige JSON."))])
    return problem_response(request, exc.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, 404)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem_response(request, 413, detail=_(
        "De aanvraag is groter dan deze API aanneemt."))


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    return rate_limited_response(request, exc.verdict)


def urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns, every one public (@login_not_required: the API knows no users).

    django-ninja's views are CSRF-exempt; that is safe only because ApiMiddleware drops every
    cookie of an API request, so no session can act through them."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        login_not_required(pattern.callback)
    return patterns, app_name, namespace


__all__ = ["api", "urls"]
