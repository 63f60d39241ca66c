"""Hostile and oversized input is refused quickly, in little memory, with a message per field.

Each input goes through ``parse_assessment_json`` in process (time and traced peak memory) and
through the real ``pso score`` command (exit status 2, one line per problem, no traceback).
The limits come from psoportal/methodology/limits.py, the one source every reader follows.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from psoportal.methodology import limits
from psoportal.methodology.assessment import parse_assessment, parse_assessment_json
from psoportal.methodology.problems import InvalidAssessment

from .builders import doc, purchase, row, scored

PSO = Path(sys.executable).with_name("pso")
SECONDS = 2.0  # generous: each one takes well under a second alone
PEAK_MB = 100


def _text(document, **raw_numbers):
    """JSON text of ``document`` with bare (unquoted) number literals put in by key."""
    text = json.dumps(document)
    for key, literal in raw_numbers.items():
        text = text.replace(f'"{key}": "__{key}__"', f'"{key}": {literal}')
    return text


def _with(document, where, value):
    *parents, last = where.split(".")
    target = document
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return document


def _base():
    return doc(row("R-1"), purchases=(purchase(),))


def _bare(where, literal):
    """The base document with a bare JSON number literal at ``where``."""
    key = where.rsplit(".", 1)[-1]
    return _text(_with(_base(), where, f"__{key}__"), **{key: literal})


HOSTILE = {
    # name: (input text or bytes, expected (path, code) of the first problem)
    "zero with a huge negative exponent as total fte": (
        _bare("workforce.total_fte", "0E-999999999"),
        ("workforce.total_fte", "too_many_decimals"),
    ),
    "a 20-digit exponent": (
        _bare("workforce.total_fte", "1e999999999999999999999"),
        ("workforce.total_fte", "number_too_large"),
    ),
    "a 20-digit negative exponent": (
        _bare("purchases.0.amount", "1e-999999999999999999999"),
        ("purchases[0].amount", "number_too_large"),
    ),
    "a 9-digit exponent within Decimal's range": (
        _bare("purchases.0.supplier_turnover", "1E+999999999"),
        ("purchases[0].supplier_turnover", "number_too_large"),
    ),
    "a 19-million-digit JSON number": (
        _bare("workforce.total_fte", "9" * 19_000_000),
        ("workforce.total_fte", "number_too_large"),
    ),
    "a 19-million-digit decimal string": (
        json.dumps(_with(_base(), "purchases.0.amount", "1" * 19_000_000)),
        ("purchases[0].amount", "number_too_large"),
    ),
    "a 9-digit total fte": (
        json.dumps(_with(_base(), "workforce.total_fte", "123456789")),
        ("workforce.total_fte", "number_too_large"),
    ),
    "a purchase amount of 10^13 euros": (
        json.dumps(_with(_base(), "purchases.0.amount", "10000000000000.00")),
        ("purchases[0].amount", "number_too_large"),
    ),
    "an amount with three decimals": (
        json.dumps(_with(_base(), "purchases.0.amount", "10.001")),
        ("purchases[0].amount", "too_many_decimals"),
    ),
    "hours per week with three decimals": (
        _bare("target_group.0.hours_per_week", "32.125"),
        ("target_group[0].hours_per_week", "too_many_decimals"),
    ),
    "NaN as hours per week": (
        _bare("target_group.0.hours_per_week", "NaN"),
        ("target_group[0].hours_per_week", "not_number"),
    ),
    "a NUL byte in a reference": (
        json.dumps(_with(_base(), "target_group.0.ref", "R-\x001")),
        ("target_group[0].ref", "control_characters"),
    ),
    "a line break in a supplier name": (
        json.dumps(_with(_base(), "purchases.0.supplier", "Groen\nB.V.")),
        ("purchases[0].supplier", "control_characters"),
    ),
    "a 41-character reference": (
        json.dumps(_with(_base(), "target_group.0.ref", "R" * 41)),
        ("target_group[0].ref", "too_long"),
    ),
    "a 201-character supplier name": (
        json.dumps(_with(_base(), "purchases.0.supplier", "S" * 201)),
        ("purchases[0].supplier", "too_long"),
    ),
    "a 201-character organisation name": (
        json.dumps(_with(_base(), "organisation.name", "O" * 201)),
        ("organisation.name", "too_long"),
    ),
    "20 MB of semicolons": (";" * 20_000_000, ("", "not_json")),
    "20 MB of random bytes": (bytes(range(256)) * 80_000, ("", "not_json")),
    "a document of 32 MB and one byte": (
        b" " * limits.MAX_DOCUMENT_BYTES + b"{}",
        ("", "document_too_large"),
    ),
    "50,001 target-group rows": (
        json.dumps(doc(*[row(f"R-{i}") for i in range(limits.MAX_TARGET_GROUP_ROWS + 1)])),
        ("target_group", "too_many_rows"),
    ),
    "200,000 unknown keys": (
        json.dumps(_base()).replace(
            '"workforce": {', '"workforce": {' + "".join(f'"k{i}": 0, ' for i in range(200_000))
        ),
        ("workforce.k0", "unknown_key"),
    ),
    "a key of a million characters": (
        json.dumps(_with(_base(), "workforce." + "k" * 1_000_000, "1")),
        ("workforce.'" + "k" * 40 + "'…", "unknown_key"),
    ),
}


def _parse_measured(text):
    """The problems, the CPU seconds taken (on a busy machine wall time measures the other
    processes too), and the traced peak memory in MiB (a second run: tracing slows every
    allocation down, so it would distort the time)."""
    start = time.process_time()
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment_json(text)
    seconds = time.process_time() - start
    tracemalloc.start()
    try:
        with pytest.raises(InvalidAssessment):
            parse_assessment_json(text)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return e.value.problems, seconds, peak


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_input_is_refused_in_process_quickly_in_little_memory(name):
    text, expected = HOSTILE[name]
    problems, seconds, peak_mb = _parse_measured(text)
    assert (problems[0].path, problems[0].code) == expected
    assert seconds < SECONDS
    assert peak_mb < PEAK_MB


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pso_score(data: bytes | None = None, *files):
    """The result and the CPU seconds the command used: on a busy machine its wall time
    measures the other processes as much as this one."""
    before = _children_cpu()
    result = subprocess.run(  # noqa: S603 - our own command with test-made arguments
        [str(PSO), "score", *(files or ["-"])],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return result, _children_cpu() - before


@pytest.mark.parametrize("name", HOSTILE)
def test_pso_score_refuses_hostile_input_with_exit_2_and_one_line_per_problem(name):
    text, (path, _code) = HOSTILE[name]
    data = text if isinstance(text, bytes) else text.encode()
    result, seconds = pso_score(data)
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode()
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith(f"{path}: " if path else "<stdin>: ")
    assert seconds < SECONDS


def test_pso_score_of_dev_zero_reads_no_more_than_a_document_may_have():
    result, seconds = pso_score(None, "/dev/zero")
    assert result.returncode == 2
    assert result.stderr.decode() == "/dev/zero: the document is larger than 32 MB\n"
    assert seconds < SECONDS


def test_a_zero_written_with_a_huge_exponent_is_refused_like_any_absurd_literal():
    text = _bare("workforce.sw_seconded_out_fte", "0E-999999999")
    with pytest.raises(InvalidAssessment) as refused:
        parse_assessment_json(text)
    assert [(p.path, p.code) for p in refused.value.problems] == [
        ("workforce.sw_seconded_out_fte", "too_many_decimals")
    ]


def test_a_zero_written_out_in_full_is_plain_zero():
    text = json.dumps(_with(_base(), "purchases.0.amount", "-0.000000000"))
    assert parse_assessment_json(text).purchases[0].amount.as_tuple() == Decimal(0).as_tuple()
    text = _bare("workforce.sw_seconded_out_fte", "0E-12")
    parsed = parse_assessment_json(text)
    assert parsed.workforce.sw_seconded_out_fte.as_tuple() == Decimal(0).as_tuple()


def test_pso_score_refuses_a_zero_with_a_huge_exponent_at_once():
    result, seconds = pso_score(_bare("workforce.sw_seconded_out_fte", "0E-999999999").encode())
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode().startswith("workforce.sw_seconded_out_fte: ")
    assert seconds < SECONDS


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("workforce.total_fte", "99999999.9999"),
        ("workforce.sw_seconded_out_fte", "0.0001"),
        ("workforce.average_headcount", "9999999999.99"),
        ("purchases.0.amount", "1999999.99"),
        ("purchases.0.supplier_turnover", "9999999999999.99"),
        ("purchases.0.supplier_weighted_fte", "99999999.9999"),
        ("target_group.0.hours_per_week", "80.00"),
        ("target_group.0.ref", "R" * limits.REF_MAX_LENGTH),
        ("purchases.0.supplier", "S" * limits.NAME_MAX_LENGTH),
        ("organisation.entities", [{"name": "E" * limits.NAME_MAX_LENGTH, "kvk": "87654321"}]),
        ("target_group.0.hours_per_week", "32.000000"),  # trailing zeros are not decimals
    ],
)
def test_values_at_the_limit_are_accepted(where, value):
    parse_assessment(_with(_base(), where, value))


@pytest.mark.parametrize(
    ("where", "value", "code"),
    [
        ("workforce.total_fte", "100000000", "number_too_large"),
        ("workforce.total_fte", "1.00001", "too_many_decimals"),
        ("workforce.sw_seconded_out_fte", "0.00001", "too_many_decimals"),
        ("workforce.average_headcount", "10000000000", "number_too_large"),
        ("workforce.average_headcount", "1.001", "too_many_decimals"),
        ("purchases.0.supplier_turnover", "10000000000000", "number_too_large"),
        ("purchases.0.supplier_weighted_fte", "100000000", "number_too_large"),
        ("purchases.0.supplier_weighted_fte", "0.00001", "too_many_decimals"),
        ("organisation.fulltime_hours", "40.001", "too_many_decimals"),
        ("organisation.entities", [{"name": "E" * 201, "kvk": "87654321"}], "too_long"),
        ("organisation.entities", [{"name": "E\x7f", "kvk": "87654321"}], "control_characters"),
        ("target_group.0.category", "wia\x00", "control_characters"),
        ("target_group.0.category", "w" * 41, "too_long"),
        ("target_group.0.contract", "r" * 41, "too_long"),
        ("purchases.0.kind", "k" * 41, "too_long"),
    ],
)
def test_each_field_follows_its_own_limit(where, value, code):
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment(_with(_base(), where, value))
    assert [p.code for p in e.value.problems] == [code]


def test_the_messages_name_the_limit():
    d = _with(_base(), "target_group.0.ref", "R" * 41)
    _with(d, "workforce.total_fte", "123456789")
    _with(d, "purchases.0.amount", "1.001")
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment(d)
    assert [str(p) for p in e.value.problems] == [
        "workforce.total_fte: must be less than 10^8 (at most 8 digits before the decimal point)",
        "target_group[0].ref: must be at most 40 characters (this has 41)",
        "purchases[0].amount: must have at most 2 decimal places",
    ]
    assert e.value.problems[0].params == {"maximum": Decimal("99999999.9999"), "places": 4}
    assert e.value.problems[1].params == {"max_length": 40, "length": 41}


def test_too_many_purchases_and_entities_are_one_problem_each():
    d = _base()
    d["purchases"] = [purchase()] * (limits.MAX_PURCHASES + 1)
    d["organisation"]["entities"] = [{"name": "E", "kvk": "87654321"}] * (limits.MAX_ENTITIES + 1)
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment(d)
    assert [(p.path, p.code, p.params["count"]) for p in e.value.problems] == [
        ("organisation.entities", "too_many_rows", limits.MAX_ENTITIES + 1),
        ("purchases", "too_many_rows", limits.MAX_PURCHASES + 1),
    ]


def test_only_the_first_hundred_problems_are_listed_then_how_many_more():
    d = doc(*[row(f"R-{i}", hours_per_week="99") for i in range(5_000)])
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment(d)
    problems = e.value.problems
    assert len(problems) == limits.MAX_PROBLEMS + 1
    assert problems[99].path == "target_group[99].hours_per_week"
    assert (problems[-1].code, problems[-1].params["count"]) == ("more_problems", 4_900)
    assert str(problems[-1]) == "and 4900 more problems not listed"


def test_pso_score_prints_at_most_a_hundred_and_one_lines():
    d = doc(*[row(f"R-{i}", hours_per_week="99") for i in range(5_000)])
    result, _ = pso_score(json.dumps(d).encode())
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2
    assert len(lines) == 101
    assert lines[-1] == "<stdin>: and 4900 more problems not listed"


def test_problems_found_when_scoring_are_capped_too():
    bare = purchase(supplier_turnover=None, supplier_weighted_fte=None)
    with pytest.raises(InvalidAssessment) as e:
        scored(doc(row(), purchases=(bare,) * 1_000))
    assert len(e.value.problems) == limits.MAX_PROBLEMS + 1
    assert e.value.problems[-1].params["count"] == 1_900


def test_the_largest_honest_document_passes_the_value_count_and_a_flood_of_values_does_not():
    from psoportal.methodology.assessment import (
        _PURCHASE_OPTIONAL,
        _PURCHASE_REQUIRED,
        _ROW_OPTIONAL,
        _ROW_REQUIRED,
        _too_many_values,
    )

    # Every key a row or purchase may have; commas inside strings do not count.
    a_row = dict.fromkeys(_ROW_REQUIRED + _ROW_OPTIONAL, "a, b, c")
    a_purchase = dict.fromkeys(_PURCHASE_REQUIRED + _PURCHASE_OPTIONAL, "Groen, Blauw, B.V.")
    document = {
        "format": "pso-assessment/1",
        "organisation": {"entities": [{"name": "E, F", "kvk": "1"}] * limits.MAX_ENTITIES},
        "target_group": [a_row] * limits.MAX_TARGET_GROUP_ROWS,
        "purchases": [a_purchase] * limits.MAX_PURCHASES,
    }
    assert not _too_many_values(json.dumps(document))
    assert _too_many_values("[" + "0," * 2_000_000 + "0]")


def test_pso_score_refuses_millions_of_tiny_keys_before_parsing_them():
    flood = "{" + ",".join(f'"k{n}":0' for n in range(2_500_000)) + "}"
    result, seconds = pso_score(flood.encode())
    assert result.returncode == 2
    assert result.stderr.decode().startswith("<stdin>: the document holds more values than any")
    assert seconds < SECONDS
