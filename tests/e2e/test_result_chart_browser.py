"""The step-4 chart as Chromium renders it on a 390 px screen: every text at least 12 px, no
two text boxes overlapping, AA contrast, and the norm lines named in the legend."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from psoportal.assessments.models import Rekentool, TargetGroupEmployee
from tests.conftest import full_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = """() => {
  const svg = document.querySelector('figure.chart svg');
  const scale = svg.getScreenCTM().a;
  return Array.from(svg.querySelectorAll('text')).map((el) => {
    const r = el.getBoundingClientRect();
    return {text: el.textContent, px: parseFloat(getComputedStyle(el).fontSize) * scale,
            fill: getComputedStyle(el).fill, x: r.x, y: r.y, w: r.width, h: r.height};
  });
}"""


def _luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _rekentool(organisation, alice, total_fte: str) -> Rekentool:
    tool = Rekentool.objects.create(
        organisation=organisation, name="Peiljaar 2024", peiljaar_start=dt.date(2024, 1, 1),
        total_fte=Decimal(total_fte), average_headcount=Decimal("55"), created_by=alice,
        qualitative={"passend_werk": True, "integratie": True,
                     "functioneren_ontwikkeling": True, "begeleiding": True},
    )
    for ref, category in [("D-001", "wia"), ("D-002", "wia"), ("D-003", "ww")]:
        TargetGroupEmployee.objects.create(
            rekentool=tool, ref=ref, category=category, contract="regular",
            hours_per_week=Decimal("40"), employed_from=dt.date(2018, 1, 1),
            inflow_date=dt.date(2018, 1, 1),
        )
    return tool


@pytest.mark.parametrize("total_fte", ["50", "8", "300"])
def test_the_chart_is_legible_at_390_px(browser, live_server, organisation, alice, total_fte):
    tool = _rekentool(organisation, alice, total_fte)
    client = full_login(Client(), alice)
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": 390, "height": 844})
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
    page = context.new_page()
    page.goto(f"/mijnpso/rekentool/{tool.pk}/score/")
    chart = page.locator("figure.chart svg")
    expect(chart).to_be_visible()
    texts = page.evaluate(MEASURE)
    assert len(texts) >= 3 + 4  # three bar captions, four norm labels
    for text in texts:
        assert text["px"] >= 12, text
        contrast = (1.05) / (_luminance(text["fill"]) + 0.05)  # on the white page
        assert contrast >= 4.5, text
    for index, a in enumerate(texts):
        for b in texts[index + 1:]:
            apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                     or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])
            assert apart, (a, b)
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    legend = page.locator(".chart-legend li")
    expect(legend).to_have_count(4)
    expect(legend.first).to_contain_text("norm Basistrede:")
    context.close()


def test_the_rules_page_does_not_scroll_sideways_at_390_px(browser, live_server, db):
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/mijnpso/rekenregels/?handboek=2.2#par-5-1")
    expect(page.locator("#par-5-1")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    context.close()
