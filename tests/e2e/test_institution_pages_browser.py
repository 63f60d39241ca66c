"""PSO-Nederland's institution pages, the CI-beheerder's team page and the invitation link, in a
real browser: narrow and wide, Dutch and English, every page_checks check (issue 10 item 1)."""

from __future__ import annotations

import os

import pytest

from psoportal.accounts.demo import DEMO_PASSWORD, demo_totp_code, demo_user
from psoportal.demo.seeding import seed_everything
from psoportal.organisations.institutions import (
    institution_invitation_create,
    institution_invitation_path,
)
from psoportal.organisations.models import CertifyingInstitution, InstitutionMembership
from tests.e2e.test_applicant_journey_accessible import Journey, _user_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each language once and each width once (as the certification pages): Dutch at the narrowest
# width, English on a desktop; PSO_ALL_PAGE_VARIANTS=1 adds the other two.
VARIANTS = [("nl", 390), ("en", 1280)]
if os.environ.get("PSO_ALL_PAGE_VARIANTS"):
    VARIANTS += [("nl", 1280), ("en", 390)]

FORM_BUTTON = "main form.form button[type=submit]"


def _log_in(page, lang: str, email: str) -> None:
    page.goto("/")
    if lang == "en":
        page.locator("form.language-switch button[value=en]").click()
        page.wait_for_load_state()
    page.goto("/account/inloggen/")
    page.fill("#id_email", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator(FORM_BUTTON).first.click()
    page.wait_for_load_state()
    page.fill("#id_code", demo_totp_code())
    page.locator(FORM_BUTTON).first.click()
    page.wait_for_load_state()
    assert "/account/inloggen" not in page.url, f"{email} could not log in"


def _new_page(browser, live_server, width):
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.mark.parametrize(("lang", "width"), VARIANTS)
def test_the_institution_pages_are_narrow_accessible_clean_and_in_one_language(
    live_server, browser, width, lang
):
    seed_everything()
    institution = CertifyingInstitution.objects.order_by("name").first()
    ben = demo_user("ben@keurmerk-cert.demo", "Ben Beheerder", job_title="Beheerder")
    InstitutionMembership.objects.create(institution=institution, user=ben, role="beheerder")
    invitation = institution_invitation_create(
        request=None, actor=ben, institution=institution, email="ilse@keurmerk-cert.demo",
        role="auditor")

    # PSO-Nederland's pages.
    context, page = _new_page(browser, live_server, width)
    journey = Journey(page, lang)
    journey.user_data = _user_data() + list(CertifyingInstitution.objects.values_list(
        "accreditation", flat=True))
    _log_in(page, lang, "bo@pso-nederland.demo")
    base = "/mijnpso/pso-nederland/instellingen/"
    journey.visit("institutions list", base)
    if journey.visit("add an institution", f"{base}nieuw/"):
        journey.failed_submit("add an institution, submitted empty", FORM_BUTTON)
    if journey.visit("institution page", f"{base}{institution.pk}/"):
        journey.failed_submit("invite, submitted empty",
                              "main form.form:has(#id_email) button[type=submit]")
    journey.visit("edit an institution", f"{base}{institution.pk}/wijzigen/")
    context.close()

    # The CI-beheerder's team page.
    context, page = _new_page(browser, live_server, width)
    journey.page = page
    _log_in(page, lang, ben.email)
    journey.visit("institution workspace", "/mijnpso/instelling/")
    journey.visit("team page", f"/mijnpso/instelling/team/{institution.pk}/")
    context.close()

    # The invitation link, logged out: the registration form, then an empty submit.
    context, page = _new_page(browser, live_server, width)
    journey.page = page
    page.goto("/")
    if lang == "en":
        page.locator("form.language-switch button[value=en]").click()
        page.wait_for_load_state()
    if journey.visit("invitation, register", institution_invitation_path(invitation)):
        journey.failed_submit("invitation, submitted empty", FORM_BUTTON)
    context.close()

    if journey.failures:
        pytest.fail(journey.report(), pytrace=False)
