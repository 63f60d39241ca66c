"""Shared by the API tests: register certificates to find, and a check of every response against
the API's own OpenAPI document (status documented, media type, body schema, headers)."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from decimal import Decimal
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from psoportal.certification.models import (
    Certificate,
    CertificateScope,
    certificate_search_name,
)
from psoportal.register.api import api

BASE = "/api/v1"
TODAY = dt.date(2026, 6, 15)


def certificate(number: str, *, name: str = "Groen B.V.", kvks: tuple[str, ...] = ("11223344",),
                level: str = "trede_2", kind: str = Certificate.Kind.LEVEL,
                start: dt.date = dt.date(2025, 9, 1), end: dt.date = dt.date(2027, 8, 31),
                city: str = "Utrecht", institution: str = "Keurmerk Certificering B.V.",
                **fields: Any) -> Certificate:
    """A certificate taken over from the old register (no application), with its scope."""
    made = Certificate.objects.create(
        source=Certificate.Source.IMPORT, kind=kind, number=number,
        verification_code=secrets.token_urlsafe(32), level=level, organisation_name=name,
        city=city, institution_name=institution, handbook_version="2.2", start=start, end=end,
        supplier_turnover=Decimal("2345678.90"), supplier_weighted_fte=Decimal("12.3456"),
        search_name=certificate_search_name([name, *(f"{name} {kvk}" for kvk in kvks[1:])]),
        **fields,
    )
    CertificateScope.objects.bulk_create(
        CertificateScope(certificate=made, kvk=kvk, name=name if index == 0 else f"{name} {kvk}",
                         is_main=index == 0)
        for index, kvk in enumerate(kvks)
    )
    return made


@cache
def document() -> dict[str, Any]:
    return json.loads(json.dumps(api.get_openapi_schema()))


def _operation(method: str, path: str) -> dict[str, Any]:
    """The OpenAPI operation a concrete request path (under /api/v1) belongs to."""
    relative = path.split("?")[0].removeprefix(BASE)
    for template, item in document()["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, relative) and method.lower() in item:
            return item[method.lower()]
    raise AssertionError(f"{method} {path} is not in the OpenAPI document")


def conforms(response, method: str, path: str) -> Any:
    """Assert the response is what the OpenAPI document promises; returns the parsed body."""
    operation = _operation(method, path)
    status = str(response.status_code)
    assert status in operation["responses"], f"{status} not documented for {method} {path}"
    promised = operation["responses"][status]
    media_type = response["Content-Type"].split(";")[0]
    assert media_type in promised["content"], (media_type, list(promised["content"]))
    for header in promised.get("headers", {}):
        assert response.has_header(header), f"{header} missing"
    body = json.loads(response.content)
    schema = {**promised["content"][media_type]["schema"], "components": document()["components"]}
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(body)
    return body
