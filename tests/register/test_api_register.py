"""GET /api/v1/register: the register search with the filters of the register page, a count
and pages, every entry with exactly the listed fields (issue 12, rule book §11)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.register.api_support import BASE, TODAY, certificate, conforms

pytestmark = pytest.mark.django_db

ENTRY_FIELDS = {
    "number", "kind", "organisationName", "place", "kvkNumbers", "level", "pso30plus", "start",
    "end", "institution", "status", "verificationUrl",
}


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        yield TODAY


@pytest.fixture
def register(db):
    """A small register on 15-06-2026: four certificates in force, three that are not."""
    groen = certificate("PSO-2025-000001", name="Groen B.V.", kvks=("11223344", "22334455"),
                        level="trede_2", city="Utrecht")
    blauw = certificate("PSO-2025-000002", name="Blauw B.V.", kvks=("33445566",),
                        level="trede_3", city="Zwolle", institution="Andere Instelling")
    certificate("PSO-2025-000003", name="Blauw B.V.", kvks=("33445566",), level="trede_3",
                city="Zwolle", institution="Andere Instelling", kind="pso30plus")
    certificate("PSO-2024-000004", name="Oranje B.V.", kvks=("55667788",), level="aspirant",
                city="Utrecht", start=dt.date(2024, 9, 1), end=dt.date(2026, 8, 31))
    # Not in force today: expired, superseded by Groen's certificate, withdrawn.
    certificate("PSO-2022-000005", name="Rood B.V.", kvks=("66778899",), level="trede_1",
                city="Amsterdam", start=dt.date(2022, 1, 1), end=dt.date(2023, 12, 31))
    certificate("PSO-2024-000006", name="Groen Oud B.V.", kvks=("11223344",), level="trede_1",
                start=dt.date(2024, 3, 1), end=dt.date(2026, 2, 28),
                lapsed_on=dt.date(2025, 9, 1), superseded_by=groen)
    certificate("PSO-2025-000007", name="Paars B.V.", kvks=("77889900",), level="trede_2",
                revoked_on=dt.date(2026, 2, 1), revoked_reason="cancel_fraud")
    return {"groen": groen, "blauw": blauw}


def search(client, **params):
    response = client.get(f"{BASE}/register", params)
    return conforms(response, "GET", f"{BASE}/register"), response


def numbers(body):
    return [entry["number"] for entry in body["entries"]]


def test_it_lists_the_certificates_in_force_today_with_their_count(client, register):
    body, response = search(client)
    assert response.status_code == 200
    assert body["date"] == "2026-06-15"
    assert body["total"] == 4
    assert numbers(body) == ["PSO-2025-000002", "PSO-2025-000003", "PSO-2025-000001",
                             "PSO-2024-000004"]  # by name, then number


def test_an_entry_has_exactly_the_listed_fields_and_nothing_confidential(client, register):
    body, response = search(client, kvk="11223344")
    [entry] = body["entries"]
    assert set(entry) == ENTRY_FIELDS
    assert entry == {
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
        "verificationUrl": "http://127.0.0.1:8000/certificaat/"
                           f"{register['groen'].verification_code}/",
    }
    # The holder's turnover and weighted fte (for buyers' step 3D) never leave the server.
    text = response.content.decode()
    assert "2345678" not in text and "12.3456" not in text and "supplier" not in text


@pytest.mark.parametrize(("params", "expected"), [
    ({"name": "groen"}, ["PSO-2025-000001"]),
    ({"name": "Groen B.V. 22334455"}, ["PSO-2025-000001"]),  # an organisation in its scope
    ({"place": "utrecht"}, ["PSO-2025-000001", "PSO-2024-000004"]),
    ({"kvk": "22334455"}, ["PSO-2025-000001"]),
    ({"institution": "Andere Instelling"}, ["PSO-2025-000002", "PSO-2025-000003"]),
    ({"minLevel": "trede_2"}, ["PSO-2025-000002", "PSO-2025-000003", "PSO-2025-000001"]),
    ({"minLevel": "trede_3"}, ["PSO-2025-000002", "PSO-2025-000003"]),
    ({"pso30plus": "true"}, ["PSO-2025-000003"]),
    ({"pso30plus": "false"}, ["PSO-2025-000002", "PSO-2025-000001", "PSO-2024-000004"]),
    ({"place": "Utrecht", "minLevel": "trede_1"}, ["PSO-2025-000001"]),
    ({"name": "nobody"}, []),
], ids=lambda value: str(value))
def test_the_filters_of_the_register_page_narrow_the_search(client, register, params, expected):
    body, _response = search(client, **params)
    assert numbers(body) == expected
    assert body["total"] == len(expected)


def test_a_pso30plus_certificate_is_its_own_entry(client, register):
    body, _response = search(client, name="blauw")
    plus = [entry for entry in body["entries"] if entry["pso30plus"]]
    assert [(entry["number"], entry["kind"]) for entry in plus] == [("PSO-2025-000003",
                                                                      "pso30plus")]


@pytest.mark.parametrize(("day", "found"), [
    ("2023-06-01", {"PSO-2022-000005"}),  # expired since 2024
    ("2025-08-31", {"PSO-2024-000006", "PSO-2024-000004"}),  # superseded from 01-09-2025
    ("2025-09-01", {"PSO-2025-000001", "PSO-2025-000002", "PSO-2025-000003",
                    "PSO-2024-000004", "PSO-2025-000007"}),
    ("2026-01-31", {"PSO-2025-000001", "PSO-2025-000002", "PSO-2025-000003",
                    "PSO-2024-000004", "PSO-2025-000007"}),  # withdrawn from 01-02-2026
    ("2026-02-01", {"PSO-2025-000001", "PSO-2025-000002", "PSO-2025-000003",
                    "PSO-2024-000004"}),
    ("1900-01-01", set()),  # before the first handbook: the oldest handbook's ladder answers
])
def test_a_date_search_finds_certificates_on_the_days_they_were_in_force(
    client, register, day, found
):
    body, _response = search(client, date=day)
    assert set(numbers(body)) == found
    assert body["date"] == day


def test_the_status_says_verloopt_binnenkort_and_speaks_english_when_asked(client, register):
    body, _response = search(client, kvk="55667788")
    assert body["entries"][0]["status"] == {
        "code": "expiring_soon", "label": "verloopt binnenkort", "since": "2024-09-01"}
    response = client.get(f"{BASE}/register", {"kvk": "55667788"}, HTTP_ACCEPT_LANGUAGE="en")
    entry = conforms(response, "GET", f"{BASE}/register")["entries"][0]
    assert entry["status"]["label"] == "expires soon"
    assert entry["level"]["label"] == "Aspirant status"
    assert response["Content-Language"] == "en"


def test_sorting_and_pages_keep_the_count(client, register):
    body, _response = search(client, sort="-level", pageSize=2)
    assert (body["total"], body["page"], body["pageSize"]) == (4, 1, 2)
    assert numbers(body) == ["PSO-2025-000002", "PSO-2025-000003"]
    body, _response = search(client, sort="-level", pageSize=2, page=2)
    assert numbers(body) == ["PSO-2025-000001", "PSO-2024-000004"]
    body, _response = search(client, sort="-level", pageSize=2, page=3)
    assert (numbers(body), body["total"]) == ([], 4)


def test_a_page_holds_at_most_the_maximum_page_size(client, register):
    from psoportal.register.api.conf import MAX_PAGE_SIZE

    body, response = search(client, pageSize=MAX_PAGE_SIZE + 1)
    assert response.status_code == 400
    assert [(e["name"], e["code"]) for e in body["errors"]] == [("pageSize", "maximum")]


def test_the_number_of_queries_does_not_grow_with_the_page(
    client, register, django_assert_max_num_queries
):
    with django_assert_max_num_queries(50) as one:
        client.get(f"{BASE}/register", {"pageSize": 1})
    for index in range(30):
        certificate(f"PSO-2026-{index:06d}", name=f"Extra {index} B.V.",
                    kvks=(f"{90000000 + index}", f"{91000000 + index}"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"{BASE}/register", {"pageSize": 34})
    assert len(response.json()["entries"]) == 34
