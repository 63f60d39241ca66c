"""The step-4 chart: no two text boxes overlap for any figures, all text stays inside the
chart, text is at least 12 px on a 390 px screen, every norm line is named in the legend and
the chart shows the same numbers as the table."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from psoportal.assessments.chart import FONT, WIDTH, label_boxes, score_chart
from psoportal.methodology.handbook import handbook_get

HB = handbook_get("2.2")
NORMED = [level.code for level in HB.normed_levels]
percentages = st.decimals(min_value=0, max_value=100, places=2)
# The narrowest the chart gets on a 390 px screen: the page's side margins take the rest.
CHART_CSS_WIDTH_AT_390 = 340


@st.composite
def results(draw):
    direct = draw(percentages)
    indirect = draw(percentages)
    norms = draw(st.lists(st.decimals(min_value=0, max_value=40, places=1), min_size=0,
                          max_size=len(NORMED)))
    return {
        "direct_pct": str(direct),
        "indirect_pct_counted": str(indirect),
        "total_pct": str(direct + indirect),
        "norms": {code: str(value) for code, value in zip(NORMED, sorted(norms), strict=False)},
    }


@settings(deadline=None, max_examples=400)
@given(results())
def test_no_two_labels_overlap_and_all_stay_inside_the_chart(result):
    with translation.override("nl"):
        chart = score_chart(result, HB)
    boxes = label_boxes(chart)
    for index, box in enumerate(boxes):
        assert box.x >= 0 and box.x + box.width <= WIDTH, box
        assert box.y >= 0 and box.y + box.height <= chart["height"], box
        for other in boxes[index + 1:]:
            assert not box.overlaps(other), (box, other)


def test_norms_that_lie_close_together_get_separate_lanes():
    # Basistrede is 0,75 × Trede 1, so on a chart scaled to a high total the two lie a few
    # pixels apart: "Basis" and "T1" used to be drawn on top of each other.
    result = {"direct_pct": "9.10", "indirect_pct_counted": "0", "total_pct": "9.10",
              "norms": {"basistrede": "1.5", "trede_1": "2.0", "trede_2": "2.6",
                        "trede_3": "4.6"}}
    chart = score_chart(result, HB)
    lanes = {line["code"]: line["text_y"] for line in chart["norms"]}
    assert lanes["basistrede"] != lanes["trede_1"]


def test_text_is_at_least_12_px_on_a_390_px_screen():
    assert FONT * CHART_CSS_WIDTH_AT_390 / WIDTH >= 12


@pytest.mark.django_db
def test_the_legend_names_every_norm_and_chart_and_table_show_the_same_numbers(
    login, alice, rekentool, all_yes
):
    rekentool.qualitative = all_yes
    rekentool.save()
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    figure = content[content.index('<figure class="chart'):content.index("</figure>")]
    table = content[content.index("</figure>"):]
    table = table[: table.index("</table>")]
    legend = figure[figure.index('class="chart-legend"'):]
    for level in HB.normed_levels:
        assert f"norm {level.label_nl}:" in legend
    # Each percentage of the chart (bars and legend) appears in the table, written the same.
    shown = set(re.findall(r"\d+,\d+\u00a0%", figure))
    assert shown
    assert {"5,20\u00a0%", "0,00\u00a0%"} <= shown
    for number in shown:
        assert number in table, number
    # Coordinates are SVG numbers ("12.5"), never localised ("12,5" would be ignored).
    for value in re.findall(r'\s(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', figure):
        assert re.fullmatch(r"-?\d+(\.\d+)?%?", value), value
    # And the norm lines sit where the legend says, in the same order.
    norms = [Decimal(v) for v in re.findall(r'x1="([\d.]+)"', figure)]
    assert norms == sorted(norms)
