"""Small builders of pso-assessment/1 documents for the engine tests."""

from __future__ import annotations

import copy
from typing import Any

from psoportal.methodology.assessment import parse_assessment
from psoportal.methodology.output import score_to_dict
from psoportal.methodology.scoring import Score, score

ALL_MET = {
    "passend_werk": True,
    "integratie": True,
    "functioneren_ontwikkeling": True,
    "begeleiding": True,
    "plan_van_aanpak": False,
}


def row(ref: str = "R-1", **fields: Any) -> dict[str, Any]:
    """A target-group row: a WIA employee, 40 h, regular, employed since 2018."""
    base: dict[str, Any] = {
        "ref": ref,
        "category": "wia",
        "contract": "regular",
        "hours_per_week": "40",
        "employed_from": "2018-01-01",
        "employed_until": None,
        "inflow_date": None,
        "lks_until": None,
        "indication_until": None,
        "school_left": None,
        "indicated_30plus": False,
    }
    base.update(fields)
    return base


def purchase(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "supplier": "Groen B.V.",
        "kvk": "11223344",
        "kind": "pso_certified",
        "amount": "100000",
        "supplier_turnover": "2000000",
        "supplier_weighted_fte": "20",
    }
    base.update(fields)
    return base


def doc(
    *rows: dict[str, Any],
    total_fte: str = "50",
    purchases: tuple[dict[str, Any], ...] = (),
    qualitative: dict[str, Any] | None = None,
    peiljaar: tuple[str, str] = ("2024-01-01", "2024-12-31"),
    fulltime_hours: Any = 40,
    date: str = "2025-08-15",
    average_headcount: Any = 55,
) -> dict[str, Any]:
    """A valid assessment (peiljaar 2024, full-time 40 h, all qualitative aspects met)."""
    return {
        "format": "pso-assessment/1",
        "handbook": None,
        "date": date,
        "organisation": {
            "name": "Voorbeeld B.V.",
            "kvk": "12345678",
            "entities": [],
            "fulltime_hours": fulltime_hours,
        },
        "peiljaar": {"start": peiljaar[0], "end": peiljaar[1]},
        "workforce": {
            "total_fte": total_fte,
            "average_headcount": average_headcount,
            "sw_seconded_out_fte": "0",
        },
        "target_group": [copy.deepcopy(r) for r in rows],
        "purchases": [copy.deepcopy(p) for p in purchases],
        "qualitative": dict(ALL_MET if qualitative is None else qualitative),
    }


def scored(document: dict[str, Any], **kwargs: Any) -> Score:
    return score(parse_assessment(document), **kwargs)


def output(document: dict[str, Any]) -> dict[str, Any]:
    return score_to_dict(scored(document))
