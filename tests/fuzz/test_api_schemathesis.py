"""The whole JSON API of the site (there is one, the register's, django-ninja, anonymous):
schemathesis drives it from its own OpenAPI document (issue 12): generated valid and
invalid requests for every operation, through Django's WSGI application in this process, must
never get a 5xx and always get what the document promises (status, media type, schema,
headers; invalid data refused with a 4xx, valid data accepted).

CI-sized and deterministic: a fixed number of examples per operation, derandomized (the "ci"
Hypothesis profile of tests/conftest.py), well under a minute.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.register.api_support import certificate

# Enough to reach every parameter and the coverage phase's edge cases in well under a minute.
EXAMPLES = 25


@pytest.fixture
def in_test_transaction():
    """Requests go straight to Django's WSGI handler, which closes the database connection
    after each one (request_finished): that would end the test's transaction on PostgreSQL.
    Django's own test client holds these signals back the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def register_data(db, settings, in_test_transaction):
    # The fuzzer sends hundreds of requests from one address; the limits have their own tests.
    settings.API_RATE_LIMITED = False
    certificate("PSO-2025-000001", kvks=("11223344", "22334455"))
    certificate("PSO-2025-000002", name="Blauw B.V.", kvks=("33445566",), level="trede_3",
                kind="pso30plus")
    certificate("PSO-2023-000009", name="Oud B.V.", kvks=("44556677",),
                start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31))


# Loaded through the API itself: GET /api/v1/openapi.json (no database needed).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_the_api_keeps_every_promise_of_its_openapi_document(case, register_data):
    # The score endpoint's schema outlines the pso-assessment/1 document; most documents that
    # fit the outline still break a rule of the rule book (D > T, dates in the peiljaar, ...)
    # and are refused with a 422 naming the field, which is right. Every other check holds.
    excluded = [positive_data_acceptance] if case.operation.path == "/score" else []
    case.call_and_validate(excluded_checks=excluded)


def test_the_one_json_api_of_the_site_is_the_one_driven_here():
    # A second NinjaAPI (or a router mounted elsewhere) would be an API schemathesis never
    # sees: every django-ninja route of the URLconf must be an operation of this document.
    from django.urls import URLPattern, URLResolver, get_resolver

    def ninja_routes(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from ninja_routes(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.callback.__module__.startswith("ninja"):
                yield prefix + str(entry.pattern)

    documented = {"api/v1" + path.replace("{", "<").replace("}", ">")
                  for path in schema.raw_schema["paths"]}
    assert set(ninja_routes(get_resolver())) == documented
