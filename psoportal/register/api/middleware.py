"""What every response under /api/ has in common, whatever answered it: the API-Version header,
CORS, the language of Accept-Language, no cookies, and errors as problem+json.

It sits before the session middleware (settings.MIDDLEWARE) because it drops the Cookie header
of API requests: the API is anonymous and stateless (NL API Design Rules /core/stateless), so
no session, CSRF or language cookie can change an answer, and a logged-in visitor's browser
cannot lend the API its session. That is why the API's views may be CSRF-exempt (security.md
43; tests/register/test_api_cors_and_cookies.py). Errors raised outside django-ninja (an unknown
URL, a method the path does not serve, a request Django itself refuses, a crash) are turned into
problem documents here, so no HTML page or stack trace is ever served under /api/.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from psoportal.register.api.conf import API_VERSION, PREFIX
from psoportal.register.api.problems import (
    api_language,
    is_problem,
    language_of,
    problem_as_response,
    problem_document,
)

ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type"
EXPOSED_HEADERS = "API-Version, Content-Language, Retry-After"
PREFLIGHT_MAX_AGE = str(24 * 60 * 60)


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        request.META.pop("HTTP_COOKIE", None)
        request.api_language = api_language(request)  # type: ignore[attr-defined]
        response = self.get_response(request)
        if request.method == "OPTIONS" and response.status_code == 405:
            response = _options(response)
        elif response.status_code >= 400 and not is_problem(response):
            response = _as_problem(request, response)
        response["API-Version"] = API_VERSION
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        response["Content-Language"] = language_of(request)
        _vary_without_cookie(response)
        return response


def _options(refused: HttpResponse) -> HttpResponse:
    """A CORS preflight (or a plain OPTIONS): which methods and headers a page elsewhere may
    use here. The views answer OPTIONS with a 405 that lists the methods they serve (Allow);
    that list, plus OPTIONS itself, is the answer. Any origin may call the API, without
    credentials: there are none to lend."""
    methods = refused["Allow"]
    response = HttpResponse(status=204)
    del response["Content-Type"]
    for header, value in refused.items():
        if header.lower() not in ("content-type", "content-length", "allow"):
            response[header] = value
    response["Allow"] = f"{methods}, OPTIONS"
    response["Access-Control-Allow-Methods"] = methods
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


def _details() -> dict[int, str]:
    return {
        400: _("Deze aanvraag kan niet worden verwerkt."),
        404: _("Deze API heeft geen adres %(path)s; zie /api/v1/docs."),
        405: _("Gebruik op dit adres: %(allowed)s."),
        413: _("De aanvraag is groter dan deze API aanneemt."),
        500: _("Er ging iets mis bij het verwerken van de aanvraag; probeer het later opnieuw."),
    }


def _as_problem(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The same status, headers kept (Allow of a 405, the security headers), a problem
    document instead of the HTML page or the plain text django-ninja and Django write."""
    status = response.status_code
    with translation.override(language_of(request)):
        detail = _details().get(status, "") % {
            "path": request.path, "allowed": response.get("Allow", ""),
        }
    problem = problem_as_response(problem_document(request, status, detail=detail))
    for header, value in response.items():
        if header.lower() not in ("content-type", "content-length"):
            problem[header] = value
    return problem


def _vary_without_cookie(response: HttpResponse) -> None:
    """The answer never depends on a cookie (they are dropped), so caches may share it."""
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = {v.lower(): v for v in [*vary, "Accept-Language"] if v.lower() != "cookie"}
    response["Vary"] = ", ".join(kept.values())
