"""Every refusal of rule book §5.3 (and the format checks), with the path of the field."""

import json
from decimal import Decimal

import pytest

from psoportal.methodology.assessment import parse_assessment, parse_assessment_json
from psoportal.methodology.problems import InvalidAssessment

from .builders import doc, purchase, row, scored


def _set(path, value):
    """A change to a document: set the value at a dotted path (``[n]`` for list items)."""

    def change(d):
        *parents, last = path.replace("[", ".").replace("]", "").split(".")
        for part in parents:
            d = d[int(part)] if part.isdigit() else d[part]
        if value is _DELETE:
            del d[int(last) if last.isdigit() else last]
        else:
            d[int(last) if last.isdigit() else last] = value

    return change


_DELETE = object()


def _problems(document):
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment(document)
    return [(p.path, p.code) for p in e.value.problems]


def _base():
    return doc(
        row("R-1"),
        row("R-2", category="ww", hours_per_week="32"),
        purchases=(purchase(),),
    )


REFUSALS = [
    # unknown keys, at every level
    ("colour", "red", "colour", "unknown_key"),
    ("organisation.colour", "red", "organisation.colour", "unknown_key"),
    ("organisation.entities", [{"name": "N", "kvk": "87654321", "x": 1}],
     "organisation.entities[0].x", "unknown_key"),
    ("peiljaar.middle", "2024-06-30", "peiljaar.middle", "unknown_key"),
    ("workforce.fte", "1", "workforce.fte", "unknown_key"),
    ("target_group[1].hours", "32", "target_group[1].hours", "unknown_key"),
    ("purchases[0].vat", "21", "purchases[0].vat", "unknown_key"),
    ("qualitative.passend", True, "qualitative.passend", "unknown_key"),
    # missing required values
    ("format", _DELETE, "format", "missing"),
    ("date", None, "date", "missing"),
    ("organisation.kvk", _DELETE, "organisation.kvk", "missing"),
    ("organisation.fulltime_hours", None, "organisation.fulltime_hours", "missing"),
    ("peiljaar.end", _DELETE, "peiljaar.end", "missing"),
    ("workforce.total_fte", _DELETE, "workforce.total_fte", "missing"),
    ("target_group[0].category", _DELETE, "target_group[0].category", "missing"),
    ("target_group[1].employed_from", None, "target_group[1].employed_from", "missing"),
    ("target_group[0].ref", None, "target_group[0].ref", "missing"),
    ("purchases[0].amount", _DELETE, "purchases[0].amount", "missing"),
    # wrong types
    ("workforce.total_fte", "fifty", "workforce.total_fte", "not_number"),
    ("workforce.total_fte", "5,5", "workforce.total_fte", "not_number"),
    ("workforce.total_fte", True, "workforce.total_fte", "not_number"),
    ("target_group[1].hours_per_week", [32], "target_group[1].hours_per_week", "not_number"),
    ("purchases[0].amount", "1e5", "purchases[0].amount", "not_number"),
    ("workforce.total_fte", "1" * 16, "workforce.total_fte", "number_too_large"),
    ("target_group[0].hours_per_week", "1.0000000000001", "target_group[0].hours_per_week",
     "too_many_decimals"),
    ("date", "15-08-2025", "date", "not_date"),
    ("date", "20250815", "date", "not_date"),
    ("peiljaar.start", "2024-02-30", "peiljaar.start", "not_date"),
    ("target_group[0].employed_until", 2024, "target_group[0].employed_until", "not_date"),
    ("target_group[0].indicated_30plus", "yes", "target_group[0].indicated_30plus",
     "not_boolean"),
    ("qualitative.integratie", "ja", "qualitative.integratie", "not_boolean"),
    ("qualitative.integratie", [True, 1], "qualitative.integratie[1]", "not_boolean"),
    ("qualitative.integratie", [True], "qualitative.integratie", "answer_count"),
    ("organisation.name", "  ", "organisation.name", "empty"),
    ("organisation.name", 7, "organisation.name", "not_string"),
    ("target_group", {"ref": "R-1"}, "target_group", "not_list"),
    ("target_group[0]", "R-1", "target_group[0]", "not_object"),
    ("workforce", [], "workforce", "not_object"),
    # format checks
    ("format", "pso-assessment/2", "format", "wrong_format"),
    ("handbook", "9.9", "handbook", "unknown_handbook"),
    ("date", "2024-03-31", "date", "no_handbook"),
    ("organisation.kvk", "1234567", "organisation.kvk", "kvk_format"),
    ("organisation.kvk", 12345678, "organisation.kvk", "not_string"),
    ("purchases[0].kvk", "1122334A", "purchases[0].kvk", "kvk_format"),
    ("organisation.entities", [{"name": "N", "kvk": "876543210"}],
     "organisation.entities[0].kvk", "kvk_format"),
    ("organisation.fulltime_hours", 0, "organisation.fulltime_hours", "out_of_range"),
    ("organisation.fulltime_hours", "48.5", "organisation.fulltime_hours", "out_of_range"),
    # §5.3 refusals
    ("peiljaar.end", "2024-12-30", "peiljaar.end", "peiljaar_length"),
    ("peiljaar.end", "2025-01-01", "peiljaar.end", "peiljaar_length"),
    ("workforce.total_fte", "0", "workforce.total_fte", "not_positive"),
    ("workforce.total_fte", "-3", "workforce.total_fte", "not_positive"),
    ("workforce.sw_seconded_out_fte", "50", "workforce.sw_seconded_out_fte", "not_below_total"),
    ("workforce.sw_seconded_out_fte", "-1", "workforce.sw_seconded_out_fte", "negative"),
    ("workforce.average_headcount", -1, "workforce.average_headcount", "negative"),
    ("target_group[1].hours_per_week", "80.01", "target_group[1].hours_per_week", "out_of_range"),
    ("target_group[1].hours_per_week", "-1", "target_group[1].hours_per_week", "out_of_range"),
    ("target_group[0].category", "wajongg", "target_group[0].category", "unknown_category"),
    ("target_group[0].contract", "zero_hours", "target_group[0].contract", "unknown_contract"),
    ("target_group[0].employed_until", "2017-12-31", "target_group[0].employed_until",
     "end_before_start"),
    ("target_group[1].ref", "R-1", "target_group[1].ref", "duplicate_ref"),
    ("target_group[1].ref", " R-1 ", "target_group[1].ref", "duplicate_ref"),
    ("target_group[0].ref", "111222333", "target_group[0].ref", "bsn_in_ref"),
    ("target_group[0].ref", "emp 123456782", "target_group[0].ref", "bsn_in_ref"),
    ("purchases[0].amount", "-0.01", "purchases[0].amount", "negative"),
    ("purchases[0].amount", "2000000.01", "purchases[0].amount", "above_turnover"),
    ("purchases[0].supplier_turnover", "0", "purchases[0].supplier_turnover", "not_positive"),
    ("purchases[0].supplier_weighted_fte", "-1", "purchases[0].supplier_weighted_fte",
     "negative"),
    ("purchases[0].kind", "friend", "purchases[0].kind", "unknown_kind"),
]  # fmt: skip


