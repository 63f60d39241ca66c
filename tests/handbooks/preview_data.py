"""Data for the impact preview's tests: the synthetic 2.3 as an uploaded version, and a handful
of drafts whose fate under it is known (issue 14 item 2)."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.utils import timezone

from psoportal.assessments.models import Rekentool, TargetGroupEmployee
from psoportal.handbooks.models import HandbookVersion
from psoportal.methodology.handbook import HANDBOOK_DIR

SYNTHETIC = HANDBOOK_DIR.parents[2] / "docs" / "handbooks" / "2.3-synthetisch.toml"


def uploaded_version() -> HandbookVersion:
    text = SYNTHETIC.read_text(encoding="utf-8")
    return HandbookVersion.objects.create(
        version="2.3", effective=dt.date(2027, 4, 1), title="Handboek 2.3 (synthetisch)",
        text=text, file_name=SYNTHETIC.name, sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def draft(organisation, name: str, *, fte: str | None, rows=(), pinned: str = "",
          frozen: bool = False, answers: dict | None = None) -> Rekentool:
    """A rekentool over the peiljaar 2025; rows are (category, hours per week), each employed
    the whole year."""
    tool = Rekentool.objects.create(
        organisation=organisation, name=name, peiljaar_start=dt.date(2025, 1, 1),
        total_fte=None if fte is None else Decimal(fte),
        average_headcount=None if fte is None else Decimal(fte), handbook_version=pinned,
        frozen_at=timezone.now() if frozen else None, qualitative=answers or {},
    )
    for i, (category, hours) in enumerate(rows, start=1):
        TargetGroupEmployee.objects.create(
            rekentool=tool, ref=f"D-{i:03}", category=category, contract="regular",
            hours_per_week=Decimal(hours), employed_from=dt.date(2020, 1, 1),
            inflow_date=dt.date(2024, 6, 1),
        )
    return tool


def known_drafts(organisation, other) -> dict[str, Rekentool]:
    """Five rekentools; four are drafts the move to 2.3 touches."""
    return {
        # 0,64 fte of 5 = 12,8 %: Trede 1 under 2.2 (norm 12,6 %), not under 2.3 (13,1 %).
        "down": draft(organisation, "Klein", fte="5", rows=[("wia", "25.6")]),
        # 2 of 25 fte = 8 %: Trede 2 under both (the norms from 21 fte on are unchanged).
        # Pinned to 2.2 (the version 2.3 migrates from); step 5 answered per question, so the
        # new question makes step 5 one to look at again.
        "same": draft(organisation, "Groot", fte="25", rows=[("wia", "40"), ("wia", "40")],
                      pinned="2.2", answers={"passend_werk": [True, True]}),
        # 2,4 of 25 fte, of which 0,4 status_lost (gone in 2.3): 9,6 % → 8 %, Trede 2 both.
        "losing": draft(other, "Met statusverlies", fte="25",
                        rows=[("wia", "40"), ("wia", "40"), ("status_lost", "16")]),
        # No total fte yet: cannot be scored under either version.
        "incomplete": draft(organisation, "Half af", fte=None, rows=[("wia", "40")]),
        # Submitted: never part of the preview.
        "frozen": draft(organisation, "Ingediend", fte="5", rows=[("wia", "25.6")], frozen=True),
    }
