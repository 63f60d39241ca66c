"""A new applicant goes from an empty organisation to a Trede 2 provisional result."""

from __future__ import annotations

import json

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from psoportal.organisations.models import Membership
from tests.conftest import full_login
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fifty_row_workbook(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Referentie", "Categorie", "Contractvorm", "Uren per week", "In dienst vanaf",
                  "In dienst tot", "Instroomdatum", "LKS tot", "Indicatie tot",
                  "Schoolverlaten", "Indicatie 30+"])
    for n in range(50):
        sheet.append([f"IMP-{n:03d}", "wajong", "regular", 32, "01-01-2023", None, None, None,
                      None, None, "nee"])
    workbook.save(path)


def _logged_in_context(browser, live_server, user):
    client = full_login(Client(), user)
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
    return context


def test_from_an_empty_organisation_to_trede_2_and_back_through_export(
    live_server, browser, tmp_path
):
    organisation = OrganisationFactory(name="Nieuw Bedrijf B.V.", kvk="44556677")
    user = UserFactory(email="nina@nieuwbedrijf.example", full_name="Nina Nieuw")
    MembershipFactory(organisation=organisation, user=user,
                      role=Membership.Role.ACCOUNTHOUDER)
    context = _logged_in_context(browser, live_server, user)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # Step 1: add an Onderliggende entiteit.
    page.goto(f"/mijnpso/organisatie/{organisation.pk}/")
    page.get_by_label("Naam onderliggende entiteit").fill("Nieuw Bedrijf Noord B.V.")
    page.locator("#id_kvk").fill("44556678")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("De onderliggende entiteit is toegevoegd.")).to_be_visible()

    # Step 2: a rekentool for peiljaar 2024 (a new organisation starts at step 1).
    page.goto("/mijnpso/")
    page.get_by_role("link", name="Verder naar stap 2: Rekentools").click()
    page.get_by_label("Naam van de rekentool").fill("Peiljaar 2024")
    page.get_by_label("Peiljaar: eerste maand").select_option("1")
    page.get_by_label("Peiljaar: jaar van de eerste maand").fill("2024")
    page.get_by_role("button", name="Rekentool aanmaken").click()

    # Step 3A/3B (autosaves; the button works without JavaScript too).
    page.get_by_label("Totaal fte in het peiljaar").fill("1500")
    page.get_by_label("Gemiddeld totaal aantal medewerkers").fill("1650")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen om")).to_be_visible()

    # 3C: two employees by hand.
    page.get_by_role("link", name="Verder naar 3C PSO-doelgroep").click()
    for ref, category in [("H-001", "wia"), ("H-002", "wsw")]:
        page.get_by_label("Referentie").fill(ref)
        page.get_by_label("Categorie (uitgangspositie bij instroom)").select_option(category)
        page.get_by_label("Uren per week").fill("36")
        page.get_by_label("In dienst vanaf").fill("2020-01-01")
        page.get_by_role("button", name="Toevoegen").click()
        expect(page.get_by_text("De medewerker is toegevoegd.")).to_be_visible()

    # 3C: import a 50-row workbook.
    workbook = tmp_path / "doelgroep.xlsx"
    _fifty_row_workbook(workbook)
    page.locator("input[type=file]").set_input_files(str(workbook))
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("50 medewerkers geïmporteerd.")).to_be_visible()

    # 3D: one purchase.
    page.get_by_role("link", name="Verder naar 3D Inkopen").click()
    page.locator("#id_supplier").fill("Groen B.V.")
    page.get_by_label("Gefactureerd bedrag in het peiljaar (excl. btw)").fill("50.000,00")
    page.get_by_label("Omzet van de leverancier").fill("2.000.000")
    page.get_by_label("Gewogen doelgroep-fte van de leverancier").fill("20")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("De inkoop is toegevoegd.")).to_be_visible()

    # Step 5: every question answered yes.
    page.locator(".steps a", has_text="Kwalitatieve vragen").click()
    for radio in page.get_by_role("radio", name="Ja").all():
        radio.check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen om")).to_be_visible()
    page.get_by_role("link", name="Naar stap 4: Voorlopige score").click()

    # Step 4: the level, the chart and the advice.
    expect(page.locator(".level-trede_2").first).to_be_visible()
    expect(page.locator("svg[role=img]")).to_be_visible()
    expect(page.get_by_role("heading", name="Wat is nodig voor de volgende trede?")).to_be_visible()
    expect(page.get_by_text("gewogen fte extra aan doelgroepmedewerkers")).to_be_visible()

    # Export as JSON, then import it into a second rekentool: same result.
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren als JSON (pso-assessment/1)").click()
    exported = tmp_path / "export.json"
    download.value.save_as(exported)
    document = json.loads(exported.read_text())
    assert len(document["target_group"]) == 52

    page.goto("/mijnpso/")
    expect(page.get_by_role("heading", level=1, name="Mijn overzicht")).to_be_visible()
    page.get_by_role("link", name="Alle rekentools en een nieuwe aanmaken").click()
    page.get_by_label("Naam van de rekentool").fill("Heringelezen")
    page.get_by_label("Peiljaar: jaar van de eerste maand").fill("2023")
    page.get_by_role("button", name="Rekentool aanmaken").click()
    page.goto(page.url.replace("/gegevens/", "/importeren/"))
    page.locator("input[type=file]").set_input_files(str(exported))
    page.get_by_role("button", name="Importeren en vervangen").click()
    expect(page.get_by_text("De rekentool is geïmporteerd.")).to_be_visible()
    expect(page.locator(".level-trede_2").first).to_be_visible()
    assert errors == []
    context.close()

