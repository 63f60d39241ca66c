"""The open API is rate-limited per client address (docs/rate-limits.md, "The open API"): every
call takes a token, a bulk check one more per KvK number, a score one per started block of its
document; an empty bucket answers 429 with Retry-After as a problem document."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import time_machine

from psoportal.accounts.models import SecurityEvent
from psoportal.accounts.ratelimit import POLICY, Limit
from psoportal.methodology.limits import MAX_DOCUMENT_BYTES
from psoportal.register.api.conf import MAX_BULK_KVKS, SCORE_BYTES_PER_TOKEN
from psoportal.register.api.score import score_weight
from tests.methodology.builders import doc, row
from tests.register.api_support import BASE, conforms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    """Buckets refill continuously; a slow test machine must not refill them mid-test."""
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        yield

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rate-limits.md"
CALLS = POLICY["api-ip"].capacity


def check(client, **headers):
    return client.get(f"{BASE}/check", {"kvk": "12345678"}, **headers)


def bulk(client, count):
    payload = {"kvkNumbers": [f"{n:08d}" for n in range(count)]}
    return client.post(f"{BASE}/check/bulk", payload, content_type="application/json")


def test_one_address_gets_a_429_problem_with_retry_after_once_its_calls_are_used_up(client):
    for _ in range(CALLS):
        assert check(client).status_code == 200
    response = check(client)
    problem = conforms(response, "GET", f"{BASE}/check")
    assert response.status_code == 429
    assert problem["title"] == "Te veel aanvragen"
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= POLICY["api-ip"].period
    assert f"over {seconds} seconde" in problem["detail"]
    english = check(client, HTTP_ACCEPT_LANGUAGE="en")
    assert json.loads(english.content)["title"] == "Too many requests"
    # The API has no accounts to protect: a refusal writes no security event.
    assert not SecurityEvent.objects.filter(event_type=SecurityEvent.Type.RATE_LIMITED).exists()


def test_refused_calls_count_too(client):
    for _ in range(CALLS):
        client.get(f"{BASE}/check", {"kvk": "bad"})
    assert check(client).status_code == 429


def test_another_address_is_not_slowed_down_and_a_forged_header_changes_nothing(client):
    for _ in range(CALLS):
        check(client)
    assert check(client, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert check(client, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_a_bulk_check_costs_one_token_per_kvk_number(client):
    full = POLICY["api-kvk-ip"].capacity // MAX_BULK_KVKS
    for _ in range(full):
        assert bulk(client, MAX_BULK_KVKS).status_code == 200
    response = bulk(client, MAX_BULK_KVKS)
    assert response.status_code == 429
    # A thousand tokens of a bucket that refills 5000 in 5 minutes: a minute to wait.
    limit = POLICY["api-kvk-ip"]
    assert int(response["Retry-After"]) == MAX_BULK_KVKS * limit.period // limit.capacity
    assert check(client).status_code == 200  # single checks are not held up by it


def test_a_score_costs_one_token_per_started_block_of_its_document(client, monkeypatch):
    monkeypatch.setitem(POLICY, "api-score-ip", Limit(3, 600))
    padded = json.dumps(doc(row())) + " " * SCORE_BYTES_PER_TOKEN  # two blocks: two tokens

    def post(text):
        return client.post(f"{BASE}/score", text, content_type="application/json")

    assert post(padded).status_code == 200
    assert post(padded).status_code == 429
    assert post(json.dumps(doc(row()))).status_code == 200  # the last token


def test_the_largest_calls_fit_a_full_bucket():
    assert POLICY["api-kvk-ip"].capacity >= MAX_BULK_KVKS
    assert score_weight(MAX_DOCUMENT_BYTES) <= POLICY["api-score-ip"].capacity
    assert score_weight(0) == 1


def test_the_limits_can_be_switched_off_for_a_load_test(client, settings):
    settings.API_RATE_LIMITED = False
    for _ in range(CALLS + 5):
        assert check(client).status_code == 200


def test_the_documented_api_limits_are_the_policy():
    table = re.findall(r"\| `(api-[a-z-]+)` \| address \| (\d+) \| (\d+) (min|h) \|",
                       DOCS.read_text())
    seconds = {"min": 60, "h": 3600}
    documented = {scope: Limit(int(capacity), int(amount) * seconds[unit])
                  for scope, capacity, amount, unit in table}
    assert documented == {scope: limit for scope, limit in POLICY.items()
                          if scope.startswith("api-")}
