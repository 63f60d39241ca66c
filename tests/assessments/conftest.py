from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from psoportal.assessments.models import Rekentool, TargetGroupEmployee

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "domain" / "examples"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


@pytest.fixture
def rekentool(organisation, alice):
    """Rule book §12 example 1: T = 50, two WIA and one WW employee → Trede 2."""
    tool = Rekentool.objects.create(
        organisation=organisation,
        name="Peiljaar 2024",
        peiljaar_start=dt.date(2024, 1, 1),
        total_fte=Decimal("50"),
        average_headcount=Decimal("55"),
        created_by=alice,
    )
    for ref, category, hours, start in [
        ("D-001", "wia", "40", "2018-01-01"),
        ("D-002", "wia", "40", "2018-01-01"),
        ("D-003", "ww", "32", "2022-05-01"),
    ]:
        TargetGroupEmployee.objects.create(
            rekentool=tool, ref=ref, category=category, contract="regular",
            hours_per_week=Decimal(hours), employed_from=dt.date.fromisoformat(start),
            inflow_date=dt.date.fromisoformat(start),
        )
    return tool


@pytest.fixture
def all_yes():
    return {
        "passend_werk": True,
        "integratie": True,
        "functioneren_ontwikkeling": True,
        "begeleiding": True,
    }


def count_engine_calls(monkeypatch) -> list:
    """One entry per run of the engine by the web app (selectors.score), to count them."""
    from psoportal.assessments import selectors

    calls: list = []
    real = selectors.score

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "score", counting)
    return calls


@pytest.fixture
def engine_calls(monkeypatch) -> list:
    return count_engine_calls(monkeypatch)
