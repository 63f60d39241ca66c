"""The buyer's journey in a real browser (issue 13, "Tests"): Alice logs in, opens her
organisation's buyer workspace, uploads a .csv of suppliers of which one sits in a Niveau-1
category without a certificate, filters "Niveau 1 zonder geldig certificaat", sees that
supplier, and downloads the report as .xlsx (read back with openpyxl). The table page passes
page_checks at one width and language only, to keep CI time down.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from psoportal.buyers.models import Niveau
from psoportal.buyers.services import buyer_activate
from tests.conftest import give_totp_device, totp_now
from tests.e2e.test_applicant_journey_accessible import Journey
from tests.factories import PASSWORD
from tests.register.factories import certificate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM_BUTTON = "main form.form button[type=submit]"


def test_a_buyer_uploads_suppliers_finds_a_niveau_1_gap_and_downloads_the_report(
    live_server, browser, tmp_path, alice, organisation
):
    buyer = buyer_activate(organisation=organisation, by=alice)
    give_totp_device(alice)
    niveau1 = buyer.categories.filter(niveau=Niveau.CONDITION).first()
    niveau2 = buyer.categories.filter(niveau=Niveau.STRONGLY_ADVISED).first()
    start = timezone.localdate() - dt.timedelta(days=60)
    certificate(name="Groen & Schoon B.V.", kvks=["11112222"], level="trede_3", start=start)
    certificate(name="Dijkstra Techniek", kvks=["22223333"], level="trede_2", start=start)
    upload = tmp_path / "leveranciers.csv"
    upload.write_bytes(("\ufeffKvK-nummer;Naam;Inkoopcategorie;Contract tot en met;"
                        "Vereiste trede\r\n"
                        f"11112222;Groen & Schoon B.V.;{niveau1.name};31-12-2026;Trede 2\r\n"
                        f"22223333;Dijkstra Techniek;{niveau2.name};;\r\n"
                        f"33334444;Zonder Keurmerk B.V.;{niveau1.name};30-06-2027;\r\n"
                        ).encode())

    context = browser.new_context(base_url=live_server.url, accept_downloads=True,
                                  viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "nl",
                          "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    journey = Journey(page, "nl")
    journey.user_data = ["Groen & Schoon B.V.", "Dijkstra Techniek", "Zonder Keurmerk B.V.",
                         niveau1.name, niveau2.name, *buyer.categories.values_list(
                             "name", flat=True), organisation.name, alice.full_name]

    # -- Log in with password and code ---------------------------------------------------------
    page.goto("/account/inloggen/")
    page.fill("#id_email", alice.email)
    page.fill("#id_password", PASSWORD)
    page.locator(FORM_BUTTON).first.click()
    page.wait_for_load_state()
    page.fill("#id_code", totp_now())
    page.locator(FORM_BUTTON).first.click()
    page.wait_for_load_state()
    assert "/account/inloggen" not in page.url

    # -- The workspace is on: its menu leads to the suppliers ----------------------------------
    page.goto(f"/inkoop/{organisation.pk}/")
    page.get_by_role("navigation", name="Inkoopwerkruimte").get_by_role(
        "link", name="Leveranciers", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leveranciers")

    # -- Upload the list -------------------------------------------------------------------------
    page.get_by_role("link", name="Leveranciers inlezen uit een bestand").click()
    page.get_by_label("Leveranciersbestand (.xlsx of .csv)").set_input_files(upload)
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_text(
        "Het bestand is ingelezen: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd.")).to_be_visible()
    expect(page.get_by_role("heading", name="3 leveranciers")).to_be_visible()

    # -- Filter: Niveau 1 without a valid certificate --------------------------------------------
    page.get_by_label("Selectie").select_option(label="Niveau 1 zonder geldig certificaat")
    page.get_by_role("button", name="Filter toepassen").click()
    expect(page.get_by_role("heading", name="1 leverancier")).to_be_visible()
    table = page.get_by_role("table", name="Leveranciers en hun PSO-status vandaag")
    expect(table.get_by_role("row")).to_have_count(2)  # the header and the one supplier
    expect(table).to_contain_text("Zonder Keurmerk B.V.")
    expect(table).to_contain_text("geen certificaat")
    expect(table).not_to_contain_text("Groen & Schoon B.V.")
    assert "status=niveau1-zonder-certificaat" in page.url  # a bookmarkable filter
    journey.check("supplier table, filtered")

    # -- Download the report and read it back ---------------------------------------------------
    with page.expect_download() as download:
        page.get_by_role("link", name="Download deze lijst als .xlsx (Excel)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("Naam", "KvK-nummer")
    assert [row[:2] for row in rows[1:]] == [("Zonder Keurmerk B.V.", "33334444")]
    report = dict(zip(header, rows[1], strict=True))
    assert report["Status"] == "geen certificaat"
    assert report["Niveau 1 zonder geldig certificaat"] == "ja"

    assert not errors, errors
    assert not journey.failures, journey.report()
    context.close()
