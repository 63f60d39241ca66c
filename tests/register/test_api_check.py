"""GET /api/v1/check and POST /api/v1/check/bulk: was a KvK number certified on day D, at
level X or higher? One answer per number, in order; at most MAX_BULK_KVKS numbers a call."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from psoportal.register.api.conf import MAX_BULK_KVKS
from tests.register.api_support import BASE, certificate, conforms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def suppliers(db):
    groen = certificate("PSO-2025-000001", name="Groen B.V.", kvks=("11223344", "22334455"),
                        level="trede_2")
    certificate("PSO-2025-000002", name="Blauw B.V.", kvks=("33445566",), level="trede_3")
    certificate("PSO-2025-000003", name="Blauw B.V.", kvks=("33445566",), level="trede_3",
                kind="pso30plus")
    certificate("PSO-2024-000004", name="Groen Oud B.V.", kvks=("11223344",), level="trede_1",
                start=dt.date(2024, 3, 1), end=dt.date(2026, 2, 28),
                lapsed_on=dt.date(2025, 9, 1), superseded_by=groen)
    return groen


def check(client, **params):
    response = client.get(f"{BASE}/check", params)
    return conforms(response, "GET", f"{BASE}/check"), response


def bulk(client, payload, **headers):
    response = client.post(f"{BASE}/check/bulk", payload, content_type="application/json",
                           **headers)
    return conforms(response, "POST", f"{BASE}/check/bulk"), response


def test_a_certified_kvk_number_is_answered_with_its_certificate(client, suppliers):
    body, response = check(client, kvk="22334455")
    assert response.status_code == 200
    assert body == {
        "kvk": "22334455",
        "certified": True,
        "certificate": {
            "number": "PSO-2025-000001",
            "organisationName": "Groen B.V.",
            "level": {"code": "trede_2", "label": "Trede 2"},
            "start": "2025-09-01",
            "end": "2027-08-31",
            "status": {"code": "valid", "label": "geldig", "since": "2025-09-01"},
            "verificationUrl": "http://127.0.0.1:8000/certificaat/"
                               f"{suppliers.verification_code}/",
        },
        "pso30plus": None,
        "date": "2026-06-15",
        "minLevel": None,
    }


def test_an_unknown_kvk_number_is_not_certified(client, suppliers):
    body, _response = check(client, kvk="99999999")
    assert (body["certified"], body["certificate"], body["pso30plus"]) == (False, None, None)


def test_below_the_minimum_level_it_is_not_certified_but_the_certificate_is_named(
    client, suppliers
):
    body, _response = check(client, kvk="11223344", minLevel="trede_3")
    assert body["certified"] is False
    assert body["certificate"]["number"] == "PSO-2025-000001"
    assert body["minLevel"] == "trede_3"
    body, _response = check(client, kvk="11223344", minLevel="trede_2")
    assert body["certified"] is True


def test_the_spelling_min_level_of_the_published_check_url_works_too(client, suppliers):
    # GET /api/v1/check?kvk=…&date=…&min_level=… as issue 12 published it.
    body, _response = check(client, kvk="11223344", min_level="trede_3")
    assert (body["certified"], body["minLevel"]) == (False, "trede_3")
    body, _response = check(client, kvk="11223344", min_level="trede_2")
    assert body["certified"] is True


def test_the_answer_is_for_the_day_asked_about(client, suppliers):
    body, _response = check(client, kvk="11223344", date="2025-08-31")
    assert (body["certified"], body["certificate"]["number"]) == (True, "PSO-2024-000004")
    body, _response = check(client, kvk="22334455", date="2025-08-31")
    assert body["certified"] is False


def test_a_pso30plus_certificate_is_named_beside_the_level(client, suppliers):
    body, _response = check(client, kvk="33445566")
    assert body["certificate"]["number"] == "PSO-2025-000002"
    assert body["pso30plus"]["number"] == "PSO-2025-000003"


def test_the_check_refuses_a_malformed_kvk_number_and_an_unknown_level(client, suppliers):
    body, response = check(client, kvk="1234", minLevel="trede_9")
    assert response.status_code == 400
    assert [(e["in"], e["name"], e["code"]) for e in body["errors"]] == [
        ("query", "kvk", "pattern"), ("query", "minLevel", "enum")]


def test_the_bulk_check_answers_each_number_in_the_order_asked(client, suppliers):
    numbers = ["33445566", "99999999", "11223344", "33445566"]
    body, response = bulk(client, {"kvkNumbers": numbers, "minLevel": "trede_3"})
    assert response.status_code == 200
    assert (body["date"], body["minLevel"], body["count"]) == ("2026-06-15", "trede_3", 4)
    assert [(a["kvk"], a["certified"]) for a in body["answers"]] == [
        ("33445566", True), ("99999999", False), ("11223344", False), ("33445566", True)]
    single, _response = check(client, kvk="11223344", minLevel="trede_3")
    assert body["answers"][2] == {key: single[key] for key in body["answers"][2]}


def test_the_bulk_check_answers_for_the_day_given(client, suppliers):
    body, _response = bulk(client, {"kvkNumbers": ["11223344"], "date": "2025-08-31"})
    assert body["answers"][0]["certificate"]["number"] == "PSO-2024-000004"


def test_the_bulk_check_takes_at_most_the_bound_of_kvk_numbers(client, suppliers):
    body, response = bulk(client, {"kvkNumbers": [f"{n:08d}" for n in range(MAX_BULK_KVKS)]})
    assert (response.status_code, body["count"]) == (200, MAX_BULK_KVKS)
    body, response = bulk(client, {"kvkNumbers": [f"{n:08d}" for n in range(MAX_BULK_KVKS + 1)]})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert [(e["name"], e["code"], e["pointer"]) for e in body["errors"]] == [
        ("kvkNumbers", "maxItems", "#/kvkNumbers")]
    assert str(MAX_BULK_KVKS) in body["errors"][0]["detail"]


def test_the_bulk_check_names_every_bad_kvk_number_by_its_index(client, suppliers):
    body, response = bulk(client, {"kvkNumbers": ["11223344", "1234", "abcdefgh", 12345678]},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert body["title"] == "Unprocessable content"
    assert [(e["name"], e["pointer"], e["code"]) for e in body["errors"]] == [
        ("kvkNumbers[1]", "#/kvkNumbers/1", "pattern"),
        ("kvkNumbers[2]", "#/kvkNumbers/2", "pattern"),
        ("kvkNumbers[3]", "#/kvkNumbers/3", "type"),
    ]
    assert body["errors"][0]["detail"] == "a KvK number has 8 digits."


def test_the_bulk_check_refuses_an_unknown_member_and_a_missing_list(client, suppliers):
    body, response = bulk(client, {"kvk_numbers": ["11223344"]})
    assert response.status_code == 422
    assert {(e["name"], e["code"]) for e in body["errors"]} == {
        ("kvkNumbers", "required"), ("kvk_numbers", "unknown")}


def test_the_bulk_check_needs_as_many_queries_for_a_thousand_numbers_as_for_one(
    client, suppliers, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as one:
        bulk(client, {"kvkNumbers": ["11223344"]})
    with django_assert_max_num_queries(len(one.captured_queries)):
        bulk(client, {"kvkNumbers": ["11223344", "33445566"] * (MAX_BULK_KVKS // 2)})
