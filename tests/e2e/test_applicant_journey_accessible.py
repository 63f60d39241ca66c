"""Issue 9, "Done when": the applicant's journey at 390 and 1280 px, in Dutch and English.

The demo applicant registers-page-first (empty submit), logs in with password and TOTP, and
walks Mijn overzicht, steps 1, 2, 3A/3B, 3C (with rows), 3D, 4, 5, the security page and the
glossary. Every page must pass every check in page_checks (width, axe-core, engine text,
language purity); every failed submit must put focus on the error summary. All failures of all
pages are collected and reported at once, so one run shows everything that remains.
"""

from __future__ import annotations

import os
from contextlib import suppress

import pytest
from playwright.sync_api import Error as PlaywrightError

from psoportal.accounts.demo import DEMO_PASSWORD, demo_totp_code
from psoportal.accounts.models import User
from psoportal.assessments.demo import DEMO_NAME
from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
from psoportal.demo.seeding import seed_everything
from psoportal.organisations.demo import demo_applicant
from psoportal.organisations.models import Entity, Organisation
from tests.e2e import page_checks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each language once and each width once (as the certification pages): Dutch at the narrowest
# width, English on a desktop; PSO_ALL_PAGE_VARIANTS=1 adds the other two.
VARIANTS = [("nl", 390), ("en", 1280)]
if os.environ.get("PSO_ALL_PAGE_VARIANTS"):
    VARIANTS += [("nl", 1280), ("en", 390)]

DEMO_EMAIL = "alice@voorbeeld-schoonmaak.demo"


def _user_data() -> list[str]:
    """What the user (or the demo seed) typed: names, references, addresses — not UI text."""
    data: list[str] = []
    for org in Organisation.objects.all():
        data += [org.name, org.kvk, org.city, org.street, org.postcode, org.website]
    data += list(Entity.objects.values_list("name", flat=True))
    data += list(Rekentool.objects.values_list("name", flat=True))
    data += list(TargetGroupEmployee.objects.values_list("ref", flat=True))
    data += list(Purchase.objects.values_list("supplier", flat=True))
    for user in User.objects.all():
        data += [user.full_name, user.email, user.job_title]
    return [str(value) for value in data if value]


class Journey:
    """Visits pages, runs every check on each and keeps every problem, keyed by page."""

    def __init__(self, page, lang: str):
        self.page = page
        self.lang = lang
        self.user_data: list[str] = []
        self.failures: dict[str, list[str]] = {}

    def _add(self, name: str, problems: list[str]) -> None:
        if problems:
            self.failures.setdefault(name, []).extend(problems)

    def check(self, name: str) -> None:
        self._add(name, page_checks.all_page_checks(self.page, self.lang, self.user_data))

    def visit(self, name: str, path: str, *, optional: bool = False) -> bool:
        try:
            response = self.page.goto(path)
            self.page.wait_for_load_state("networkidle")
        except PlaywrightError as exc:
            self._add(name, [f"could not open {path}: {exc.message.splitlines()[0]}"])
            return False
        if response is not None and response.status == 404 and optional:
            return False
        if response is None or response.status >= 400:
            status = response.status if response else "no response"
            self._add(name, [f"{path} answered {status}"])
            return False
        self.check(name)
        return True

    def failed_submit(self, name: str, button_selector: str, prepare=None) -> None:
        """Submit a form empty or invalid through its own button; the summary must take focus."""
        try:
            if prepare:
                prepare()
            self.page.locator(button_selector).first.click()
            self.page.wait_for_load_state("networkidle")
            # Focus may move by script after an htmx swap: give it a moment, then judge.
            with suppress(PlaywrightError):
                self.page.wait_for_function(
                    "s => document.activeElement && document.activeElement.matches(s)",
                    arg=page_checks.ERROR_SUMMARY, timeout=2000,
                )
        except PlaywrightError as exc:
            self._add(name, [f"could not submit: {exc.message.splitlines()[0]}"])
            return
        self._add(name, page_checks.error_summary(self.page, self.lang))
        self.check(name)

    def report(self) -> str:
        lines = [f"{sum(map(len, self.failures.values()))} problem(s) on "
                 f"{len(self.failures)} page(s):"]
        for name, problems in self.failures.items():
            lines.append(f"\n== {name}")
            lines += [f"  - {problem}" for problem in problems]
        return "\n".join(lines)


