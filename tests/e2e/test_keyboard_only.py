"""Issue 15, item 6: registration, steps 1–5 and step 6 with the keyboard only.

A new organisation registers, confirms its e-mail address, sets up two-step verification, logs
in, fills a rekentool (an underlying KvK entity, the rekentool with its peiljaar, staff and fte,
one target-group employee, one purchase, the step-5 answers), asks a quote, accepts it and
submits the definitive application. Every action is a key press (tests/e2e/keyboard.py: Tab,
Shift+Tab, typing, Space, Enter, arrow keys): no click, no fill. Playwright only opens the
pages a user reaches without the site's own links — the registration page, the link in the
verification e-mail — and reloads step 6 once the quote has arrived, as the user does (F5).

On every focus stop the focused element must show a focus indicator and be on screen; focus
must never be trapped; the result of each step must be reached.

Set up through services, not the user interface (another party's work, not the applicant's):
the certifying institution and its auditor (factories), and the auditor's quote
(certification.quotes.quote_answer). Those pages are driven by mouse in
test_certification_journey.py and crawled by test_every_page_accessible.py.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from psoportal.accounts import totp
from psoportal.certification.models import Application, QuoteRequest
from psoportal.certification.quotes import quote_answer
from tests.e2e.keyboard import Keyboard
from tests.factories import CertifyingInstitutionFactory, InstitutionMembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "kees@toetsenbord.example"
PASSWORD = "een zin die alleen met toetsen is getypt"
INSTITUTION = "Keurmerk Certificering B.V."
BUTTON = "main form.form button[type=submit]"


@pytest.fixture
def institution(db):
    """The certifying institution the applicant asks for a quote, with its auditor."""
    institution = CertifyingInstitutionFactory(name=INSTITUTION)
    auditor = UserFactory(email="audrey@keurmerk.example", full_name="Audrey Auditor")
    InstitutionMembershipFactory(institution=institution, user=auditor)
    return institution, auditor


def _quote_from_the_institution(auditor) -> None:
    """The auditor answers the open request in her own workspace: here, the service."""
    request = QuoteRequest.objects.get(state="open")
    quote_answer(request=request, user=auditor, man_days=Decimal("1.5"),
                 day_rate=Decimal("1100"), registration_fee=Decimal("150"),
                 valid_until=timezone.localdate() + dt.timedelta(days=30))


def test_registration_steps_1_to_5_and_step_6_work_with_the_keyboard_only(
    live_server, browser, institution
):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    keys = Keyboard(page)
    stop_early = []

    def reached(ok: bool, what: str) -> None:
        if not ok:
            stop_early.append(what)
            pytest.fail(f"{what} not reached by keyboard:\n" + "\n".join(keys.problems),
                        pytrace=False)

    # -- Registration ----------------------------------------------------------------------
    page.goto("/organisatie/registreren/")
    # The first Tab stop is the skip link; Enter on it puts focus on the content (WCAG 2.4.1).
    reached(keys.tab_to(".skip-link", max_presses=1), "the skip link as the first stop")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    for selector, value in (("#id_organisation_name", "Toetsenbord B.V."),
                            ("#id_kvk", "55667788"), ("#id_website", "toetsenbord.example"),
                            ("#id_full_name", "Kees Toets"), ("#id_job_title", "Directeur"),
                            ("#id_phone", "030 765 43 21"), ("#id_email", EMAIL),
                            ("#id_password", PASSWORD)):
        reached(keys.type_into(selector, value), selector)
    reached(keys.press_on("#id_accept_terms", "Space"), "the terms box")
    expect(page.locator("#id_accept_terms")).to_be_checked()
    reached(keys.submit(BUTTON), "the registration button")
    # (The browser keeps the skip link's #main through the redirect.)
    expect(page).to_have_url(re.compile(r"/account/controleer-uw-email/(#main)?$"))
    keys.walk_page()  # on to the end of the page: nothing traps focus

    # The link in the e-mail opens a page with one button that confirms.
    path = re.search(r"https?://[^/\s]+(/account/bevestigen/\S+)", mail.outbox[-1].body).group(1)
    page.goto(path)
    reached(keys.submit(BUTTON), "the confirm button")
    expect(page).to_have_url(re.compile(r"/account/inloggen/$"))

    # First login: password, then two-step verification set up from the key on the page.
    reached(keys.type_into("#id_email", EMAIL), "login e-mail")
    reached(keys.type_into("#id_password", PASSWORD), "login password")
    reached(keys.submit(BUTTON), "the login button")
    expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/$"))
    seed = totp.from_b32(page.get_by_test_id("totp-key").inner_text())
    reached(keys.type_into("#id_code", totp.code_at(seed, totp.time_step())), "TOTP code")
    reached(keys.submit(BUTTON, "Activeren"), "the activate button")
    expect(page.get_by_test_id("recovery-codes")).to_be_visible()
    reached(keys.follow("Ik heb de codes bewaard"), "codes saved link")

    # -- Step 1: an underlying KvK entity --------------------------------------------------
    # A new organisation's overview opens at step 1.
    expect(page.get_by_role("heading", level=1)).to_have_text("Stap 1: Organisatie")
    reached(keys.type_into("#id_name", "Toetsenbord Noord B.V."), "entity name")
    reached(keys.type_into("#id_kvk", "55667789"), "entity KvK")
    reached(keys.submit("main form:has(input[value=entity]) button[type=submit]"), "add entity")
    expect(page.get_by_text("De onderliggende entiteit is toegevoegd.")).to_be_visible()
    keys.walk_page()  # on to the end of the page: nothing traps focus

    # -- Step 2: a rekentool with its peiljaar -------------------------------------------------
    reached(keys.follow("Verder naar stap 2"), "the step 2 link")
    reached(keys.type_into("#id_name", "Peiljaar 2024"), "rekentool name")
    reached(keys.tab_to("#id_peiljaar_month"), "peiljaar month")
    page.keyboard.press("Home")  # the first month: januari
    reached(keys.type_into("#id_peiljaar_year", "2024"), "peiljaar year")
    reached(keys.submit(BUTTON, "Rekentool aanmaken"), "create rekentool")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stap 3: Gegevens")
    expect(page.locator("#id_peiljaar_month")).to_have_value("1")

    # -- Step 3A/3B: staff and fte (saves as you go; Enter on Opslaan saves too) ---------------
    reached(keys.type_into("#id_total_fte", "20"), "total fte")
    reached(keys.type_into("#id_average_headcount", "22"), "headcount")
    reached(keys.press_on(BUTTON, "Enter", "Opslaan"), "save 3A/3B")
    expect(page.get_by_text("Opgeslagen om")).to_be_visible()

    # -- Step 3C: one target-group employee ------------------------------------------------
    reached(keys.follow("Verder naar 3C"), "the 3C link")
    reached(keys.type_into("#id_ref", "K-001"), "employee reference")
    reached(keys.type_into("#id_hours_per_week", "36"), "hours")
    reached(keys.tab_to("#id_category"), "category")
    page.keyboard.type("WIA")  # a closed select jumps to the option typed
    expect(page.locator("#id_category")).to_have_value("wia")
    # A date field takes its day, month and year typed in one go.
    reached(keys.type_into("#id_employed_from", "01012020", replace=False), "employed from")
    expect(page.locator("#id_employed_from")).to_have_value("2020-01-01")
    reached(keys.submit("main form.form:has(#id_ref) button[type=submit]"), "add employee")
    expect(page.get_by_text("De medewerker is toegevoegd.")).to_be_visible()
    keys.walk_page()  # on to the end of the page: nothing traps focus

    # -- Step 3D: one purchase -------------------------------------------------------------
    reached(keys.follow("Verder naar 3D"), "the 3D link")
    for selector, value in (("#id_supplier", "Groen B.V."),
                            ("#id_amount", "50.000,00"), ("#id_supplier_turnover", "2.000.000"),
                            ("#id_supplier_weighted_fte", "20")):
        reached(keys.type_into(selector, value), selector)
    reached(keys.submit("main form.form:has(#id_supplier) button[type=submit]"), "add purchase")
    expect(page.get_by_text("De inkoop is toegevoegd.")).to_be_visible()
    keys.walk_page()  # on to the end of the page: nothing traps focus

    # -- Step 4, then step 5: every question answered "Ja" -----------------------------------
    reached(keys.follow("Verder naar stap 4"), "the step 4 link")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stap 4")
    reached(keys.follow("Kwalitatieve vragen", ".steps a"), "the step 5 link")
    questions = page.eval_on_selector_all(
        "main input[type=radio][value=ja]", "radios => radios.map(r => r.name)")
    assert questions, "step 5 asks no question: the rekentool reached no trede"
    for name in questions:
        # Tab enters a radio group at its first option (Ja); Space chooses it.
        reached(keys.press_on(f"input[type=radio][name='{name}']", "Space"), name)
        expect(page.locator(f"input[name='{name}'][value=ja]")).to_be_checked()
    reached(keys.press_on(BUTTON, "Enter", "Opslaan"), "save step 5")
    expect(page.get_by_text("Opgeslagen om")).to_be_visible()

    # -- Step 6: ask a quote, accept it, submit the definitive application -------------------
    reached(keys.follow("Offertes", ".steps a"), "the step 6 link")
    reached(keys.press_on("input[name=institutions]", "Space"), "the institution box")
    reached(keys.submit(BUTTON, "Offertes aanvragen"), "request quotes")
    expect(page.get_by_text("De offerteaanvragen zijn verstuurd.")).to_be_visible()
    _quote_from_the_institution(institution[1])
    page.reload()
    reached(keys.submit("button", f"Accepteren {INSTITUTION}"), "accept the quote")
    expect(page.get_by_text(f"De offerte van {INSTITUTION} is geaccepteerd")).to_be_visible()
    keys.walk_page()  # on to the end of the page: nothing traps focus
    reached(keys.type_into("#id_turnover", "2.500.000"), "turnover")
    reached(keys.press_on("#id_authorised", "Space"), "authorised box")
    reached(keys.press_on("#id_agreement_accepted", "Space"), "agreement box")
    reached(keys.submit(BUTTON, "Definitieve aanvraag indienen"), "submit the application")
    expect(page.get_by_text("Uw definitieve aanvraag is ingediend.")).to_be_visible()
    assert Application.objects.filter(organisation__name="Toetsenbord B.V.").count() == 1

    keys.walk_page()
    context.close()
    assert keys.problems == [], "\n".join(keys.problems)
    print(f"{keys.stops} focus stops checked")
    assert keys.stops > 300  # the journey really went through the pages by Tab
