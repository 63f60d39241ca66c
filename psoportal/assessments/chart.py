"""Geometry of the step-4 bar chart (inline SVG, so it works without JavaScript).

The template draws what this computes; a legend names each norm line and a table with the same
figures follows the chart for screen-reader users and anyone who prefers numbers.

Legibility at 390 px: the SVG scales with its box, so text is drawn in user units that stay
at least 12 CSS px when the chart is about 340 px wide (a 390 px screen minus the page's
margins): FONT × 340 / WIDTH ≥ 12. The chart is at most MAX_CSS_WIDTH wide on larger screens.

No text overlaps: each bar's label and value sit on their own row above the bar, and the norm
labels are placed in lanes above the plot: a label goes to the first lane where its box is
clear of every label already there (tests/assessments/test_result_chart.py checks the boxes
for many random inputs; the browser test measures them as rendered).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from psoportal.core.templatetags.handbook import label, level_short
from psoportal.core.templatetags.pso_format import pct
from psoportal.methodology.handbook import Handbook

WIDTH = 400
PAD = 6  # left and right margin inside the chart
FONT = 15  # user units; × 340 / 400 = 12,75 CSS px on a 390 px screen
# A generous width per character (sans-serif averages about 0,55 em; digits 0,556 em), so an
# estimated box is never narrower than the rendered text.
CHAR_WIDTH = 0.62 * FONT
LINE = FONT + 5  # height of a text row
LANE_GAP = 6  # horizontal room kept between two norm labels in one lane
BAR_HEIGHT = 22
BAR_GAP = 10


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: Box) -> bool:
        return not (
            self.x + self.width <= other.x
            or other.x + other.width <= self.x
            or self.y + self.height <= other.y
            or other.y + other.height <= self.y
        )


def text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _lanes(labels: list[tuple[float, str]]) -> list[tuple[float, int]]:
    """(centre x, lane) for each (wanted centre x, text): clamped inside the chart, then put in
    the first lane where it clears every label already there."""
    placed: list[list[tuple[float, float]]] = []  # per lane: (left, right) spans
    out = []
    for wanted, text in labels:
        half = text_width(text) / 2
        centre = min(max(wanted, PAD + half), WIDTH - PAD - half)
        left, right = centre - half, centre + half
        lane = next(
            (
                index for index, spans in enumerate(placed)
                if all(right + LANE_GAP <= a or b + LANE_GAP <= left for a, b in spans)
            ),
            len(placed),
        )
        if lane == len(placed):
            placed.append([])
        placed[lane].append((left, right))
        out.append((centre, lane))
    return out


def score_chart(result: dict[str, Any], handbook: Handbook) -> dict[str, Any]:
    bars = [
        (_("Direct"), result["direct_pct"], "bar-direct"),
        (_("Indirect (meegeteld)"), result["indirect_pct_counted"], "bar-indirect"),
        (_("Totaal"), result["total_pct"], "bar-total"),
    ]
    norms = result.get("norms") or {}
    values = [Decimal(v) for _l, v, _c in bars] + [Decimal(v) for v in norms.values()]
    scale_max = max([*values, Decimal(1)]) * Decimal("1.05")
    plot = WIDTH - 2 * PAD

    def x(value: Decimal) -> float:
        return round(PAD + float(plot * value / scale_max), 1)

    # Norm labels (short: "T1", "Basis") in lanes at the top; the legend names them in full.
    ordered = sorted(norms.items(), key=lambda item: Decimal(item[1]))
    short = {code: level_short(handbook, code) for code, _v in ordered}
    placed = _lanes([(x(Decimal(v)), short[code]) for code, v in ordered])
    lanes = 1 + max((lane for _c, lane in placed), default=-1)
    plot_top = lanes * LINE + (4 if lanes else 0)

    chart_bars = []
    y = plot_top
    for text, value, css in bars:
        caption = f"{text}: {pct(value)}"
        chart_bars.append({
            "label": text, "value": Decimal(value), "value_text": pct(value), "css": css,
            "caption": caption, "text_x": PAD, "text_y": y + FONT,
            "box": Box(PAD, y, text_width(caption), LINE),
            "y": y + LINE, "x": PAD, "width": max(1.0, x(Decimal(value)) - PAD),
        })
        y += LINE + BAR_HEIGHT + BAR_GAP
    height = y
    lines = []
    for (code, value), (centre, lane) in zip(ordered, placed, strict=True):
        text = short[code]
        lines.append({
            "code": code,
            "short": text,
            "label": label(handbook.level(code)),
            "value": Decimal(value),
            "value_text": pct(value, 1),
            "x": x(Decimal(value)),
            "text_x": round(centre, 1),
            "text_y": lane * LINE + FONT,
            "box": Box(centre - text_width(text) / 2, lane * LINE, text_width(text), LINE),
            "y1": lane * LINE + LINE,
        })
    return {
        "width": WIDTH, "height": height, "font": FONT, "bars": chart_bars, "norms": lines,
        "bar_height": BAR_HEIGHT, "line_bottom": height - BAR_GAP // 2,
    }


def label_boxes(chart: dict[str, Any]) -> list[Box]:
    """Every text box of the chart (for the overlap test)."""
    return [bar["box"] for bar in chart["bars"]] + [line["box"] for line in chart["norms"]]