@pytest.mark.parametrize(("lang", "width"), VARIANTS)
def test_every_page_of_the_applicant_journey_is_narrow_accessible_clean_and_in_one_language(
    live_server, browser, width, lang
):
    seed_everything()
    organisation = demo_applicant()
    rekentool = organisation.rekentools.get(name=DEMO_NAME)
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)  # a missing element fails fast, not after 30 s
    journey = Journey(page, lang)
    journey.user_data = _user_data()

    # The language through the site's own switch (a form that sets the language cookie).
    page.goto("/")
    if lang == "en":
        page.locator("form.language-switch button[value=en]").click()
        page.wait_for_load_state()
    journey.check("home page (logged out)")

    # Registration: the page, then an empty submit.
    if journey.visit("registration", "/organisatie/registreren/"):
        journey.failed_submit("registration, submitted empty", "main form.form button[type=submit]")

    # Log in as the demo applicant: an empty submit first, then password and TOTP.
    journey.visit("login", "/account/inloggen/")
    journey.failed_submit("login, submitted empty", "main form.form button[type=submit]")
    page.fill("#id_email", DEMO_EMAIL)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form.form button[type=submit]").first.click()
    page.wait_for_load_state()
    journey.check("login, code step")
    page.fill("#id_code", demo_totp_code())
    page.locator("main form.form button[type=submit]").first.click()
    page.wait_for_load_state()
    if "/account/inloggen" in page.url:
        journey.failures["login"] = ["the demo applicant could not log in; journey stopped"]
        pytest.fail(journey.report(), pytrace=False)

    journey.check("landing page after login")
    journey.visit("Mijn overzicht", "/mijnpso/")
    org, tool = organisation.pk, rekentool.pk
    journey.visit("step 1 organisation", f"/mijnpso/organisatie/{org}/?rekentool={tool}")
    journey.visit("step 2 rekentools", f"/mijnpso/organisatie/{org}/rekentools/")
    if journey.visit("step 3A/3B peiljaar and workforce", f"/mijnpso/rekentool/{tool}/gegevens/"):
        journey.failed_submit(
            "step 3A, saved with an invalid total fte",
            "main form.form:has(#id_total_fte) button[type=submit]",
            prepare=lambda: page.fill("#id_total_fte", "veel"),
        )
    if journey.visit("step 3C target group (5 rows)", f"/mijnpso/rekentool/{tool}/doelgroep/"):
        journey.failed_submit("step 3C, employee added empty",
                              "main form.form:has(#id_ref) button[type=submit]")
    journey.visit("step 3D purchases", f"/mijnpso/rekentool/{tool}/inkopen/")
    journey.visit("step 4 provisional score", f"/mijnpso/rekentool/{tool}/score/")
    journey.visit("step 5 qualitative questions", f"/mijnpso/rekentool/{tool}/kwalitatief/")
    journey.visit("step 6 quotes and application", f"/mijnpso/rekentool/{tool}/aanvraag/")
    journey.visit("security page", "/account/beveiliging/")
    # The glossary is part of the journey once it exists (issue 9, item 9).
    journey.visit("glossary", "/begrippen/", optional=True)
    # The pages one step away from the journey: the rules every calculation line links to,
    # a row's edit and delete-confirm pages, the import page, the comparison, the organisation.
    journey.visit("calculation rules", "/mijnpso/rekenregels/")
    employee = rekentool.employees.order_by("id").first()
    purchase = rekentool.purchases.order_by("id").first()
    journey.visit("3C row edit", f"/mijnpso/rekentool/{tool}/doelgroep/{employee.pk}/")
    journey.visit("3C row delete, confirm",
                  f"/mijnpso/rekentool/{tool}/doelgroep/{employee.pk}/verwijderen/")
    if purchase is not None:
        journey.visit("3D purchase edit", f"/mijnpso/rekentool/{tool}/inkopen/{purchase.pk}/")
    journey.visit("import a rekentool", f"/mijnpso/rekentool/{tool}/importeren/")
    other = Rekentool.objects.create(organisation=organisation, name="Scenario B",
                                     peiljaar_start=rekentool.peiljaar_start)
    journey.visit("comparison", f"/mijnpso/organisatie/{org}/rekentools/vergelijken/"
                                f"?a={tool}&b={other.pk}")
    journey.visit("my organisation", "/organisatie/")

    context.close()
    if journey.failures:
        pytest.fail(journey.report(), pytrace=False)
