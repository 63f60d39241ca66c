"""Issue 10, "Done when": the whole certification round in a real browser, all three roles.

Alice (applicant) asks Keurmerk Certificering for a quote → Audrey (its auditor) sends one in
Dutch number formats → Alice accepts it, signs the two declarations and submits → Audrey plans the
audit, judges the checklist, corrects one employee's hours (the application and the audit side by
side) and files her report with a PDF → Bo (PSO-Nederland) awards the audited level and records
the payment → Alice downloads the certificate PDF → the QR code, decoded from the PDF's image,
opens the public page, which says "geldig".

Steps 1–5 are other journeys' work: the organisation and a complete rekentool (rule book §12
example 1, Trede 2, every step-5 question yes) are made directly in the database. Every key page
also passes page_checks (width, axe-core, engine text, Dutch only); all failures are reported at
once at the end.
"""

from __future__ import annotations

import datetime as dt

import pypdf
import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from psoportal.certification.models import Application, Certificate
from tests.assessments.conftest import all_yes, rekentool  # noqa: F401 (fixtures)
from tests.certification.awarding import submitted_on
from tests.certification.pdf_qr import qr_texts
from tests.conftest import full_login
from tests.e2e import page_checks
from tests.factories import CertifyingInstitutionFactory, InstitutionMembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSTITUTION = "Keurmerk Certificering B.V."
FINDINGS = "Het plan van aanpak wordt uitgevoerd. Eén medewerker werkt minder uren dan opgegeven."
CORRECTION_NOTE = "Volgens het rooster en de loonstrook werkt D-003 24 uur per week."
REPORT_NAME = "auditrapport-voorbeeld.pdf"


