"""Errors of the open API as ``application/problem+json`` (RFC 9457), in Dutch or English.

Every error under /api/ is a problem document: type, title, status, detail, instance and, for
refused input, ``errors`` — one item per field, with where it is (``in``: query, path or body),
its name as a field path (``kvkNumbers[3]``, ``target_group[3].hours_per_week``), a JSON pointer
into the body (``#/kvkNumbers/3``), a code and the reason. The client's Accept-Language picks
the language of title and reasons (Dutch unless English is preferred); the site's language
cookie plays no part (the API reads no cookies).

Codes of schema violations are the JSON Schema keyword that failed (required, pattern,
maxItems, enum, ...); the score endpoint's are the engine's own (methodology.problems).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header

from psoportal.assessments.problem_messages import problem_reason
from psoportal.methodology.problems import Problem

MEDIA_TYPE = "application/problem+json"

# Problem types beyond their HTTP status (RFC 9457 §3.1.1). They identify, they are not meant to
# be fetched: tag URIs (RFC 4151) in PSO-Nederland's name. Status-only problems are about:blank.
TYPE_BLANK = "about:blank"
TYPE_INVALID_PARAMS = "tag:pso-nederland.nl,2026:api/problems/invalid-params"
TYPE_INVALID_ASSESSMENT = "tag:pso-nederland.nl,2026:api/problems/invalid-assessment"

TITLES = {
    400: gettext_lazy("De aanvraag is ongeldig"),
    404: gettext_lazy("Niet gevonden"),
    405: gettext_lazy("Deze methode is hier niet toegestaan"),
    413: gettext_lazy("De aanvraag is te groot"),
    422: gettext_lazy("De invoer is ongeldig"),
    429: gettext_lazy("Te veel aanvragen"),
    500: gettext_lazy("Er ging iets mis aan onze kant"),
}
DEFAULT_TITLE = gettext_lazy("De aanvraag is mislukt")


def api_language(request: HttpRequest) -> str:
    """The language the client prefers in its Accept-Language, if we speak it; else Dutch."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def language_of(request: HttpRequest) -> str:
    # Set by ApiMiddleware; a request that did not pass it (a test calling a view) gets Dutch.
    return getattr(request, "api_language", None) or settings.LANGUAGE_CODE


def problem_document(
    request: HttpRequest, status: int, *, detail: str = "", title: str | None = None,
    type_: str = TYPE_BLANK, errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    with translation.override(language_of(request)):
        document: dict[str, Any] = {
            "type": type_,
            "title": str(title if title is not None else TITLES.get(status, DEFAULT_TITLE)),
            "status": status,
            "detail": str(detail),
            "instance": request.path,
        }
        if errors is not None:
            document["errors"] = errors
    return document


def problem_response(request: HttpRequest, status: int, **kwargs: Any) -> HttpResponse:
    return problem_as_response(problem_document(request, status, **kwargs))


def problem_as_response(document: Mapping[str, Any]) -> HttpResponse:
    return HttpResponse(json.dumps(document, ensure_ascii=False), status=document["status"],
                        content_type=f"{MEDIA_TYPE}; charset=utf-8")


def is_problem(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith(MEDIA_TYPE)


# -- refused input -----------------------------------------------------------------------------


def field_path(parts: Iterable[str | int]) -> str:
    """("kvkNumbers", 3) → "kvkNumbers[3]"; the engine writes its paths the same way."""
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def json_pointer(path: str) -> str:
    """"target_group[3].hours_per_week" → "#/target_group/3/hours_per_week" (RFC 6901 in a
    URI fragment, as RFC 9457's own example writes it)."""
    if not path:
        return "#"
    parts = re.findall(r"\[(\d+)\]|([^.\[\]]+)", path)
    tokens = [index or name for index, name in parts]
    return "#/" + "/".join(t.replace("~", "~0").replace("/", "~1") for t in tokens)


def error_item(location: str, name: str, code: str, detail: str) -> dict[str, Any]:
    item: dict[str, Any] = {"in": location, "name": name, "code": code, "detail": detail}
    if location == "body":
        item["pointer"] = json_pointer(name)
    return item


def _reason(error: Mapping[str, Any]) -> tuple[str, str]:
    """(code, reason in the active language) for one pydantic error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "required", _("dit veld is verplicht.")
    if kind == "extra_forbidden":
        return "unknown", _("dit veld bestaat niet.")
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern", "").startswith("^[0-9]{8}"):
            return "pattern", _("een KvK-nummer bestaat uit 8 cijfers.")
        return "pattern", _("gebruik geen stuurtekens.")
    if kind == "string_too_long":
        return "maxLength", _("ten hoogste %(count)s tekens.") % {"count": ctx.get("max_length")}
    if kind == "too_long":
        return "maxItems", _("ten hoogste %(count)s.") % {"count": ctx.get("max_length")}
    if kind == "too_short":
        return "minItems", _("ten minste %(count)s.") % {"count": ctx.get("min_length")}
    if kind == "literal_error":
        return "enum", _("kies uit: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind.startswith("date"):
        return "format", _("geef een datum als JJJJ-MM-DD.")
    if kind in ("greater_than_equal", "greater_than"):
        return "minimum", _("ten minste %(count)s.") % {"count": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return "maximum", _("ten hoogste %(count)s.") % {"count": ctx.get("le", ctx.get("lt"))}
    if kind.startswith("int"):
        return "type", _("geef een geheel getal.")
    if kind.startswith("bool"):
        return "type", _("geef true of false.")
    if kind.startswith("string"):
        return "type", _("geef tekst.")
    if kind.startswith("list"):
        return "type", _("geef een lijst.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "type", _("geef een JSON-object.")
    return "invalid", _("deze waarde is niet toegestaan.")


def validation_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """django-ninja's pydantic errors as problem items. A location is (source, field, ...),
    where a body schema adds the name of its parameter after the source."""
    items = []
    for error in errors:
        location, *parts = error.get("loc") or ("body",)
        if location == "body" and parts:
            parts = parts[1:]
        code, reason = _reason(error)
        items.append(error_item(str(location), field_path(parts), code, reason))
    return items


def invalid_input(request: HttpRequest, items: list[dict[str, Any]]) -> HttpResponse:
    """400 for wrong parameters or a body that is not JSON, 422 when the content of a JSON
    body is refused."""
    status = 422 if any(item["in"] == "body" and item["code"] != "json" for item in items) else 400
    count = len(items)
    with translation.override(language_of(request)):
        detail = translation.ngettext(
            "%(count)s waarde is niet in orde; zie errors.",
            "%(count)s waarden zijn niet in orde; zie errors.", count) % {"count": count}
    return problem_response(request, status, detail=detail, type_=TYPE_INVALID_PARAMS,
                            errors=items)


def engine_errors(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    """The engine's problems (every field path it found) in the active language."""
    return [error_item("body", problem.path, problem.code, problem_reason(problem))
            for problem in problems]
