"""POST /api/v1/score: the free calculator as a service answers exactly what `pso score` prints
(issue 12), refuses what it refuses with every field path, and is bounded as it is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from psoportal.methodology.limits import MAX_DOCUMENT_BYTES
from tests.methodology.builders import doc, purchase, row
from tests.methodology.test_refusals import REFUSALS, _base, _set
from tests.register.api_support import BASE, certificate, conforms

pytestmark = pytest.mark.django_db

PSO = Path(sys.executable).with_name("pso")
EXAMPLES = Path(__file__).parents[3] / "shared" / "domain" / "examples"
INPUTS = sorted(p for p in EXAMPLES.glob("*.json") if not p.name.endswith(".expected.json"))
URL = f"{BASE}/score"


def pso(*args):
    return subprocess.run(  # noqa: S603 - our own command with test-made arguments
        [str(PSO), *map(str, args)], capture_output=True, timeout=120, check=False)


def score(client, body, *, explain=False, **headers):
    path = URL + ("?explain=true" if explain else "")
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    response = client.post(path, data, content_type="application/json", **headers)
    return conforms(response, "POST", path), response


def test_the_shared_examples_are_there():
    assert len(INPUTS) >= 6


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
@pytest.mark.parametrize("explain", [False, True], ids=["plain", "explain"])
def test_it_answers_exactly_what_pso_score_prints_for_each_shared_example(client, path, explain):
    cli = pso("score", *(["--explain"] if explain else []), path)
    assert cli.returncode == 0, cli.stderr.decode()
    body, response = score(client, path.read_bytes(), explain=explain)
    assert response.status_code == 200
    assert body == json.loads(cli.stdout)
    expected = json.loads(path.with_name(path.name.replace(".json", ".expected.json")).read_text())
    assert _subset(expected, body)


def _subset(expected, actual) -> bool:
    """Every key of the expected file with an equal value (the output has more keys)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and _subset(value, actual[key]) for key, value in expected.items())
    return expected == actual


@pytest.fixture(scope="module")
def refusals(tmp_path_factory):
    """Every refusal of the engine's own tests as a file, all scored by the command in one run:
    (document, the command's problem lines for it)."""
    directory = tmp_path_factory.mktemp("api-refusals")
    files = []
    for number, (where, value, _path, _code) in enumerate(REFUSALS):
        document = _base()
        _set(where, value)(document)
        file = directory / f"case{number:03d}.json"
        file.write_text(json.dumps(document), encoding="utf-8")
        files.append(file)
    cli = pso("score", *files)
    assert cli.returncode == 2
    lines = cli.stderr.decode().splitlines()
    return [
        (file.read_text(), [line.removeprefix(f"{file}: ") for line in lines
                            if line.startswith(f"{file}: ")])
        for file in files
    ]


@pytest.mark.parametrize("number", range(len(REFUSALS)))
def test_a_refused_document_names_every_field_the_command_names(client, refusals, number):
    text, cli_lines = refusals[number]
    body, response = score(client, text)
    assert response.status_code == 422
    assert body["type"].endswith("invalid-assessment")
    assert len(body["errors"]) == len(cli_lines), (body["errors"], cli_lines)
    for error, line in zip(body["errors"], cli_lines, strict=True):
        assert error["in"] == "body"
        if error["name"]:
            assert line.startswith(f"{error['name']}: "), (error, line)
    assert REFUSALS[number][2] in [error["name"] for error in body["errors"]]


def test_a_refusal_speaks_dutch_or_english(client):
    document = doc(row("A"), row("B"), row("C"), row("D", hours_per_week="81"))
    body, response = score(client, document)
    assert response.status_code == 422
    assert body["title"] == "Het document is geen geldige pso-assessment/1"
    [error] = body["errors"]
    assert (error["name"], error["pointer"]) == ("target_group[3].hours_per_week",
                                                 "#/target_group/3/hours_per_week")
    body, _response = score(client, document, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert body["title"] == "The document is not a valid pso-assessment/1"


def test_a_purchase_from_a_register_supplier_is_never_completed_from_the_register(client, db):
    """The holder's turnover and weighted fte are confidential: the calculator must not fill
    them in (nor let anyone learn them by trying amounts)."""
    certificate("PSO-2025-000001", kvks=("11223344",))
    document = doc(row(), purchases=(purchase(kvk="11223344", supplier_turnover=None,
                                              supplier_weighted_fte=None),))
    body, response = score(client, document)
    assert response.status_code == 422
    assert {error["name"] for error in body["errors"]} == {
        "purchases[0].supplier_turnover", "purchases[0].supplier_weighted_fte"}
    assert "2345678" not in response.content.decode()


def test_a_body_that_is_not_json_is_a_400_problem(client):
    body, response = score(client, b"\xff\xfe not json")
    assert response.status_code == 400
    assert [error["code"] for error in body["errors"]] == ["not_json"]


def test_a_document_larger_than_the_command_reads_is_refused_unread(client):
    body, response = score(client, "{}", CONTENT_LENGTH=str(MAX_DOCUMENT_BYTES + 1))
    assert response.status_code == 413
    assert body["status"] == 413 and "32 MB" in body["detail"]
