"""A draft's document moves from 2.2 to the synthetic 2.3 (issue 14 §4-§5): renamed codes take
their new name, data of a removed category or question is set aside and listed, a new question
is left unanswered, and the steps to look at again are named."""

from __future__ import annotations

import json

import pytest

from psoportal.methodology.assessment import parse_assessment
from psoportal.methodology.handbook import (
    HANDBOOK_DIR,
    HandbookRegistry,
    load_handbook,
    parse_handbook_text,
)
from psoportal.methodology.migration import (
    STEP_QUALITATIVE,
    STEP_TARGET_GROUP,
    migrate_document,
)
from psoportal.methodology.scoring import score

pytestmark = pytest.mark.no_db

OLD = load_handbook(HANDBOOK_DIR / "2.2.toml")
NEW = parse_handbook_text(
    (HANDBOOK_DIR.parents[2] / "docs" / "handbooks" / "2.3-synthetisch.toml").read_bytes(),
    source="2.3-synthetisch.toml")


def _document(rows, qualitative=None):
    return {
        "format": "pso-assessment/1", "handbook": "2.2", "date": "2026-06-01",
        "organisation": {"name": "Voorbeeld B.V.", "kvk": "12345678", "entities": [],
                         "fulltime_hours": "40"},
        "peiljaar": {"start": "2025-01-01", "end": "2025-12-31"},
        "workforce": {"total_fte": "20", "average_headcount": "22",
                      "sw_seconded_out_fte": "0"},
        "target_group": rows, "purchases": [],
        "qualitative": qualitative or {},
    }


def _row(ref, category):
    return {"ref": ref, "category": category, "contract": "regular", "hours_per_week": "40",
            "employed_from": "2024-01-01", "employed_until": None, "inflow_date": "2024-01-01"}


def test_a_renamed_category_follows_and_a_removed_one_is_set_aside():
    document = _document([_row("A", "wiw_id"), _row("B", "status_lost"), _row("C", "wsw")])
    moved = migrate_document(document, old=OLD, new=NEW)
    assert [r["category"] for r in moved.document["target_group"]] == ["id_baan", "wsw"]
    [aside] = moved.set_aside
    assert (aside.kind, aside.code, aside.ref) == ("target_group", "status_lost", "B")
    assert STEP_TARGET_GROUP in moved.recheck
    assert moved.renamed == 1
    assert moved.document["handbook"] == "2.3"
    assert document["target_group"][0]["category"] == "wiw_id"  # the input is untouched


def test_answers_per_question_follow_the_questions_and_a_new_one_is_unanswered():
    document = _document([_row("A", "wsw")], {"passend_werk": [True, False],
                                              "integratie": True})
    moved = migrate_document(document, old=OLD, new=NEW)
    codes = [q.code for a in NEW.aspects if a.code == "passend_werk" for q in a.questions]
    assert codes.index("inwerkplan") == 1
    assert moved.document["qualitative"]["passend_werk"] == [True, None, False]
    assert moved.document["qualitative"]["integratie"] is True
    assert STEP_QUALITATIVE in moved.recheck
    assert STEP_TARGET_GROUP not in moved.recheck and moved.set_aside == ()


def test_a_document_without_anything_to_change_moves_as_it_is():
    document = _document([_row("A", "wsw")], {"passend_werk": True})
    moved = migrate_document(document, old=OLD, new=NEW)
    assert moved.recheck == frozenset() and moved.set_aside == () and moved.renamed == 0
    assert moved.document["target_group"] == document["target_group"]


def test_the_moved_document_is_valid_under_the_new_version_and_scores():
    document = _document([_row("A", "wiw_id"), _row("B", "status_lost")])
    document["handbook"] = None
    moved = migrate_document(document, old=OLD, new=NEW)
    moved.document["handbook"] = "2.3"
    result = score(parse_assessment(json.loads(json.dumps(moved.document)),
                                    registry=HandbookRegistry([OLD, NEW])), handbook=NEW)
    assert result.handbook == "2.3"
