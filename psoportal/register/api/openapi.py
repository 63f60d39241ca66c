"""The OpenAPI 3 document of the open API, as the NL API Design Rules want it: paths relative to
a server URL that carries the major version (/core/uri-version), a contact (/core/doc-openapi-
contact), the API-Version header on every response (/core/version-header) and every error as
application/problem+json (/core/error-handling/problem-details).

django-ninja writes the paths and schemas from the endpoints; this module adds what it cannot
know. The document is the same for every request, so it is built once per process.
"""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

from django.conf import settings
from ninja import NinjaAPI

from psoportal.methodology.limits import MAX_PURCHASES, MAX_TARGET_GROUP_ROWS
from psoportal.register.api.conf import API_VERSION, BASE_PATH
from psoportal.register.api.problems import MEDIA_TYPE

VERSION_HEADER = {
    "description": "The full version of the API that answered (semantic versioning).",
    "schema": {"type": "string"},
    "example": API_VERSION,
}
CORS_HEADER = {
    "description": "Any origin may read the answer (no credentials are ever used).",
    "schema": {"type": "string", "enum": ["*"]},
}
RETRY_AFTER = {
    "description": "Seconds until the client address may call again.",
    "schema": {"type": "integer", "minimum": 1},
}

ERROR_DESCRIPTIONS = {
    400: "A query or path parameter is wrong or unknown, or the body is not JSON (see errors).",
    404: "Not found.",
    405: "This path does not serve the method (see Allow).",
    413: "The request body is larger than this API accepts.",
    422: "The body's content is refused (see errors, each with its field path).",
    429: "The client address used up its calls for now (see Retry-After).",
    500: "The server failed; nothing was changed (the API changes nothing).",
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details. title and the reasons in errors follow "
                   "Accept-Language: Dutch (default) or English.",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string", "description": "about:blank, or a tag URI naming the kind "
                                                  "of problem (invalid-params, "
                                                  "invalid-assessment)."},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string", "description": "The path of the request."},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemError"}},
    },
}
PROBLEM_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["in", "name", "code", "detail"],
    "properties": {
        "in": {"type": "string", "enum": ["query", "path", "body"]},
        "name": {"type": "string", "description": "The field path: minLevel, kvkNumbers[3], "
                                                  "target_group[3].hours_per_week."},
        "pointer": {"type": "string", "description": "JSON pointer into the body (RFC 6901 "
                                                     "as a URI fragment), for body fields."},
        "code": {"type": "string", "description": "The JSON Schema keyword that failed "
                                                  "(required, pattern, maxItems, ...), unknown "
                                                  "for a parameter that does not exist, or the "
                                                  "engine's problem code."},
        "detail": {"type": "string", "description": "The reason, in the response's language."},
    },
}
_STRING = {"type": "string"}
_OPTIONAL_STRING = {"type": ["string", "null"]}
ASSESSMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A pso-assessment/1 document: what MijnPSO steps 1-5 collect for one "
                   "rekentool (assessment-format.md; the web app exports it). Its members keep "
                   "the format's own snake_case names. Every rule the engine checks beyond this "
                   "outline is reported as a 422 problem with the field path.",
    "required": ["format", "date", "organisation", "peiljaar", "workforce"],
    "properties": {
        "format": {"type": "string", "enum": ["pso-assessment/1"]},
        "handbook": {**_OPTIONAL_STRING, "description": "A handbook version; null: the one in "
                                                        "force on date."},
        "date": {"type": "string", "format": "date"},
        "organisation": {"type": "object"},
        "peiljaar": {"type": "object"},
        "workforce": {"type": "object"},
        "target_group": {"type": "array", "items": {"type": "object"},
                         "maxItems": MAX_TARGET_GROUP_ROWS},
        "purchases": {"type": "array", "items": {"type": "object"}, "maxItems": MAX_PURCHASES},
        "qualitative": {"type": "object"},
    },
}
SCORE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The result exactly as pso score prints it (assessment-format.md, \"pso "
                   "score output\"): decimal figures as strings, levels as handbook codes.",
    "required": ["handbook", "total_fte", "direct_fte", "direct_pct", "indirect_fte",
                 "indirect_pct", "indirect_pct_counted", "indirect_capped", "total_pct", "z",
                 "size_row", "norm_published", "norms", "quantitative_level", "level",
                 "aspects", "pso30plus", "banenafspraak", "next_level", "costs", "warnings"],
    "properties": {
        "handbook": _STRING,
        "total_fte": _STRING,
        "direct_fte": _STRING,
        "direct_pct": _STRING,
        "indirect_fte": _STRING,
        "indirect_pct": _STRING,
        "indirect_pct_counted": _STRING,
        "indirect_capped": {"type": "boolean"},
        "total_pct": _STRING,
        "z": {"type": "integer"},
        "size_row": {"type": ["integer", "null"]},
        "norm_published": {"type": ["boolean", "null"]},
        "norms": {"type": ["object", "null"], "additionalProperties": _STRING},
        "quantitative_level": _STRING,
        "level": _STRING,
        "aspects": {"type": "object", "additionalProperties": {"type": "boolean"}},
        "pso30plus": {"type": "object", "required": ["pct", "eligible"], "properties": {
            "pct": _OPTIONAL_STRING, "eligible": {"type": "boolean"}}},
        "banenafspraak": {"type": "object", "required": ["pct", "banen"], "properties": {
            "pct": _STRING, "banen": _STRING}},
        "next_level": {"type": ["object", "null"]},
        "costs": {"type": "object", "required": ["annual_contribution", "pso30plus_fee",
                                                 "audit_mandays"], "properties": {
            "annual_contribution": _OPTIONAL_STRING, "pso30plus_fee": _STRING,
            "audit_mandays": _OPTIONAL_STRING}},
        "warnings": {"type": "array", "items": {"type": "object", "required": ["code",
                                                                               "message"]}},
        "explanation": {"type": "object", "description": "With explain=true: the trace."},
    },
}

