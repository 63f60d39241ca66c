"""CORS open to every origin, and an API that reads no cookie at all.

The API's views are CSRF-exempt (django-ninja). security.md 43 allows that only where no cookie
authenticates a request: these tests prove that a logged-in visitor's session cookie (and any
other cookie) never reaches the API, so a page elsewhere cannot act with it, and that the API
never sets one."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from psoportal.accounts import auth_state
from psoportal.register.api import guard
from tests.conftest import full_login
from tests.register.api_support import BASE, certificate

pytestmark = pytest.mark.django_db

ORIGIN = "https://inkoop.gemeente.example"
BULK = {"kvkNumbers": ["11223344", "99999999"], "date": "2026-01-01"}


@pytest.fixture
def supplier(db):
    return certificate("PSO-2025-000001", kvks=("11223344",))


def test_any_origin_may_read_a_get_answer_without_credentials(client, supplier):
    response = client.get(f"{BASE}/check", {"kvk": "11223344"}, HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.has_header("Access-Control-Allow-Credentials")
    exposed = {h.strip() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"API-Version", "Retry-After", "Content-Language"} <= exposed


@pytest.mark.parametrize(("path", "methods"), [
    ("/check/bulk", "POST"), ("/score", "POST"), ("/register", "GET"), ("/check", "GET"),
    ("/certificates/PSO-2025-000001", "GET"),
])
def test_a_preflight_is_answered_with_the_methods_of_the_path(client, path, methods):
    response = client.options(BASE + path, HTTP_ORIGIN=ORIGIN,
                              HTTP_ACCESS_CONTROL_REQUEST_METHOD=methods,
                              HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == methods
    assert "Content-Type" in response["Access-Control-Allow-Headers"]
    assert int(response["Access-Control-Max-Age"]) > 0
    assert response["Allow"] == f"{methods}, OPTIONS"
    assert response.content == b""


def test_a_preflight_for_an_unknown_path_is_a_404_problem(client):
    response = client.options(f"{BASE}/nothing", HTTP_ORIGIN=ORIGIN,
                              HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_cross_origin_post_of_a_bulk_check_works_without_any_cookie(supplier):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{BASE}/check/bulk", BULK, content_type="application/json",
                           HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_session_cookie_never_reaches_the_api(supplier, alice, monkeypatch):
    seen = []
    real = guard.rate_limit_check

    def spy(request, checks, **kwargs):
        seen.append((dict(request.COOKIES), request.user.is_authenticated))
        return real(request, checks, **kwargs)

    monkeypatch.setattr(guard, "rate_limit_check", spy)
    anonymous = Client(enforce_csrf_checks=True)
    logged_in = Client(enforce_csrf_checks=True)
    full_login(logged_in, alice)
    logged_in.cookies["pso_language"] = "en"
    answers = []
    for browser in (anonymous, logged_in):
        response = browser.post(f"{BASE}/check/bulk", BULK, content_type="application/json")
        answers.append(response)
        assert response.status_code == 200  # no CSRF token needed: there is no session
        assert not response.cookies  # the API sets no cookie
        assert "cookie" not in response.get("Vary", "").lower()
    assert answers[0].content == answers[1].content  # the session changes nothing
    assert answers[1]["Content-Language"] == "nl"  # nor does the language cookie
    # What the API's code saw of each request: no cookie, no user.
    assert len(seen) == 4 and all(item == ({}, False) for item in seen)


def test_calling_the_api_does_not_keep_a_session_alive(client, alice, login):
    login(alice)
    session = client.session
    before = session[auth_state.SEEN_AT]
    # Long enough that any page of the site would record the visit in the session.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=20)):
        response = client.get(f"{BASE}/check", {"kvk": "11223344"})
    assert response.status_code == 200
    assert client.session[auth_state.SEEN_AT] == before
    assert json.loads(response.content)["certified"] is False
