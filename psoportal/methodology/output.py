"""The ``pso score`` output: a Score as JSON-ready values (assessment-format.md).

Exact figures are rounded here and only here: percentages half-up to 2 decimals, fte to 4,
banen to 2. Decimal quantities are strings so no reader turns them into floats.
"""

from __future__ import annotations

from typing import Any

from .assessment import parse_assessment_json
from .counting import RowFigures
from .rounding import BANEN_PLACES, fte_text, pct_text, plain, round_half_up
from .scoring import Score, Step, score


def score_document(data: str | bytes, *, explain: bool = False) -> dict[str, Any]:
    """A ``pso-assessment/1`` JSON text scored: what ``pso score`` prints and what the open
    API's score endpoint answers, so the two can never differ. Raises InvalidAssessment
    (every problem with its field path) or HandbookNotFound."""
    assessment = parse_assessment_json(data)
    return score_to_dict(score(assessment, with_rows=explain), explain=explain)


def score_to_dict(score: Score, *, explain: bool = False) -> dict[str, Any]:
    """Output keys as in the format document, plus ``total_fte``, ``aspects`` and the
    next-level extras; ``explain`` adds the trace (and per-row figures when scored with them)."""
    s = score
    nl = s.next_level
    result: dict[str, Any] = {
        "handbook": s.handbook,
        "total_fte": plain(s.total_fte),
        "direct_fte": fte_text(s.direct_fte),
        "direct_pct": pct_text(s.direct_pct),
        "indirect_fte": fte_text(s.indirect_fte),
        "indirect_pct": pct_text(s.indirect_pct),
        "indirect_pct_counted": pct_text(s.indirect_pct_counted),
        "indirect_capped": s.indirect_capped,
        "total_pct": pct_text(s.total_pct),
        "z": s.z,
        "size_row": s.size_row,
        "norm_published": None if s.norm_row is None else s.norm_row.published,
        "norms": None
        if s.norm_row is None
        else {code: plain(value) for code, value in s.norm_row.norms.items()},
        "quantitative_level": s.quantitative_level,
        "level": s.level,
        "aspects": dict(s.aspects),
        "pso30plus": {
            "pct": None if s.pso30plus.pct is None else pct_text(s.pso30plus.pct),
            "eligible": s.pso30plus.eligible,
        },
        "banenafspraak": {
            "pct": pct_text(s.banenafspraak.pct),
            "banen": plain(round_half_up(s.banenafspraak.banen, BANEN_PLACES)),
        },
        "next_level": None
        if nl is None
        else {
            "level": nl.level,
            "norm": plain(nl.norm),
            "extra_direct_fte": plain(nl.extra_direct_fte),
            "extra_direct_fte_new_staff": plain(nl.extra_direct_fte_new_staff),
            "extra_purchase_amount": None
            if nl.extra_purchase_amount is None
            else plain(nl.extra_purchase_amount),
        },
        "costs": {
            "annual_contribution": _opt(s.costs.annual_contribution),
            "pso30plus_fee": plain(s.costs.pso30plus_fee),
            "audit_mandays": _opt(s.costs.audit_mandays),
        },
        "warnings": [
            {"code": w.code, "message": w.message, "params": _jsonable(dict(w.params))}
            for w in s.warnings
        ],
    }
    if explain:
        result["explanation"] = {
            "steps": [_step(step) for step in s.steps],
            "rows": None if s.rows is None else [_row(r) for r in s.rows],
        }
    return result


def _opt(value: Any) -> str | None:
    return None if value is None else plain(value)


def _step(step: Step) -> dict[str, Any]:
    return {
        "figure": step.figure,
        "value": step.value,
        "rule": step.rule,
        "text": step.text,
        "inputs": dict(step.inputs),
    }


def _row(row: RowFigures) -> dict[str, Any]:
    return {
        "ref": row.ref,
        "counted_days": row.counted_days,
        "fte": fte_text(row.fte),
        "weighted_fte": fte_text(row.weighted_fte),
    }


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v if isinstance(v, str | int | bool) or v is None else str(v) for k, v in params.items()
    }