# Which errors an operation can answer, besides 400, 405, 429 and 500 that every one can.
EXTRA_ERRORS = {
    "getCertificate": (404,),
    "checkKvkBulk": (413, 422),
    "score": (413, 422),
}
COMMON_ERRORS = (400, 405, 429, 500)


def _problem_response(status: int) -> dict[str, Any]:
    headers: dict[str, Any] = {"API-Version": VERSION_HEADER,
                               "Access-Control-Allow-Origin": CORS_HEADER}
    if status == 429:
        headers["Retry-After"] = RETRY_AFTER
    return {
        "description": ERROR_DESCRIPTIONS[status],
        "headers": headers,
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _parameter(parameter: dict[str, Any]) -> None:
    """A parameter that may be left out is not "null": a query string cannot say null, so
    its schema is the value's own (django-ninja writes pydantic's anyOf [value, null])."""
    value = parameter["schema"]
    options = value.pop("anyOf", None)
    if options:
        value.update(next(option for option in options if option.get("type") != "null"))
    value.pop("title", None)


def _drop_titles(node: Any) -> None:
    """pydantic titles every member after its Python name ("Kvknumbers"); the names are the
    documentation, the titles only noise in Swagger UI."""
    if isinstance(node, dict):
        for member in (node.get("properties") or {}).values():
            if isinstance(member, dict):
                member.pop("title", None)
        for value in node.values():
            _drop_titles(value)
    elif isinstance(node, list):
        for value in node:
            _drop_titles(value)


def _unused(schema: dict[str, Any]) -> set[str]:
    """Components nothing refers to: the parameter models django-ninja lists (their fields are
    the parameters)."""
    text = json.dumps({key: value for key, value in schema.items() if key != "components"})
    components = schema["components"]["schemas"]
    used: set[str] = set()
    pending = [name for name in components if f'"#/components/schemas/{name}"' in text]
    while pending:
        name = pending.pop()
        if name in used:
            continue
        used.add(name)
        inner = json.dumps(components[name])
        pending += [other for other in components if f'"#/components/schemas/{other}"' in inner]
    return set(components) - used


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    """django-ninja's document with what the design rules ask for added."""
    schema = deepcopy(schema)
    schema["info"]["contact"] = {
        "name": "PSO-Nederland",
        "url": settings.SITE_URL,
        "email": settings.API_CONTACT_EMAIL,
    }
    schema["servers"] = [{"url": BASE_PATH, "description": "This site"}]
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    components["ProblemError"] = PROBLEM_ERROR_SCHEMA
    components["Assessment"] = ASSESSMENT_SCHEMA
    components["Score"] = SCORE_SCHEMA
    for item in schema["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                _parameter(parameter)
            responses = operation.setdefault("responses", {})
            for response in responses.values():
                response.setdefault("headers", {}).update(
                    {"API-Version": VERSION_HEADER, "Access-Control-Allow-Origin": CORS_HEADER})
            statuses = COMMON_ERRORS + EXTRA_ERRORS.get(operation.get("operationId", ""), ())
            for status in sorted(statuses):
                responses[str(status)] = _problem_response(status)
    for name in _unused(schema):
        del components[name]
    _drop_titles(schema["components"])
    return schema


class OpenApi(NinjaAPI):
    """NinjaAPI whose document has paths relative to BASE_PATH and the additions above."""

    _document: dict[str, Any] | None = None

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> Any:
        if self._document is None:
            self._document = complete(dict(super().get_openapi_schema(path_prefix="")))
        return self._document
