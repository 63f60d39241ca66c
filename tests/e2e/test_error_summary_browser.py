"""After a failed submit, keyboard and screen-reader users land on the error summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from psoportal.assessments.models import Rekentool
from psoportal.organisations.models import Membership
from tests.conftest import full_login
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_empty_registration_moves_focus_to_the_summary(live_server, page, console_errors):
    page.goto(f"{live_server.url}/organisatie/registreren/")
    page.get_by_role("button", name="Account aanmaken").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    expect(page).to_have_title(__import__("re").compile(r"^Fout: "))
    summary.get_by_role("link").first.click()
    expect(page.locator("[aria-invalid=true]").first).to_be_focused()
    assert console_errors == []


def test_a_failed_htmx_autosave_marks_the_field_and_focuses_the_summary(
    live_server, browser, console_errors
):
    organisation = OrganisationFactory(name="Focus B.V.", kvk="44556600")
    user = UserFactory(email="fenna@focus.example", full_name="Fenna Focus")
    MembershipFactory(organisation=organisation, user=user, role=Membership.Role.ACCOUNTHOUDER)
    tool = Rekentool.objects.create(organisation=organisation, name="Peiljaar 2024",
                                    peiljaar_start=dt.date(2024, 1, 1),
                                    total_fte=Decimal("50"), created_by=user)
    client = full_login(Client(), user)
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    page = context.new_page()
    page.goto(f"/mijnpso/rekentool/{tool.pk}/gegevens/")
    page.locator("#id_total_fte").fill("veel")
    page.locator("#id_average_headcount").focus()  # the change event starts the autosave

    summary = page.locator("#error-summary-slot [data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.locator('a[href="#id_total_fte"]')).to_be_visible()
    expect(page.locator("#id_total_fte")).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_title(__import__("re").compile(r"^Fout: Stap 3"))

    # Correct it: the autosave succeeds, the summary and the mark disappear.
    page.locator("#id_total_fte").fill("50")
    page.locator("#id_average_headcount").fill("55")
    page.locator("#id_fulltime_hours").focus()
    expect(page.get_by_text("Opgeslagen om")).to_be_visible()
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    expect(page.locator("#id_total_fte")).not_to_have_attribute("aria-invalid", "true")
    expect(page).to_have_title(__import__("re").compile(r"^Stap 3"))
    context.close()
