"""Every error under /api/ is an RFC 9457 problem document (application/problem+json): type,
title, status, detail, instance, and errors with field paths for refused input; title and
reasons in Dutch, or English when Accept-Language prefers it. Never an HTML page, never a stack
trace, and the API-Version header on every answer."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from psoportal.register.api.conf import API_VERSION
from tests.register.api_support import BASE, conforms

pytestmark = pytest.mark.django_db

MEMBERS = {"type", "title", "status", "detail", "instance"}
BIG = json.dumps({"kvkNumbers": ["12345678"] * 300_000})  # past Django's 2.5 MB body limit

ERRORS = [
    # (method, path, body, status, title in Dutch, title in English)
    ("get", "/register?pageSize=0", None, 400, "De aanvraag is ongeldig", "Bad request"),
    ("get", "/check?kvk=12345678&minlevel=trede_2", None, 400, "De aanvraag is ongeldig",
     "Bad request"),
    ("post", "/check/bulk", "{not json", 400, "De aanvraag is ongeldig", "Bad request"),
    ("get", "/certificates/PSO-0000-000000", None, 404, "Niet gevonden", "Not found"),
    ("get", "/no-such-thing", None, 404, "Niet gevonden", "Not found"),
    ("get", "/register/", None, 404, "Niet gevonden", "Not found"),
    ("get", "/score", None, 405, "Deze methode is hier niet toegestaan", "Method not allowed"),
    ("delete", "/register", None, 405, "Deze methode is hier niet toegestaan",
     "Method not allowed"),
    ("post", "/check/bulk", BIG, 413, "De aanvraag is te groot", "Request too large"),
    ("post", "/check/bulk", '{"kvkNumbers": ["1"]}', 422, "De invoer is ongeldig",
     "Unprocessable content"),
    ("post", "/score", '{"format": "pso-assessment/1"}', 422,
     "Het document is geen geldige pso-assessment/1",
     "The document is not a valid pso-assessment/1"),
]


def call(client, method, path, body, **headers):
    kwargs = {"content_type": "application/json", **headers} if body is not None else headers
    args = (BASE + path, body) if body is not None else (BASE + path,)
    return getattr(client, method)(*args, **kwargs)


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    assert response["API-Version"] == API_VERSION
    assert response["Access-Control-Allow-Origin"] == "*"
    text = response.content.decode()
    assert "<html" not in text.lower() and "Traceback" not in text
    body = json.loads(text)
    assert set(body) >= MEMBERS
    assert body["status"] == status
    return body


@pytest.mark.parametrize(("method", "path", "body", "status", "dutch", "english"), ERRORS,
                         ids=[f"{e[3]} {e[0]} {e[1][:30]}" for e in ERRORS])
def test_every_error_is_a_problem_document_in_dutch_or_english(
    client, method, path, body, status, dutch, english
):
    response = call(client, method, path, body)
    problem = assert_problem(response, status)
    assert problem["title"] == dutch
    assert problem["instance"] == BASE + path.split("?")[0]
    assert response["Content-Language"] == "nl"
    english_response = call(client, method, path, body, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8")
    assert assert_problem(english_response, status)["title"] == english
    assert english_response["Content-Language"] == "en"


@pytest.mark.parametrize("header", ["", "de-DE,de;q=0.9", "*", "nl-BE", "fr, en;q=0.5"])
def test_dutch_is_the_default_unless_english_is_preferred(client, header):
    response = client.get(f"{BASE}/register?pageSize=0", HTTP_ACCEPT_LANGUAGE=header)
    expected = "Bad request" if header.startswith("fr") else "De aanvraag is ongeldig"
    assert json.loads(response.content)["title"] == expected


def test_refused_parameters_are_listed_with_their_field_paths(client):
    response = client.get(f"{BASE}/register", {"pageSize": "0", "sort": "colour",
                                               "date": "15-06-2026", "kvk": "1"})
    problem = conforms(response, "GET", f"{BASE}/register")
    assert problem["type"] == "tag:pso-nederland.nl,2026:api/problems/invalid-params"
    assert problem["detail"] == "4 waarden zijn niet in orde; zie errors."
    assert [(e["in"], e["name"], e["code"]) for e in problem["errors"]] == [
        ("query", "kvk", "pattern"), ("query", "date", "format"), ("query", "sort", "enum"),
        ("query", "pageSize", "minimum")]
    assert all("pointer" not in e for e in problem["errors"])  # pointers are for the body


def test_an_unknown_parameter_is_refused_rather_than_ignored(client):
    """minlevel for minLevel must not silently answer "certified at any level"."""
    response = client.get(f"{BASE}/check", {"kvk": "12345678", "minlevel": "trede_3"})
    problem = conforms(response, "GET", f"{BASE}/check")
    assert [(e["name"], e["code"]) for e in problem["errors"]] == [("minlevel", "unknown")]


def test_the_method_not_allowed_problem_keeps_the_allow_header(client):
    response = client.get(f"{BASE}/check/bulk")
    assert_problem(response, 405)
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_crash_is_a_500_problem_without_a_stack_trace(monkeypatch, settings, debug):
    settings.DEBUG = debug

    def crash(query):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("psoportal.register.api.register.register_queryset", crash)
    response = Client(raise_request_exception=False).get(f"{BASE}/register")
    problem = assert_problem(response, 500)
    assert "secret internals" not in response.content.decode()
    assert problem["title"] == "Er ging iets mis aan onze kant"


@pytest.mark.parametrize("path", ["/register", "/openapi.json", "/docs", "/nothing",
                                  "/certificates/X"])
def test_every_answer_carries_the_api_version(client, path):
    response = client.get(BASE + path)
    assert response["API-Version"] == API_VERSION