def _logged_in_context(browser, live_server, user):
    """A browser whose session is exactly that of `user` after password and TOTP."""
    client = full_login(Client(), user)
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies([{
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
    return context


def _new_page(context, errors: list[str]):
    page = context.new_page()
    page.set_default_timeout(10_000)  # a missing element fails fast, not after 30 s
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def _report_pdf(path) -> None:
    """A small, valid one-page PDF: the auditor's report."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as handle:
        writer.write(handle)


def _fact(page, term: str):
    """The value (<dd>) of a term of the page's facts lists (<dl class="overview-facts">)."""
    return page.locator("dl.overview-facts > div").filter(
        has=page.locator("dt").get_by_text(term, exact=True)).locator("dd")


class PageChecks:
    """Runs page_checks on the pages of the journey and keeps every problem, keyed by page."""

    def __init__(self, user_data: list[str]):
        self.user_data = user_data
        self.failures: dict[str, list[str]] = {}

    def __call__(self, page, name: str) -> None:
        page.wait_for_load_state("networkidle")
        problems = page_checks.all_page_checks(page, "nl", self.user_data)
        if problems:
            self.failures[name] = problems

    def report(self) -> str:
        lines = [f"{sum(map(len, self.failures.values()))} problem(s) on "
                 f"{len(self.failures)} page(s):"]
        for name, problems in self.failures.items():
            lines.append(f"\n== {name}")
            lines += [f"  - {problem}" for problem in problems]
        return "\n".join(lines)


def test_quote_audit_award_payment_and_a_certificate_whose_qr_code_says_geldig(
    live_server, browser, settings, tmp_path, organisation, alice, bo, rekentool, all_yes  # noqa: F811
):
    # The QR code points at the site's own address: here, the live server.
    settings.SITE_URL = live_server.url
    rekentool.qualitative = all_yes
    rekentool.save()
    institution = CertifyingInstitutionFactory(name=INSTITUTION)
    auditor = UserFactory(email="audrey@keurmerk.example", full_name="Audrey Auditor")
    InstitutionMembershipFactory(institution=institution, user=auditor)
    report = tmp_path / REPORT_NAME
    _report_pdf(report)

    errors: list[str] = []
    # One browser context per role: Alice, Audrey of the certifying institution, and Bo.
    applicant = _new_page(_logged_in_context(browser, live_server, alice), errors)
    ci = _new_page(_logged_in_context(browser, live_server, auditor), errors)
    pso = _new_page(_logged_in_context(browser, live_server, bo), errors)
    check = PageChecks([organisation.name, organisation.kvk, organisation.city, rekentool.name,
                        institution.name, institution.kvk, "D-001", "D-002", "D-003",
                        REPORT_NAME, FINDINGS, CORRECTION_NOTE,
                        *[user.full_name for user in (alice, auditor, bo)],
                        *[user.email for user in (alice, auditor, bo)]])

    # -- Alice asks for a quote (step 6) ----------------------------------------------------
    applicant.goto(f"/mijnpso/rekentool/{rekentool.pk}/aanvraag/")
    applicant.get_by_label(INSTITUTION).check()
    applicant.get_by_role("button", name="Offertes aanvragen").click()
    expect(applicant.get_by_text("De offerteaanvragen zijn verstuurd.")).to_be_visible()
    expect(applicant.get_by_text("De instelling heeft nog niet geantwoord.")).to_be_visible()
    check(applicant, "step 6, quote requested")

    # -- Audrey answers it in her workspace ------------------------------------------------
    ci.goto("/mijnpso/instelling/")
    check(ci, "institution workspace, a quote request")
    requests = ci.get_by_role("region", name="Offerteaanvragen", exact=True)
    requests.get_by_role("link", name=organisation.name).click()
    expect(ci.get_by_role("heading", level=1)).to_have_text(
        f"Offerteaanvraag van {organisation.name}")
    check(ci, "institution, the quote form")
    ci.get_by_label("Mandagen").fill("1,5")
    ci.get_by_label("Dagtarief (excl. btw)").fill("1.100")
    ci.get_by_label("Registratiekosten").fill("150")
    ci.get_by_label("Geldig tot").fill(
        (timezone.localdate() + dt.timedelta(days=30)).isoformat())
    ci.get_by_label("Opmerkingen").fill("Inclusief rapportage.")
    ci.get_by_role("button", name="Offerte versturen").click()
    expect(ci.get_by_text("Uw offerte is verstuurd.")).to_be_visible()

    # -- Alice compares, accepts and submits ------------------------------------------------
    applicant.reload()
    quotes = applicant.get_by_role("region", name="Offertes naast elkaar")
    row = quotes.get_by_role("row").filter(has_text=INSTITUTION)
    # 1,5 mandagen × € 1.100,00 + € 150,00 registratiekosten = € 1.800,00
    expect(row).to_contain_text("1,50")
    expect(row).to_contain_text("€\u00a01.100,00")
    expect(row).to_contain_text("€\u00a01.650,00")
    expect(row).to_contain_text("€\u00a01.800,00")
    check(applicant, "step 6, the quote comparison")
    row.get_by_role("button", name=f"Accepteren {INSTITUTION}").click()
    expect(applicant.get_by_text(f"De offerte van {INSTITUTION} is geaccepteerd")).to_be_visible()
    check(applicant, "step 6, ready to submit")
    applicant.get_by_label("Omzet van uw organisatie in het peiljaar (excl. btw)").fill(
        "2.500.000")
    applicant.get_by_label("Ik ben bevoegd om namens de organisatie te tekenen.").check()
    applicant.get_by_label(
        "Ik aanvaard de deelnameovereenkomst en de algemene voorwaarden.").check()
    applicant.get_by_role("button", name="Definitieve aanvraag indienen").click()
    expect(applicant.get_by_text("Uw definitieve aanvraag is ingediend.")).to_be_visible()
    expect(applicant.get_by_role("heading", level=1)).to_have_text(
        f"Aanvraag van {organisation.name}")
    expect(_fact(applicant, "Status")).to_have_text("ingediend")
    check(applicant, "application page (applicant), ingediend")
    application_url = applicant.url
    application = Application.objects.get()

    # Weeks pass before the audit. The certificate starts on the first of the month after the
    # submission (§9), so for it to be in force today the submission lies in an earlier month.
    submitted_on(application, timezone.localdate() - dt.timedelta(days=40))

    # -- Audrey plans the audit ------------------------------------------------------------
    ci.goto("/mijnpso/instelling/")
    ci.get_by_role("region", name="Aanvragen", exact=True).get_by_role(
        "link", name=f"Audit {organisation.name}").click()
    check(ci, "audit, plan the days")
    today = timezone.localdate()
    ci.get_by_label("Eerste auditdag").fill((today - dt.timedelta(days=1)).isoformat())
    ci.get_by_label("Laatste auditdag").fill(today.isoformat())
    ci.get_by_role("button", name="Audit plannen").click()
    expect(ci.get_by_text("De auditdagen zijn opgeslagen.")).to_be_visible()
    expect(_fact(ci, "Auditdagen")).to_have_text(
        f"{today - dt.timedelta(days=1):%d-%m-%Y} – {today:%d-%m-%Y}")
    check(ci, "audit, planned")

    # ... judges the checklist: the four aspects of Trede 2 and the sampled employees ...
    tabs = ci.get_by_role("navigation", name="Onderdelen van de audit")
    tabs.get_by_role("link", name="Checklist").click()
    check(ci, "audit checklist")
    for name in ("Passend werk", "D-001", "D-002", "D-003"):
        expect(ci.get_by_role("group", name=f"Oordeel over {name}")).to_be_visible()
    verdicts = ci.get_by_role("radio", name="voldoet", exact=True)
    expect(verdicts).to_have_count(7)
    for radio in verdicts.all():
        radio.check()
    ci.get_by_role("button", name="Checklist opslaan").click()
    expect(ci.get_by_text("De checklist is opgeslagen.")).to_be_visible()
    expect(ci.get_by_text("Nog 0 van 7 onderdelen te beoordelen")).to_be_visible()

    # ... corrects one row: D-003 works 24 hours a week, not 32 ...
    ci.get_by_role("link", name="Corrigeren D-003").click()
    expect(ci.get_by_role("heading", level=1)).to_have_text(
        "Medewerker D-003 (rij 3) corrigeren")
    check(ci, "audit, correct one employee")
    ci.get_by_label("Uren per week").fill("24")
    ci.get_by_label("Toelichting").fill(CORRECTION_NOTE)
    ci.get_by_role("button", name="Correctie opslaan").click()
    expect(ci.get_by_text("1 correctie opgeslagen.")).to_be_visible()
    # The application and the audit side by side.
    comparison = ci.get_by_role("table", name="Aanvraag en audit naast elkaar")
    direct = comparison.get_by_role("row").filter(
        has=ci.get_by_role("rowheader", name="Direct", exact=True))
    expect(direct.get_by_role("cell")).to_have_text(["5,20\u00a0%", "4,90\u00a0%", "-0,30\u00a0%"])
    level = comparison.get_by_role("row").filter(
        has=ci.get_by_role("rowheader", name="Trede", exact=True))
    expect(level.get_by_role("cell")).to_have_text(["Trede 2", "Trede 2", "–"])
    corrected = ci.get_by_role("table", name="Gecorrigeerde gegevens, oudste eerst")
    expect(corrected.get_by_role("row")).to_have_count(2)
    expect(corrected.get_by_role("row").nth(1).get_by_role("cell")).to_contain_text(
        ["32", "24", CORRECTION_NOTE])
    check(ci, "audit corrections, side by side")

    # ... and files her report with the PDF.
    tabs.get_by_role("link", name="Auditrapport").click()
    check(ci, "audit report form")
    ci.get_by_label("Bevindingen").fill(FINDINGS)
    ci.get_by_label("Geadviseerde trede").select_option(label="Trede 2")
    ci.get_by_label("Auditrapport (pdf)").set_input_files(str(report))
    ci.get_by_role("button", name="Auditrapport indienen").click()
    expect(ci.get_by_text("Het auditrapport is ingediend.")).to_be_visible()
    expect(_fact(ci, "Status")).to_have_text("auditrapport ingediend")
    expect(ci.get_by_role("link", name=REPORT_NAME)).to_be_visible()
    check(ci, "application page (institution), report filed")

    # -- Bo (PSO-Nederland) awards the audited level ----------------------------------------
    pso.goto("/mijnpso/pso-nederland/")
    queue = pso.get_by_role("region", name="Auditrapporten om over te besluiten")
    expect(queue.get_by_role("row").filter(has_text=organisation.name)).to_contain_text(INSTITUTION)
    check(pso, "PSO-Nederland workspace, the queue")
    queue.get_by_role("link", name=f"Besluiten over {organisation.name}").click()
    expect(pso.get_by_role("heading", level=1)).to_have_text(
        f"Besluit over de aanvraag van {organisation.name}")
    audited = _fact(pso, "Geauditeerde trede")
    expect(audited).to_contain_text("Trede 2")
    expect(audited).to_contain_text("op de cijfers zoals de auditor ze corrigeerde")
    check(pso, "award page")
    award = pso.get_by_role("group", name="Toe te kennen trede")
    expect(award.get_by_role("radio", name="Trede 2")).to_be_checked()
    pso.get_by_role("button", name="Toekennen", exact=True).click()
    expect(pso.get_by_text("Toegekend. De aanvraag wacht nu op de betaling")).to_be_visible()
    expect(_fact(pso, "Status")).to_have_text("betaling afwachten")
    check(pso, "application page (PSO-Nederland), betaling afwachten")

    # ... and records the payment of the first-year invoice: the certificate is issued.
    pso.get_by_role("button", name="Betaling ontvangen: certificaat uitgeven").click()
    expect(pso.get_by_text("De aanvraag is nu: toegekend.")).to_be_visible()

    # -- Alice downloads her certificate ----------------------------------------------------
    applicant.goto(application_url)
    expect(_fact(applicant, "Status").first).to_have_text("toegekend")
    awarded = applicant.get_by_role("region", name="Toekenning en certificaten")
    expect(awarded.get_by_role("article")).to_have_count(1)
    certificate = Certificate.objects.get()
    card = applicant.get_by_role("article", name=f"Certificaat {certificate.number}")
    expect(card).to_contain_text("Trede 2")
    expect(card).to_contain_text("Geldig van")
    check(applicant, "application page (applicant), the certificate")
    with applicant.expect_download() as download:
        card.get_by_role("link", name=f"Certificaat {certificate.number} downloaden (pdf)").click()
    assert download.value.suggested_filename == f"certificaat-{certificate.number}.pdf"
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)

    reader = pypdf.PdfReader(pdf)
    text = " ".join(page.extract_text() for page in reader.pages)
    for fact in (organisation.name, "Trede 2", certificate.number, INSTITUTION):
        assert fact in text, fact

    # -- The QR code on it opens the public page: geldig -----------------------------------
    [url] = qr_texts(reader)
    assert url.startswith(live_server.url + "/certificaat/")
    visitor_context = browser.new_context()  # anyone who scans it: no session
    visitor = _new_page(visitor_context, errors)
    assert visitor.goto(url).status == 200
    expect(visitor.locator("#certificate-status")).to_have_text("geldig")
    facts = visitor.locator(".overview-facts")
    expect(facts).to_contain_text(organisation.name)
    expect(facts).to_contain_text("Trede 2")
    expect(facts).to_contain_text(certificate.number)
    expect(facts).to_contain_text(INSTITUTION)
    check(visitor, "public verification page")

    for page in (applicant, ci, pso, visitor):
        page.context.close()
    assert errors == []
    if check.failures:
        pytest.fail(check.report(), pytrace=False)
