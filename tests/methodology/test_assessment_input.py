"""Reading and writing pso-assessment/1 documents (assessment-format.md)."""

import dataclasses
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from psoportal.methodology.assessment import (
    assessment_to_dict,
    parse_assessment,
    parse_assessment_json,
)
from psoportal.methodology.problems import InvalidAssessment

from .builders import doc, purchase, row

EXAMPLES = Path(__file__).parents[3] / "shared" / "domain" / "examples"
INPUTS = sorted(p for p in EXAMPLES.glob("*.json") if not p.name.endswith(".expected.json"))


def test_the_shared_examples_are_there():
    assert len(INPUTS) >= 6


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_it_writes_an_example_back_exactly(path):
    text = path.read_text(encoding="utf-8")
    assessment = parse_assessment_json(text)
    assert assessment_to_dict(assessment) == json.loads(text)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_a_written_document_parses_to_the_same_assessment(path):
    assessment = parse_assessment_json(path.read_bytes())
    again = parse_assessment_json(json.dumps(assessment_to_dict(assessment)))
    assert again == assessment


def test_it_keeps_lists_of_answers_and_entities_and_optional_values():
    d = doc(
        row(employed_until="2024-06-30", inflow_date="2018-02-01", indicated_30plus=True),
        purchases=(purchase(kvk=None, supplier_turnover=None, supplier_weighted_fte=None),),
        qualitative={"passend_werk": [True, False], "integratie": None},
    )
    d["organisation"]["entities"] = [{"name": "Noord B.V.", "kvk": "87654321"}]
    d["workforce"]["average_headcount"] = None
    d["handbook"] = "2.2"
    assert assessment_to_dict(parse_assessment(d)) == d


def test_it_reads_numbers_as_decimals_never_floats():
    a = parse_assessment_json(json.dumps(doc(row(hours_per_week="20.5"), total_fte="12.25")))
    assert a.target_group[0].hours_per_week == Decimal("20.5")
    assert a.workforce.total_fte == Decimal("12.25")
    assert isinstance(a.organisation.fulltime_hours, Decimal)


@pytest.mark.parametrize("hours", ["36", 36, Decimal("36.0"), "36.000"])
def test_it_accepts_json_numbers_and_decimal_strings(hours):
    a = parse_assessment(doc(row(hours_per_week=hours)))
    assert a.target_group[0].hours_per_week == 36


def test_json_numbers_with_a_fraction_stay_exact():
    text = json.dumps(doc(row())).replace('"hours_per_week": "40"', '"hours_per_week": 0.1')
    assert parse_assessment_json(text).target_group[0].hours_per_week == Decimal("0.1")


def test_it_refuses_a_float_because_its_digits_are_already_lost():
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment(doc(row(hours_per_week=0.1)))
    assert [(p.path, p.code) for p in e.value.problems] == [
        ("target_group[0].hours_per_week", "inexact_number")
    ]


def test_it_reads_dates_and_defaults():
    a = parse_assessment(doc(row(inflow_date=None), row("R-2", indicated_30plus=None)))
    r = a.target_group[0]
    assert r.employed_from == date(2018, 1, 1) and r.inflow_date is None
    assert a.target_group[1].indicated_30plus is False
    assert a.peiljaar.days == 366


def test_a_minimal_document_needs_no_lists():
    d = doc()
    for key in ("handbook", "target_group", "purchases", "qualitative"):
        del d[key]
    del d["organisation"]["entities"]
    del d["workforce"]["average_headcount"], d["workforce"]["sw_seconded_out_fte"]
    a = parse_assessment(d)
    assert a.target_group == () and a.purchases == () and dict(a.qualitative) == {}
    assert a.workforce.sw_seconded_out_fte == 0


def test_the_parsed_assessment_is_immutable():
    a = parse_assessment(doc(row()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.target_group[0].hours_per_week = Decimal(1)
    with pytest.raises(TypeError):
        a.qualitative["integratie"] = False


def test_sw_staff_seconded_out_are_excluded_from_t():
    d = doc(total_fte="50")
    d["workforce"]["sw_seconded_out_fte"] = "5"
    assert parse_assessment(d).workforce.counted_fte == 45


def test_it_reads_utf8_bytes_with_a_byte_order_mark():
    text = json.dumps(doc(row()), ensure_ascii=False).encode("utf-8-sig")
    assert parse_assessment_json(text).organisation.name == "Voorbeeld B.V."
