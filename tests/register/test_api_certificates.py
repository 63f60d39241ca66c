"""GET /api/v1/certificates/{number}: one certificate by number, whatever its status, with
every certified fact (issue 12: "a certificate by number")."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.register.api_support import BASE, certificate, conforms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        yield


def get(client, number, **params):
    path = f"{BASE}/certificates/{number}"
    response = client.get(path, params)
    return conforms(response, "GET", path), response


def test_it_gives_every_certified_fact_of_a_certificate(client, db):
    made = certificate("PSO-2025-000001", kvks=("11223344", "22334455"))
    body, response = get(client, "PSO-2025-000001")
    assert response.status_code == 200
    assert body == {
        "number": "PSO-2025-000001",
        "kind": "level",
        "organisationName": "Groen B.V.",
        "place": "Utrecht",
        "kvkNumbers": ["11223344", "22334455"],
        "level": {"code": "trede_2", "label": "Trede 2"},
        "pso30plus": False,
        "start": "2025-09-01",
        "end": "2027-08-31",
        "institution": "Keurmerk Certificering B.V.",
        "status": {"code": "valid", "label": "geldig", "since": "2025-09-01"},
        "verificationUrl": f"http://127.0.0.1:8000/certificaat/{made.verification_code}/",
        "handbookVersion": "2.2",
        "supersededBy": None,
        "date": "2026-06-15",
    }
    assert "2345678" not in response.content.decode()


def test_the_number_is_found_whatever_its_case_and_spaces(client, db):
    certificate("PSO-2025-000001")
    body, _response = get(client, " pso-2025-000001 ")
    assert body["number"] == "PSO-2025-000001"


def test_a_superseded_certificate_names_its_successor(client, db):
    new = certificate("PSO-2025-000002", start=dt.date(2025, 9, 1))
    certificate("PSO-2024-000001", start=dt.date(2024, 3, 1), end=dt.date(2026, 2, 28),
                lapsed_on=dt.date(2025, 9, 1), superseded_by=new)
    body, _response = get(client, "PSO-2024-000001")
    assert body["status"] == {"code": "lapsed", "label": "vervallen", "since": "2025-09-01"}
    assert body["supersededBy"] == "PSO-2025-000002"


def test_a_withdrawn_certificate_is_found_but_not_the_reason(client, db):
    certificate("PSO-2025-000001", revoked_on=dt.date(2026, 2, 1), revoked_reason="fraude")
    body, response = get(client, "PSO-2025-000001")
    assert body["status"] == {"code": "revoked", "label": "ingetrokken", "since": "2026-02-01"}
    assert "fraude" not in response.content.decode()


def test_the_status_is_given_for_the_day_asked_about(client, db):
    certificate("PSO-2025-000001", revoked_on=dt.date(2026, 2, 1))
    body, _response = get(client, "PSO-2025-000001", date="2026-01-31")
    assert (body["status"]["code"], body["date"]) == ("valid", "2026-01-31")


def test_an_unknown_number_is_a_404_problem_in_the_language_asked_for(client, db):
    response = client.get(f"{BASE}/certificates/PSO-1999-000001", HTTP_ACCEPT_LANGUAGE="en")
    body = conforms(response, "GET", f"{BASE}/certificates/PSO-1999-000001")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert body == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "detail": "There is no certificate with number PSO-1999-000001.",
        "instance": "/api/v1/certificates/PSO-1999-000001",
    }
