""""Controleer een certificaat" (issue 12 §2): by certificate number to that certificate's
verification page, whatever its status; by KvK number every certificate whose scope holds it,
newest first, with its status today. Numbers are enumerable, so lookups are rate-limited per
address and network (docs/rate-limits.md)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from psoportal.accounts.models import SecurityEvent
from psoportal.accounts.ratelimit import POLICY
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db

URL = reverse("register:check")


def _check(client, **params):
    return client.get(URL, params)


def _field_error(response, field: str) -> str:
    match = re.search(rf'<p class="field-error" id="id_{field}_error">([^<]*)</p>',
                      response.text)
    return match.group(1) if match else ""


def test_the_empty_form_asks_for_a_number_without_errors(client, today):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="nummer"' in response.text and 'name="kvk"' in response.text
    assert "field-error" not in response.text and "<title>Fout:" not in response.text


@pytest.mark.parametrize("fields", [
    {},
    {"start": dt.date(2022, 1, 1), "end": dt.date(2023, 12, 31)},
    {"lapsed_on": dt.date(2025, 3, 1)},
    {"revoked_on": dt.date(2025, 6, 1)},
    {"start": dt.date(2025, 9, 1)},
], ids=["geldig", "verlopen", "vervallen", "ingetrokken", "nog niet geldig"])
def test_a_number_leads_to_its_verification_page_whatever_its_status(client, today, fields):
    made = certificate(number="PSO-2024-000123", **({"start": dt.date(2024, 1, 1)} | fields))
    response = _check(client, nummer="PSO-2024-000123")
    assert response.status_code == 302
    assert response["Location"] == reverse("verify_certificate", args=[made.verification_code])


def test_a_number_is_found_in_any_case_and_with_spaces_around_it(client, today):
    made = certificate(number="PSO-2024-000123")
    response = _check(client, nummer="  pso-2024-000123 ")
    assert response["Location"] == reverse("verify_certificate", args=[made.verification_code])


def test_an_unknown_number_says_so_on_the_form(client, today):
    certificate(number="PSO-2024-000123")
    response = _check(client, nummer="PSO-2024-000124")
    assert response.status_code == 200
    assert _field_error(response, "nummer") == (
        "Er is geen certificaat met nummer PSO-2024-000124. Controleer het nummer zoals het op "
        "het certificaat staat.")
    assert "<title>Fout:" in response.text
    assert 'value="PSO-2024-000124"' in response.text


def test_a_kvk_number_lists_every_certificate_of_its_scope_newest_first_with_status_today(
    client, today
):
    new = certificate(name="Groen & Schoon B.V.", kvks=["12345678"], start=dt.date(2025, 3, 1),
                      number="PSO-2025-000002")
    certificate(name="Groen & Schoon B.V.", kvks=["12345678"], start=dt.date(2023, 9, 1),
                lapsed_on=dt.date(2025, 3, 1), superseded_by=new, number="PSO-2023-000001")
    certificate(name="Groen & Schoon B.V.", kvks=["12345678"], start=dt.date(2025, 3, 1),
                pso30plus=True, revoked_on=dt.date(2025, 7, 1), number="PSO-2025-000003")
    # The KvK number is one of the entities in another holder's scope.
    certificate(name="Holding Groen B.V.", kvks=["99990000", "12345678"],
                start=dt.date(2021, 1, 1), number="PSO-2021-000001")
    certificate(name="Ander B.V.", kvks=["55556666"], number="PSO-2025-000009")
    response = _check(client, kvk="1234 5678")
    assert response.status_code == 200
    text = response.text
    assert "4 certificaten voor KvK-nummer 12345678" in text
    assert "De status is die van vandaag, 15-08-2025." in text
    numbers = re.findall(r">(PSO-\d{4}-\d{6})</a></th>", text)
    assert numbers == ["PSO-2025-000003", "PSO-2025-000002", "PSO-2023-000001",
                       "PSO-2021-000001"]
    statuses = re.findall(r'class="register-status[^"]*">([^<]+)</span>', text)
    assert statuses == ["ingetrokken", "geldig", "vervallen", "verlopen"]
    assert "per 01-07-2025" in text and "per 01-03-2025" in text
    assert "PSO-2025-000009" not in text


def test_a_kvk_number_without_certificates_says_so_on_the_form(client, today):
    response = _check(client, kvk="12345678")
    assert _field_error(response, "kvk") == (
        "Er is geen PSO-certificaat gevonden voor KvK-nummer 12345678, ook geen verlopen of "
        "ingetrokken certificaat.")


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"nummer": "", "kvk": ""}, "nummer", "Vul een certificaatnummer of een KvK-nummer in."),
    ({"nummer": "PSO-2024-000123", "kvk": "12345678"}, "kvk",
     "Vul een certificaatnummer óf een KvK-nummer in, niet allebei: maak een van de twee "
     "velden leeg."),
    ({"kvk": "123"}, "kvk", "Een KvK-nummer bestaat uit 8 cijfers."),
    ({"nummer": "PSO<script>"}, "nummer",
     "Een certificaatnummer bestaat uit letters, cijfers en streepjes, bijvoorbeeld "
     "PSO-2025-000123."),
    ({"nummer": "P" * 31}, "nummer", ""),  # Django's own length message
])
def test_invalid_input_gets_a_dutch_message_and_costs_no_lookup(
    client, today, params, field, message
):
    response = _check(client, **params)
    assert response.status_code == 200
    error = _field_error(response, field)
    assert error and error.startswith(message)
    assert not response.text.count("register-status")


def test_anyone_may_check_also_a_logged_in_outsider(client, login, charlie, today):
    made = certificate(number="PSO-2024-000123")
    login(charlie)
    response = _check(client, nummer="PSO-2024-000123")
    assert response["Location"] == reverse("verify_certificate", args=[made.verification_code])


def test_lookups_are_limited_per_address_with_a_timed_cool_off(client, today):
    certificate(number="PSO-2024-000123", kvks=["12345678"])
    capacity = POLICY["register-check-ip"].capacity
    for index in range(capacity):
        # Hits and misses both count: each one tells something about a number.
        params = {"nummer": "PSO-2024-000123"} if index % 2 else {"kvk": "87654321"}
        assert _check(client, **params).status_code in (200, 302)
    # Refused input costs nothing.
    assert _check(client, kvk="123").status_code == 200
    refused = _check(client, nummer="PSO-2024-000123")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "U heeft het te vaak geprobeerd." in refused.text
    assert f'href="{URL}"' in refused.text
    event = SecurityEvent.objects.get(event_type=SecurityEvent.Type.RATE_LIMITED)
    assert event.details == {"scope": "register-check-ip"}


def test_another_address_is_not_slowed_down(client, today):
    certificate(number="PSO-2024-000123")
    capacity = POLICY["register-check-ip"].capacity
    for _ in range(capacity + 1):
        _check(client, nummer="PSO-2024-000123")
    other = client.get(URL, {"nummer": "PSO-2024-000123"}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_the_verification_page_itself_is_not_limited(client, today):
    made = certificate()
    url = reverse("verify_certificate", args=[made.verification_code])
    for _ in range(POLICY["register-check-ip"].capacity + 1):
        assert client.get(url).status_code == 200
