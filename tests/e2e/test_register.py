"""The public register in a real browser (issue 12, "Tests"): a buyer without an account searches
the register, opens an entry, verifies a certificate by its number and by a KvK number, and
downloads the result list (the downloaded .csv and .xlsx are read back). Every page passes
page_checks (width, axe-core, engine text, one language), narrow in Dutch and wide in English.
The certificates are made directly in the database, as the old register's import leaves them.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from psoportal.methodology.dates import ONE_DAY, add_months
from psoportal.methodology.handbook import handbook_for
from tests.e2e.test_applicant_journey_accessible import Journey
from tests.register.factories import certificate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECK_BUTTON = "main form.form button[type=submit]"


def _register():
    """Three entries in Utrecht at level 2 or higher (one of them PSO 30+), one in Amsterdam
    at level 1 ending soon, and an expired one."""
    today = timezone.localdate()
    start = add_months(today.replace(day=1), -6)
    made = {
        "groen": certificate(name="Groen & Schoon B.V.", city="Utrecht", level="trede_3",
                             kvks=["12345678", "87654321"], start=start),
        "groen30": certificate(name="Groen & Schoon B.V.", city="Utrecht", level="trede_3",
                               pso30plus=True, kvks=["12345678", "87654321"], start=start),
        "dijk": certificate(name="Dijkstra Techniek", city="Utrecht", level="trede_2",
                            kvks=["22223333"], start=start),
        "brug": certificate(name="De Brug Facilitair", city="Amsterdam", level="trede_1",
                            kvks=["11112222"],
                            end=add_months(today, handbook_for(today).register
                                           .expiring_soon_months) - ONE_DAY,
                            start=add_months(today, -18)),
        "oud": certificate(name="Oud Groen B.V.", city="Utrecht", level="trede_3",
                           kvks=["12345678"], start=add_months(start, -30),
                           end=add_months(start, -6) - ONE_DAY),
    }
    user_data = ["Groen & Schoon B.V.", "Groen & Schoon B.V. dochter 1", "Dijkstra Techniek",
                 "De Brug Facilitair", "Oud Groen B.V.", "Keurmerk Certificering B.V.",
                 "Utrecht", "Amsterdam"]
    return made, user_data


def _new_page(browser, live_server, lang: str, width: int):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True,
                                  viewport={"width": width, "height": 900})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang,
                          "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_a_buyer_searches_opens_an_entry_verifies_it_and_downloads_the_list(
    live_server, browser, tmp_path
):
    made, user_data = _register()
    context, page = _new_page(browser, live_server, "nl", 390)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    journey = Journey(page, "nl")
    journey.user_data = user_data

    # -- The menu leads to the register: everything in force today -----------------------------
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="PSO-register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Register van PSO-gecertificeerde organisaties")
    expect(page.get_by_role("heading", name="4 certificaten gevonden")).to_be_visible()
    expect(page.get_by_role("cell", name="verloopt binnenkort")).to_be_visible()
    expect(page.get_by_text("Oud Groen B.V.")).to_have_count(0)
    journey.check("register")

    # -- Search: Utrecht, at least Trede 2, only level certificates --------------------------
    page.get_by_label("Plaats").fill("Utrecht")
    page.get_by_label("Trede (minimaal)").select_option(label="Trede 2")
    page.get_by_label("PSO 30+").select_option(label="Alleen tredecertificaten")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="2 certificaten gevonden")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)  # the header and two entries
    expect(table).to_contain_text("Dijkstra Techniek")
    expect(table).to_contain_text(made["groen"].number)
    expect(table).not_to_contain_text(made["groen30"].number)
    expect(page.get_by_label("Plaats")).to_have_value("Utrecht")
    journey.check("register, searched")

    # -- Download the result list: the file holds what the page found --------------------------
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de lijst als .csv").click()
    assert download.value.suggested_filename == f"pso-register-{timezone.localdate()}.csv"
    path = tmp_path / "register.csv"
    download.value.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Naam", "Plaats", "KvK-nummers"]
    assert [(row[0], row[3], row[4], row[7]) for row in rows[1:]] == [
        ("Dijkstra Techniek", "Trede 2", "nee", made["dijk"].number),
        ("Groen & Schoon B.V.", "Trede 3", "nee", made["groen"].number),
    ]
    assert rows[2][2] == "12345678, 87654321" and rows[2][9] == "geldig"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de lijst als .xlsx (Excel)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Dijkstra Techniek", "Groen & Schoon B.V."]

    # -- Open an entry: its verification page ----------------------------------------------------
    table.get_by_role("link", name="Groen & Schoon B.V.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Certificaat {made['groen'].number}")
    expect(page.locator("#certificate-status")).to_have_text("geldig")
    expect(page.get_by_role("main")).to_contain_text("87654321")
    journey.check("verification page")

    # -- Verify by number: the expired certificate is found too --------------------------------
    page.get_by_label("Certificaatnummer").fill(made["oud"].number)
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Certificaat {made['oud'].number}")
    expect(page.locator("#certificate-status")).to_have_text("verlopen")
    journey.check("verification page, expired")

    # -- The check form: an unknown number, then a KvK number with its whole history -------------
    page.goto("/register/")
    page.get_by_role("link", name="Controleer een certificaat op certificaatnummer of "
                                  "KvK-nummer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer een certificaat")
    journey.check("check form")
    page.get_by_label("Certificaatnummer").fill("PSO-1999-999999")
    journey.failed_submit("check form, unknown number", CHECK_BUTTON)
    expect(page.locator("#id_nummer_error")).to_contain_text(
        "Er is geen certificaat met nummer PSO-1999-999999.")
    page.get_by_label("Certificaatnummer").fill("")
    page.get_by_label("KvK-nummer").fill("12345678")
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", name="3 certificaten voor KvK-nummer 12345678")
           ).to_be_visible()
    expect(page.get_by_role("row", name=made["oud"].number)).to_contain_text("verlopen")
    journey.check("check by KvK number")
    page.get_by_role("link", name=made["groen30"].number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Certificaat PSO 30+ {made['groen30'].number}")

    context.close()
    assert errors == []
    assert not journey.failures, journey.report()


def test_the_register_pages_read_well_in_english_at_desktop_width(live_server, browser):
    made, user_data = _register()
    context, page = _new_page(browser, live_server, "en", 1280)
    journey = Journey(page, "en")
    journey.user_data = user_data

    journey.visit("register", "/register/")
    expect(page.get_by_role("heading", name="4 certificates found")).to_be_visible()
    expect(page.get_by_role("cell", name="expires soon")).to_be_visible()
    journey.visit("register, invalid search", "/register/?datum=31-02-2025&kvk=123")
    expect(page.locator("#id_datum_error")).to_have_text("Enter a date as dd-mm-yyyy.")
    expect(page.get_by_text("certificates found")).to_have_count(0)
    journey.visit("verification page", f"/certificaat/{made['brug'].verification_code}/")
    expect(page.locator("#certificate-status")).to_have_text("expires soon")
    journey.visit("check by KvK number", "/register/controleren/?kvk=12345678")
    expect(page.get_by_role("table")).to_contain_text("expired")
    journey.visit("check form", "/register/controleren/")
    journey.failed_submit("check form, empty", CHECK_BUTTON)
    expect(page.locator("#id_nummer_error")).to_have_text(
        "Enter a certificate number or a KvK number.")

    context.close()
    assert not journey.failures, journey.report()


def test_the_register_works_without_javascript(live_server, browser):
    _register()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/register/")
    page.get_by_label("Naam organisatie").fill("brug")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="1 certificaat gevonden")).to_be_visible()
    page.get_by_role("link", name="De Brug Facilitair").click()
    expect(page.locator("#certificate-status")).to_have_text("verloopt binnenkort")
    context.close()
