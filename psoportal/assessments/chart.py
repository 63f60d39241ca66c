"""Geometry of the step-4 bar chart (inline SVG, so it works without JavaScript).

The template draws what this computes; a table with the same figures follows the chart for
screen-reader users and anyone who prefers numbers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from psoportal.methodology.handbook import Handbook

WIDTH = 640
LABEL_WIDTH = 170
BAR_HEIGHT = 28
GAP = 14
TOP = 34


def score_chart(result: dict[str, Any], handbook: Handbook) -> dict[str, Any]:
    bars = [
        (_("Direct"), Decimal(result["direct_pct"]), "bar-direct"),
        (_("Indirect (meegeteld)"), Decimal(result["indirect_pct_counted"]), "bar-indirect"),
        (_("Totaal"), Decimal(result["total_pct"]), "bar-total"),
    ]
    norms = result.get("norms") or {}
    norm_values = [Decimal(v) for v in norms.values()]
    top = max([value for _label, value, _css in bars] + norm_values + [Decimal(1)])
    scale_max = top * Decimal("1.15")
    plot = WIDTH - LABEL_WIDTH - 20

    def x(value: Decimal) -> int:
        return LABEL_WIDTH + int(plot * value / scale_max)

    chart_bars = []
    for index, (label, value, css) in enumerate(bars):
        y = TOP + index * (BAR_HEIGHT + GAP)
        chart_bars.append({
            "label": label, "value": value, "css": css, "y": y,
            "text_y": y + BAR_HEIGHT // 2 + 5,
            "width": max(1, x(value) - LABEL_WIDTH),
            "value_x": x(value) + 6,
        })
    height = TOP + len(bars) * (BAR_HEIGHT + GAP) + 10
    lines = []
    for code, value in norms.items():
        level = handbook.level(code)
        lines.append({
            "code": code,
            "label": level.label_nl,
            "value": Decimal(value),
            "x": x(Decimal(value)),
        })
    return {
        "width": WIDTH, "height": height, "label_width": LABEL_WIDTH, "bars": chart_bars,
        "norms": lines, "bar_height": BAR_HEIGHT, "line_bottom": height - 6,
    }
