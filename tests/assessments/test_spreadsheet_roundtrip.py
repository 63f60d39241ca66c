"""A whole rekentool as an xlsx workbook and back: lossless for every valid document."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from psoportal.assessments.spreadsheet import (
    assessment_from_xlsx,
    assessment_to_xlsx,
    target_group_template,
)
from psoportal.methodology.assessment import parse_assessment
from psoportal.methodology.dates import peiljaar_end
from psoportal.methodology.handbook import Handbook, handbook_for
from psoportal.methodology.limits import FTE, MONEY
from psoportal.methodology.rounding import plain

# The rule book's examples live next to the repository, in ../shared (tests/assessments/ →
# repository → its parent); never a machine's absolute path.
EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "shared" / "domain" / "examples"
EXAMPLES = sorted(p for p in EXAMPLES_DIR.glob("*.json") if not p.name.endswith(".expected.json"))
MISSING = EXAMPLES_DIR / "(no examples found)"
HANDBOOK = handbook_for(dt.date(2025, 8, 15))
LIMITS = HANDBOOK.limits


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return HANDBOOK


def roundtrip(document: dict[str, Any], handbook: Handbook) -> dict[str, Any]:
    result = assessment_from_xlsx(assessment_to_xlsx(document, handbook), handbook)
    assert result.errors == [], [str(e) for e in result.errors]
    assert result.document is not None
    return result.document


def example(name: str = "01-trede2-mixed.json") -> dict[str, Any]:
    path = EXAMPLES_DIR / name
    if not path.is_file():
        pytest.fail(_missing_message(path))
    return json.loads(path.read_text())


def _missing_message(path: Path) -> str:
    return (
        f"The rule book's example {path} is missing: the shared folder must sit next to the "
        "repository (../shared/domain/examples). Check out the shared folder there; these "
        "tests are never skipped."
    )


def edit(data: bytes, sheet: str, cells: dict[str, Any]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    for ref, value in cells.items():
        workbook[sheet][ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("path", EXAMPLES or [MISSING], ids=[p.stem for p in EXAMPLES or [MISSING]])
def test_every_example_round_trips_losslessly(handbook: Handbook, path: Path) -> None:
    if path == MISSING:
        pytest.fail(_missing_message(EXAMPLES_DIR / "*.json"))
    document = json.loads(path.read_text())
    assert parse_assessment(roundtrip(document, handbook)) == parse_assessment(document)


def test_the_workbook_has_the_documented_sheets(handbook: Handbook) -> None:
    workbook = load_workbook(io.BytesIO(assessment_to_xlsx(example(), handbook)))
    assert workbook.sheetnames == [
        "Rekentool",
        "Doelgroep",
        "Inkopen",
        "Kwalitatief",
        "Toelichting",
    ]
    header = [c.value for c in workbook["Inkopen"][1]]
    assert header == ["Leverancier", "KvK", "Soort", "Bedrag", "Omzet leverancier",
                      "Gewogen doelgroep-fte leverancier"]  # fmt: skip
    template = load_workbook(io.BytesIO(target_group_template(handbook, "xlsx")))
    assert [c.value for c in workbook["Doelgroep"][1]] == [
        c.value for c in template["Doelgroep"][1]
    ]


def test_purchases_entities_and_per_question_answers_round_trip(handbook: Handbook) -> None:
    document = example()
    document["organisation"]["entities"] = [
        {"name": "Voorbeeld Noord B.V.", "kvk": "01234567"},
        {"name": "=SOM(A1:A2)", "kvk": "87654321"},  # text, never a formula
    ]
    document["organisation"]["fulltime_hours"] = "38.5"
    document["workforce"]["average_headcount"] = None
    document["purchases"] = [
        {"supplier": "Groen B.V.", "kvk": "11223344", "kind": "pso_certified", "amount": "100000",
         "supplier_turnover": "2000000", "supplier_weighted_fte": "20"},
        {"supplier": "SW Bedrijf", "kvk": None, "kind": "sw_company",
         "amount": "1234567.89", "supplier_turnover": None,
         "supplier_weighted_fte": None},
    ]  # fmt: skip
    document["qualitative"] = {
        "passend_werk": [True, None],
        "integratie": None,
        "plan_van_aanpak": [False, True, True],
        "begeleiding": True,
    }
    # The largest amount the input limits allow: 15 significant digits, all that Excel keeps.
    largest = plain(MONEY.maximum)
    document["purchases"].append({**document["purchases"][1], "amount": largest})
    back = roundtrip(document, handbook)
    assert parse_assessment(back) == parse_assessment(document)
    assert back["purchases"][2]["amount"] == largest
    assert back["organisation"]["entities"][1]["name"] == "=SOM(A1:A2)"
    assert back["purchases"][1]["amount"] == "1234567.89"
    assert back["qualitative"]["passend_werk"] == [True, None]
    assert list(back["qualitative"]) == list(document["qualitative"])


def test_a_workbook_edited_in_excel_is_read_with_dutch_forms(handbook: Handbook) -> None:
    data = assessment_to_xlsx(example(), handbook)
    data = edit(data, "Rekentool", {"B5": "  Nieuwe Naam B.V. ", "B10": "49,5"})
    data = edit(data, "Inkopen", {"A2": "Groen", "C2": "sw_company", "D2": "1.500,25",
                                  "E2": "2000000", "F2": "3"})  # fmt: skip
    data = edit(data, "Kwalitatief", {"C2": "nee"})
    document = assessment_from_xlsx(data, handbook).document
    assert document is not None
    assert document["organisation"]["name"] == "Nieuwe Naam B.V."
    assert document["workforce"]["total_fte"] == "49.5"
    assert document["purchases"][0]["amount"] == "1500.25"
    assert document["purchases"][0]["kind"] == "sw_company"
    assert document["qualitative"]["passend_werk"] is False
    parse_assessment(document)


@pytest.mark.parametrize(
    ("sheet", "cells", "expected"),
    [
        ("Rekentool", {"A3": "Handboekversie"}, ("Rekentool", 3, "Veld", "unknown_field")),
        ("Rekentool", {"B5": dt.date(2020, 1, 1)}, ("Rekentool", 5, "Waarde", "bad_text")),
        ("Rekentool", {"B8": "gisteren"}, ("Rekentool", 8, "Waarde", "bad_date")),
        ("Doelgroep", {"A3": "111222333"}, ("Doelgroep", 3, "Referentie", "bsn")),
        ("Doelgroep", {"A3": "Jan de Vries"}, ("Doelgroep", 3, "Referentie", "name_like")),
        ("Doelgroep", {"D2": 99}, ("Doelgroep", 2, "Uren per week", "hours_range")),
        ("Inkopen", {"A2": "X", "C2": "cadeau", "D2": 5}, ("Inkopen", 2, "Soort", "unknown_kind")),
        ("Inkopen", {"A2": "X", "C2": "sw_company", "D2": "veel"},
         ("Inkopen", 2, "Bedrag", "bad_number")),
        ("Inkopen", {"A2": "X", "C2": "sw_company"}, ("Inkopen", 2, "Bedrag", "required")),
        ("Inkopen", {"G1": "Opmerking"}, ("Inkopen", 1, "Opmerking", "unknown_header")),
        ("Kwalitatief", {"A2": "humor"}, ("Kwalitatief", 2, "Aspect", "unknown_aspect")),
        ("Kwalitatief", {"C2": "soms"}, ("Kwalitatief", 2, "Antwoord", "bad_boolean")),
        ("Kwalitatief", {"A3": "passend_werk"}, ("Kwalitatief", 3, "Aspect", "duplicate_aspect")),
    ],
)  # fmt: skip
def test_import_errors_name_the_sheet_row_and_column(
    handbook: Handbook, sheet: str, cells: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    data = edit(assessment_to_xlsx(example(), handbook), sheet, cells)
    result = assessment_from_xlsx(data, handbook)
    assert result.document is None
    assert [(e.sheet, e.row, e.column, e.code) for e in result.errors] == [expected]
    assert str(result.errors[0]).startswith(f"{sheet}, rij {expected[1]}")


def test_a_csv_or_pdf_is_not_a_rekentool_workbook(handbook: Handbook) -> None:
    assert [e.code for e in assessment_from_xlsx(b"a;b\r\n1;2\r\n", handbook).errors] == [
        "not_spreadsheet"
    ]
    assert [e.code for e in assessment_from_xlsx(b"%PDF-1.4 ...", handbook).errors] == [
        "not_spreadsheet"
    ]


def test_a_workbook_without_the_rekentool_sheet_is_refused(handbook: Handbook) -> None:
    result = assessment_from_xlsx(target_group_template(handbook, "xlsx"), handbook)
    assert [(e.code, e.sheet) for e in result.errors] == [("missing_sheet", "Rekentool")]


def test_an_unfinished_draft_exports_and_reads_back_as_the_same_draft(handbook: Handbook) -> None:
    draft = {"format": "pso-assessment/1", "date": "2025-08-15", "organisation": {"name": "X"},
             "target_group": [], "purchases": [], "qualitative": {}}  # fmt: skip
    document = roundtrip(draft, handbook)
    assert document["organisation"]["name"] == "X"
    assert document["organisation"]["kvk"] is None
    assert document["workforce"]["total_fte"] is None


def test_the_export_does_not_change_the_document(handbook: Handbook) -> None:
    document = example()
    before = copy.deepcopy(document)
    assessment_to_xlsx(document, handbook)
    assert document == before


# -- generated documents -----------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
    min_size=1,
    max_size=30,
).filter(lambda s: s == s.strip() and s != "")
_DAYS = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2030, 12, 31))


def _decimal(low: str, high: str, places: int = 4) -> st.SearchStrategy[str]:
    return st.decimals(
        min_value=Decimal(low), max_value=Decimal(high), places=places, allow_nan=False
    ).map(lambda d: format(d, "f"))


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


_ISO = _DAYS.map(dt.date.isoformat)


@st.composite
def target_rows(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(_DAYS)
    until = draw(_optional(st.dates(min_value=start, max_value=dt.date(2035, 12, 31))))
    return {
        "ref": "",  # filled in unique below
        "category": draw(st.sampled_from(sorted(HANDBOOK.categories))),
        "contract": draw(st.sampled_from(sorted(HANDBOOK.contracts))),
        "hours_per_week": draw(
            _decimal(plain(LIMITS.hours_per_week_min), plain(LIMITS.hours_per_week_max), 2)
        ),
        "employed_from": start.isoformat(),
        "employed_until": until.isoformat() if until else None,
        "inflow_date": draw(_optional(_ISO)),
        "lks_until": draw(_optional(_ISO)),
        "indication_until": draw(_optional(_ISO)),
        "school_left": draw(_optional(_ISO)),
        "indicated_30plus": draw(st.booleans()),
    }


@st.composite
def purchases(draw: st.DrawFn) -> dict[str, Any]:
    money = plain(MONEY.maximum)
    turnover = draw(_optional(_decimal("1", money, MONEY.places)))
    high = turnover if turnover is not None else money
    return {
        "supplier": draw(_TEXT),
        "kvk": draw(_optional(st.from_regex(r"\A[0-9]{8}\Z"))),
        "kind": draw(st.sampled_from(sorted(HANDBOOK.purchase_kinds))),
        "amount": draw(_decimal("0", high, MONEY.places)),
        "supplier_turnover": turnover,
        "supplier_weighted_fte": draw(_optional(_decimal("0", "10000", FTE.places))),
    }


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for aspect in HANDBOOK.aspects:
        if draw(st.booleans()):
            single = st.one_of(st.none(), st.booleans())
            per_question = st.lists(single, min_size=len(aspect.questions),
                                    max_size=len(aspect.questions))  # fmt: skip
            result[aspect.code] = draw(st.one_of(single, per_question))
    return result


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2026, 12, 31)))
    low, high = LIMITS.fulltime_hours_min, LIMITS.fulltime_hours_max
    fulltime = draw(
        st.one_of(st.integers(int(low), int(high)), _decimal(plain(low), plain(high), 2))
    )
    rows = draw(st.lists(target_rows(), max_size=12))
    # The target group is part of the workforce: T at least the staff's unweighted fte.
    staff = sum((Decimal(r["hours_per_week"]) for r in rows), Decimal(0)) / Decimal(fulltime)
    least = max(staff.quantize(Decimal("0.0001"), rounding=ROUND_CEILING), Decimal("0.0001"))
    total = draw(_decimal(plain(least), "100000", FTE.places).filter(lambda v: Decimal(v) > 0))
    refs = draw(st.lists(st.from_regex(r"\A[A-Z]{1,3}-[0-9]{1,5}\Z"), min_size=len(rows),
                         max_size=len(rows), unique=True))  # fmt: skip
    for row, ref in zip(rows, refs, strict=True):
        row["ref"] = ref
    return {
        "format": "pso-assessment/1",
        "handbook": draw(st.sampled_from([None, HANDBOOK.version])),
        "date": draw(
            st.dates(min_value=HANDBOOK.effective, max_value=dt.date(2030, 1, 1))
        ).isoformat(),
        "organisation": {
            "name": draw(_TEXT),
            "kvk": draw(st.from_regex(r"\A[0-9]{8}\Z")),
            "entities": draw(
                st.lists(
                    st.fixed_dictionaries({"name": _TEXT, "kvk": st.from_regex(r"\A[0-9]{8}\Z")}),
                    max_size=3,
                )
            ),
            "fulltime_hours": fulltime,
        },
        "peiljaar": {
            "start": start.isoformat(),
            "end": peiljaar_end(start, LIMITS.peiljaar_months).isoformat(),
        },
        "workforce": {
            "total_fte": total,
            "average_headcount": draw(_optional(st.integers(0, 100000))),
            # Seconded staff are not counted in T, so they come out of the room left above the
            # target group's fte.
            "sw_seconded_out_fte": draw(_decimal("0", plain(Decimal(total) - least), FTE.places)),
        },
        "target_group": rows,
        "purchases": draw(st.lists(purchases(), max_size=4)),
        "qualitative": draw(answers()),
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_round_trip_losslessly(document: dict[str, Any]) -> None:
    expected = parse_assessment(document)  # the generator makes valid documents only
    assert parse_assessment(roundtrip(document, HANDBOOK)) == expected
