"""Step 3D in a real browser: search the PSO register, pick a supplier, type only the amount
(issue 12 item 4). Every page on the way passes the page checks (width, axe-core, engine text,
one language), a refused amount puts the error summary in focus, and the supplier's figures
are nowhere on the page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.assessments.conftest import rekentool  # noqa: F401 (fixture)
from tests.assessments.test_register_purchases import SECRETS, SUPPLIER_KVK, give_certificate
from tests.conftest import full_login
from tests.e2e.test_applicant_journey_accessible import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("lang", "width"), [("nl", 390), ("en", 1280)])
def test_a_buyer_picks_a_supplier_from_the_register_and_types_only_the_amount(
    live_server, browser, alice, rekentool, lang, width  # noqa: F811
):
    give_certificate()
    client = full_login(Client(), alice)
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": width, "height": 900})
    context.add_cookies([
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url},
        {"name": settings.SESSION_COOKIE_NAME,
         "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url},
    ])
    page = context.new_page()
    page.set_default_timeout(10_000)
    journey = Journey(page, lang)
    journey.user_data = ["Groen Werkt B.V.", "Voorbeeld B.V.", "Peiljaar 2024", "Utrecht"]

    journey.visit("step 3D", f"/mijnpso/rekentool/{rekentool.pk}/inkopen/")
    # The results follow the typing (htmx); without JavaScript the button does the same.
    page.locator("#id_zoek").press_sequentially("groen")
    expect(page.get_by_role("link", name="Groen Werkt B.V.")).to_be_visible()
    journey.check("3D search results")
    page.get_by_role("link", name="Groen Werkt B.V.").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#id_register-amount")).to_be_visible()
    journey.check("3D supplier picked")

    journey.failed_submit("3D register purchase without an amount",
                          "#register-amount button[type=submit]")
    page.fill("#id_register-amount", "100.000,00" if lang == "nl" else "100,000.00")
    page.locator("#register-amount button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    row = page.locator("tbody tr", has_text="Groen Werkt B.V.")
    expect(row).to_contain_text(SUPPLIER_KVK)
    journey.check("3D with the register purchase")
    text = page.content()
    assert not [s for s in SECRETS if s in text]
    context.close()
    if journey.failures:
        pytest.fail(journey.report(), pytrace=False)