@pytest.mark.parametrize(("where", "value", "path", "code"), REFUSALS)
def test_it_refuses_bad_input_naming_the_field(where, value, path, code):
    d = _base()
    _set(where, value)(d)
    assert (path, code) in _problems(d)


@pytest.mark.parametrize(("where", "value", "path", "code"), REFUSALS)
def test_each_refusal_is_the_only_problem_reported(where, value, path, code):
    d = _base()
    _set(where, value)(d)
    problems = _problems(d)
    # A wrong handbook date also makes the BSN-free base document fine otherwise.
    assert problems == [(path, code)]


def test_it_accepts_the_base_document():
    parse_assessment(_base())


def test_it_reports_every_problem_at_once_in_document_order():
    d = _base()
    d["organisation"]["kvk"] = "1"
    d["target_group"][0]["hours_per_week"] = "99"
    d["target_group"][1]["category"] = "x"
    d["target_group"][1]["employed_until"] = "2000-01-01"
    d["purchases"][0]["amount"] = "-5"
    assert _problems(d) == [
        ("organisation.kvk", "kvk_format"),
        ("target_group[0].hours_per_week", "out_of_range"),
        ("target_group[1].category", "unknown_category"),
        ("target_group[1].employed_until", "end_before_start"),
        ("purchases[0].amount", "negative"),
    ]


def test_messages_name_the_reason_and_carry_a_code_and_params():
    d = _base()
    d["target_group"][1]["hours_per_week"] = "81"
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment(d)
    (problem,) = e.value.problems
    assert str(problem) == "target_group[1].hours_per_week: must be between 0 and 80"
    assert problem.code == "out_of_range"
    assert (problem.params["minimum"], problem.params["maximum"]) == (0, 80)


def test_a_peiljaar_not_starting_in_january_must_still_be_twelve_months():
    parse_assessment(doc(peiljaar=("2023-07-01", "2024-06-30")))
    parse_assessment(doc(peiljaar=("2024-03-01", "2025-02-28")))
    assert _problems(doc(peiljaar=("2023-07-01", "2024-07-01"))) == [
        ("peiljaar.end", "peiljaar_length")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not JSON: the input is empty"),
        ("   \n", "not JSON: the input is empty"),
        ("{", "not JSON (line 1, column 2)"),
        ("[1, 2", "not JSON"),
        ("NaN", "must be an object"),
        ("[]", "must be an object"),
        ("[" * 100_000, "not JSON"),
    ],
)
def test_it_refuses_text_that_is_not_a_json_object(text, message):
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment_json(text)
    assert message in str(e.value)


