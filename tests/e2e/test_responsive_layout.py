"""At 390 px (a phone) no page scrolls sideways; long tables scroll inside their own region.

The demo applicant logs in through the real login form (password, then the authenticator code)
and walks the main pages: home, login, dashboard, steps 1-5 with 3C full of rows, and security.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from psoportal.accounts.demo import DEMO_PASSWORD, demo_totp_code
from psoportal.assessments.demo import DEMO_NAME
from psoportal.assessments.models import Rekentool, TargetGroupEmployee
from psoportal.demo.seeding import seed_everything

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DEMO_APPLICANT = "alice@voorbeeld-schoonmaak.demo"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _widest_elements(page) -> list[str]:
    """For the failure message: the elements that reach past the right edge."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right
                          > document.documentElement.clientWidth + 1)
            .slice(0, 5)
            .map(el => `${el.tagName.toLowerCase()}.${el.className} `
                       + `right=${Math.round(el.getBoundingClientRect().right)}`)"""
    )


def _assert_fits(page, name: str) -> None:
    width = _page_width(page)
    assert width <= PHONE["width"], f"{name} is {width} px wide at 390 px: {_widest_elements(page)}"


def _axe_violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']}))"
        ".violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return result


@pytest.fixture
def phone_page(browser, live_server):
    # bypass_csp only lets the test inject axe-core; the pages themselves load under the real CSP.
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_no_page_scrolls_sideways_at_390_px_for_the_demo_applicant(phone_page):
    seed_everything()
    rekentool = Rekentool.objects.get(name=DEMO_NAME)
    # 3C with enough rows that the table has to fit (or scroll in its own region).
    TargetGroupEmployee.objects.bulk_create(
        TargetGroupEmployee(
            rekentool=rekentool, ref=f"LANG-REFERENTIE-{n:04d}", category="wajong",
            contract="regular", hours_per_week=32, employed_from="2023-01-01",
        )
        for n in range(20)
    )
    second = Rekentool.objects.create(
        organisation=rekentool.organisation, name="Tweede scenario met een lange naam",
        peiljaar_start=rekentool.peiljaar_start,
    )
    page = phone_page

    page.goto("/")
    _assert_fits(page, "home")
    page.goto(reverse("accounts:login"))
    _assert_fits(page, "login")
    page.fill("#id_email", DEMO_APPLICANT)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    _assert_fits(page, "login code")
    page.fill("#id_code", demo_totp_code())
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    pages = {
        "dashboard": reverse("mijnpso:dashboard"),
        "step 1": reverse("mijnpso:organisation", args=[rekentool.organisation_id]),
        "step 2": reverse("mijnpso:rekentools", args=[rekentool.organisation_id]),
        "step 3A/3B": reverse("mijnpso:data", args=[rekentool.pk]),
        "step 3C": reverse("mijnpso:target_group", args=[rekentool.pk]),
        "step 3D": reverse("mijnpso:purchases", args=[rekentool.pk]),
        "step 4": reverse("mijnpso:result", args=[rekentool.pk]),
        "step 5": reverse("mijnpso:qualitative", args=[rekentool.pk]),
        "compare": reverse("mijnpso:compare", args=[rekentool.organisation_id])
        + f"?a={rekentool.pk}&b={second.pk}",
        "organisation": reverse("organisations:mine"),
        "security": reverse("accounts:security"),
    }
    for name, url in pages.items():
        page.goto(url)
        expect(page.locator("main h1")).to_be_visible()
        _assert_fits(page, name)

    # English texts are longer in places; they fit as well.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for name in ("step 3C", "step 4", "compare"):
        page.goto(pages[name])
        _assert_fits(page, f"{name} (English)")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # The 3C table is a keyboard-reachable, named region with a visible cue to scroll it.
    page.goto(pages["step 3C"])
    region = page.get_by_role("region", name="Doelgroepmedewerkers")
    expect(region).to_have_attribute("tabindex", "0")
    expect(page.get_by_text("Schuif de tabel opzij om alle kolommen te zien.")).to_be_visible()
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "3C fits: cue untested"
    expect(page.get_by_role("row").filter(has_text="LANG-REFERENTIE-0000")).to_have_count(1)


def test_the_design_system_pages_have_no_axe_violations_at_390_px(phone_page):
    seed_everything()
    rekentool = Rekentool.objects.get(name=DEMO_NAME)
    page = phone_page
    page.goto("/")
    assert _axe_violations(page) == []
    page.goto(reverse("accounts:login"))
    page.fill("#id_email", DEMO_APPLICANT)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.fill("#id_code", demo_totp_code())
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    for url in (
        reverse("mijnpso:organisation", args=[rekentool.organisation_id]),
        reverse("mijnpso:rekentools", args=[rekentool.organisation_id]),
        reverse("mijnpso:data", args=[rekentool.pk]),
        reverse("mijnpso:target_group", args=[rekentool.pk]),
        reverse("mijnpso:qualitative", args=[rekentool.pk]),
        reverse("accounts:security"),
    ):
        page.goto(url)
        assert _axe_violations(page) == [], url
