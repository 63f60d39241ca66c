"""Every page of the certification flow (issue 10) in a real browser, as the persona who uses
it: narrow and wide, Dutch and English, every page_checks check (width, axe-core, engine text,
language purity), and the error summary after an invalid submit.

One state is built directly in the database (tests/certification/full_state.py: applications
submitted, audit planned with an overdue report and Z = 100, report filed, awaiting payment,
awarded with certificates geldig/vervallen/ingetrokken, cancelled with fee events); the personas
are logged in by a session cookie, the language by the language switch's cookie. All problems
of all pages are collected and reported at once.

Two variants run by default (nl at 390 px, en at 1280 px); the other two cost the same again
and run with PSO_ALL_PAGE_VARIANTS=1.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client

from tests.certification.full_state import build_full_state
from tests.conftest import full_login
from tests.e2e.test_applicant_journey_accessible import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VARIANTS = [("nl", 390), ("en", 1280)]
if os.environ.get("PSO_ALL_PAGE_VARIANTS"):
    VARIANTS += [("nl", 1280), ("en", 390)]


class Personas:
    """One browser context per persona, logged in by a session cookie, in one language."""

    def __init__(self, browser, live_server, journey: Journey, lang: str, width: int):
        self.browser, self.live_server, self.journey = browser, live_server, journey
        self.lang, self.width = lang, width
        self.context = None

    def become(self, user) -> None:
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context(base_url=self.live_server.url,
                                                viewport={"width": self.width, "height": 900})
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": self.lang,
                    "url": self.live_server.url}]
        if user is not None:
            client = full_login(Client(), user)
            cookies.append({"name": settings.SESSION_COOKIE_NAME,
                            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                            "url": self.live_server.url})
        self.context.add_cookies(cookies)
        page = self.context.new_page()
        page.set_default_timeout(10_000)
        self.journey.page = page

    def close(self) -> None:
        if self.context is not None:
            self.context.close()


SUBMIT = "main form.form button[type=submit]"


@pytest.mark.parametrize(("lang", "width"), VARIANTS)
def test_every_certification_page_is_narrow_accessible_clean_and_in_one_language(
    live_server, browser, lang, width
):
    state = build_full_state()
    apps = state.apps
    journey = Journey(None, lang)
    journey.user_data = state.user_data()
    personas = Personas(browser, live_server, journey, lang, width)

    def visit(name: str, path: str) -> bool:
        """Journey.visit, and the page is the one asked for (not a redirect to the login or
        to another page, which would pass every check without checking this one)."""
        if not journey.visit(name, path):
            return False
        landed = journey.page.url.removeprefix(live_server.url)
        if landed != path:
            journey.failures.setdefault(name, []).append(f"{path} ended on {landed}")
            return False
        return True

    def application_pages(who: str, names) -> None:
        for name in names:
            visit(f"application {name} ({who})", f"/mijnpso/aanvraag/{apps[name].pk}/")

    # The applicant: step 6 before and after quotes, the agreement, every application, the
    # change pages, Mijn overzicht with the certificates.
    personas.become(state.alice)
    visit("Mijn overzicht with certificates", "/mijnpso/")
    if visit("step 6 before quotes", f"/mijnpso/rekentool/{state.fresh.pk}/aanvraag/"):
        journey.failed_submit("step 6, quotes asked of no institution",
                              "main form.form:has([name=institutions]) button[type=submit]")
    visit("step 6 with quotes", f"/mijnpso/rekentool/{state.quoting.pk}/aanvraag/")
    visit("step 6 after the submission",
          f"/mijnpso/rekentool/{apps['submitted'].rekentool_id}/aanvraag/")
    visit("agreement", "/mijnpso/deelnameovereenkomst/")
    application_pages("applicant", ["submitted", "planned", "filed", "awaiting", "awarded",
                                    "cancelled", "revoked"])
    submitted, planned, awaiting = apps["submitted"].pk, apps["planned"].pk, apps["awaiting"].pk
    if visit("change of institution", f"/mijnpso/aanvraag/{submitted}/wijziging/change_of_ci/"):
        journey.failed_submit("change of institution, submitted empty", SUBMIT)
    visit("partial name change refused", f"/mijnpso/aanvraag/{submitted}/wijziging/"
                                         "partial_name_change/")
    visit("full name change", f"/mijnpso/aanvraag/{planned}/wijziging/full_name_change/")
    if visit("partial name change", f"/mijnpso/aanvraag/{awaiting}/wijziging/"
                                    "partial_name_change/"):
        journey.failed_submit("partial name change, submitted empty", SUBMIT)

    # The certifying institution's auditor: the workspace, a quote, the audit workspace.
    personas.become(state.audrey)
    visit("CI workspace", "/mijnpso/instelling/")
    if visit("quote form", f"/mijnpso/instelling/offerteaanvraag/{state.open_request.pk}/"):
        journey.failed_submit("quote form, submitted empty", SUBMIT)
    visit("quote request, accepted",
          f"/mijnpso/instelling/offerteaanvraag/{apps['submitted'].accepted_quote.request_id}/")
    application_pages("institution", ["submitted", "planned", "filed", "awaiting", "awarded",
                                      "revoked"])
    audit = f"/mijnpso/aanvraag/{planned}/audit/"
    if visit("audit days (nothing planned yet)", f"/mijnpso/aanvraag/{submitted}/audit/"):
        journey.failed_submit("audit days, submitted empty", SUBMIT,
                              prepare=lambda: journey.page.fill("#id_first_day", ""))
    visit("audit days (overdue report)", audit)
    visit("audit checklist", f"{audit}checklist/")
    visit("audit checklist, second page of the other rows", f"{audit}checklist/?pagina=2")
    visit("audit corrections", f"{audit}correcties/")
    # An unknown reference answers 400 with the error on its field.
    page = journey.page
    response = page.goto(f"{audit}correcties/?referentie=onbekend")
    page.wait_for_load_state("networkidle")
    if response is None or response.status != 400:
        journey.failures["audit corrections, unknown reference"] = [
            f"answered {response.status if response else 'nothing'}, not 400"]
    journey.check("audit corrections, unknown reference")
    visit("audit row correction", f"{audit}correcties/medewerker/1/")
    if visit("audit report", f"{audit}rapport/"):
        journey.failed_submit("audit report, submitted empty", SUBMIT)
    visit("audit days after the report", f"/mijnpso/aanvraag/{apps['filed'].pk}/audit/")
    visit("audit checklist after the report", f"/mijnpso/aanvraag/{apps['filed'].pk}/audit/"
                                              "checklist/")

    # The CI-beheerder's team page.
    personas.become(state.ben)
    visit("CI team page", f"/mijnpso/instelling/team/{state.institution.pk}/")

    # PSO-Nederland: the workspace, the award, the fee events, the institutions.
    personas.become(state.bo)
    visit("PSO-Nederland workspace", "/mijnpso/pso-nederland/")
    application_pages("PSO-Nederland", ["submitted", "planned", "filed", "awaiting", "awarded",
                                        "cancelled"])
    visit("award page", f"/mijnpso/aanvraag/{apps['filed'].pk}/toekennen/")
    visit("fee events", "/mijnpso/pso-nederland/kostenposten/")
    institutions = "/mijnpso/pso-nederland/instellingen/"
    visit("institutions", institutions)
    visit("institution", f"{institutions}{state.institution.pk}/")
    visit("institution, edit", f"{institutions}{state.institution.pk}/wijzigen/")
    if visit("institution, new", f"{institutions}nieuw/"):
        journey.failed_submit("institution, new, submitted empty", SUBMIT)

    # Anyone: the public verification page of a certificate in each status.
    personas.become(None)
    for status, name in (("geldig", "awarded"), ("vervallen", "lapsed"),
                         ("ingetrokken", "revoked")):
        code = state.certificate(name).verification_code
        visit(f"verification page, {status}", f"/certificaat/{code}/")
    code = state.certificate("awarded", "pso30plus").verification_code
    visit("verification page, PSO 30+", f"/certificaat/{code}/")
    visit("agreement (logged out)", "/mijnpso/deelnameovereenkomst/")

    personas.close()
    if journey.failures:
        pytest.fail(journey.report(), pytrace=False)