def test_it_refuses_bytes_that_are_not_utf8():
    with pytest.raises(InvalidAssessment, match="not UTF-8"):
        parse_assessment_json(b"\xff\xfe{}")


def test_d_above_t_is_refused_after_counting():
    d = doc(row("R-1"), row("R-2"), row("R-3"), total_fte="2.5")
    with pytest.raises(InvalidAssessment) as e:
        scored(d)
    (problem,) = e.value.problems
    assert (problem.path, problem.code) == ("target_group", "direct_above_total")
    assert "D (3.0000)" in problem.message and "T (2.5)" in problem.message


def test_target_group_staff_adding_up_to_more_than_t_are_refused():
    # Two Wajong secondments of 22 hours: 1.1 fte, weighted D = 0.99 ≤ T = 1.00.
    d = doc(row("R-1", category="wajong", contract="secondment", hours_per_week="22"),
            row("R-2", category="wajong", contract="secondment", hours_per_week="22"),
            total_fte="1.00")  # fmt: skip
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment(d)  # every reader refuses it, an import as much as scoring
    (problem,) = e.value.problems
    assert (problem.path, problem.code) == ("target_group", "target_group_exceeds_total")
    assert dict(problem.params) == {
        "target_group_fte": Decimal("1.1000"),
        "total_fte": Decimal("1.00"),
    }
    assert str(problem) == (
        "target_group: the target-group staff add up to 1.1000 fte, more than the total fte "
        "T (1.00) they are part of: check their hours per week (step 3C) or the total fte "
        "(step 3B)"
    )


def test_the_target_group_fte_shown_is_rounded_up_so_it_never_looks_equal_to_t():
    # 40.01 hours of trial placement: D = 0.5 × 1 = 0.5; Σ fte = 40.001 / 40 > 1.
    d = doc(row(contract="trial", hours_per_week="40.00"),
            row("R-2", contract="trial", hours_per_week="0.01"), total_fte="1")  # fmt: skip
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment(d)
    assert e.value.problems[0].params["target_group_fte"] == Decimal("1.0003")


def test_target_group_staff_adding_up_to_exactly_t_are_accepted():
    d = doc(row("R-1", category="wajong", contract="secondment", hours_per_week="20"),
            row("R-2", category="wajong", contract="secondment", hours_per_week="20"),
            total_fte="1.00")  # fmt: skip
    s = scored(d)
    assert s.banenafspraak.pct == 100


def test_staff_are_checked_against_t_without_sw_employees_seconded_out():
    d = doc(row("R-1", category="wsw", contract="trial"),
            row("R-2", category="wsw", contract="trial"), total_fte="3")  # fmt: skip
    d["workforce"]["sw_seconded_out_fte"] = "1.5"
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment(d)
    assert e.value.problems[0].code == "target_group_exceeds_total"
    assert e.value.problems[0].params["total_fte"] == Decimal("1.5")


def test_d_equal_to_t_is_accepted():
    assert scored(doc(row("R-1"), row("R-2"), total_fte="2")).direct_pct == 100


def test_a_purchase_without_supplier_figures_cannot_be_scored():
    d = doc(row(), purchases=(purchase(supplier_turnover=None, supplier_weighted_fte=None),))
    with pytest.raises(InvalidAssessment) as e:
        scored(d)
    assert [p.path for p in e.value.problems] == [
        "purchases[0].supplier_turnover",
        "purchases[0].supplier_weighted_fte",
    ]


def test_json_with_a_float_literal_parses_exactly():
    text = json.dumps(doc(row())).replace('"total_fte": "50"', '"total_fte": 50.10')
    assert str(parse_assessment_json(text).workforce.total_fte) == "50.10"


def test_a_json_integer_of_thousands_of_digits_is_refused_as_too_large():
    text = json.dumps(doc(row())).replace('"total_fte": "50"', '"total_fte": ' + "9" * 5000)
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment_json(text)
    assert [(p.path, p.code) for p in e.value.problems] == [
        ("workforce.total_fte", "number_too_large")
    ]


def test_a_reference_with_a_lone_surrogate_is_refused():
    text = json.dumps(doc(row())).replace('"ref": "R-1"', '"ref": "R-\\ud800"')
    with pytest.raises(InvalidAssessment) as e:
        parse_assessment_json(text)
    assert [(p.path, p.code) for p in e.value.problems] == [("target_group[0].ref", "not_text")]


def test_non_ascii_text_is_fine():
    d = doc(row("Åsa-01"))
    d["organisation"]["name"] = "Zorggroep Noorderlicht — Groningen B.V."
    assert parse_assessment(d).target_group[0].ref == "Åsa-01"
