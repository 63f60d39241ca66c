"""The register import in a real browser, as PSO-Nederland's staff use it: the start page, a file
with errors (the error summary and the list with row and column), a dry run, and Importeren.
Every page passes page_checks (width, axe-core, engine text, one language), Dutch at 390 px and
English at 1280 px."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from psoportal.certification.models import Certificate
from tests.conftest import full_login
from tests.e2e.test_applicant_journey_accessible import Journey
from tests.factories import UserFactory
from tests.register.import_support import csv_file, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    row(),
    row(certificaatnummer="P24-0002", organisatie="Groenwerk Bos B.V.", plaats="Zwolle",
        kvk_nummers="64000201 64000202", trede="Trede 3", pso_30plus="ja",
        certificaatnummer_pso_30plus="P24-0002-30", ingangsdatum="01-05-2024",
        einddatum="30-04-2026", omzet="2450000", gewogen_doelgroep_fte="12,5"),
]
BAD = [*ROWS, row(certificaatnummer="P24-0003", kvk_nummers="123", trede="Trede 9")]


@pytest.mark.parametrize(("lang", "width"), [("nl", 390), ("en", 1280)])
def test_the_register_import_pages_are_narrow_accessible_clean_and_in_one_language(
    live_server, browser, tmp_path, lang, width
):
    staff = UserFactory(email="bo@pso-nederland.example", full_name="Bo Backoffice",
                        is_staff=True)
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": width, "height": 900})
    session = full_login(Client(), staff).cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url},
        {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
    ])
    page = context.new_page()
    page.set_default_timeout(10_000)
    journey = Journey(page, lang)
    journey.user_data = ["Schoonmaakbedrijf Zuidwest B.V.", "Groenwerk Bos B.V.",
                         "Keurmerk Certificering B.V.", "Trede 9", "Bo Backoffice"]
    bad, good = tmp_path / "fouten.csv", tmp_path / "register.csv"
    bad.write_bytes(csv_file(BAD))
    good.write_bytes(csv_file(ROWS))
    upload = "main form.form input[type=file]"
    submit = "main form.form button[type=submit]"

    assert journey.visit("start page", "/mijnpso/pso-nederland/registerimport/")
    journey.failed_submit("a file with errors", submit,
                          prepare=lambda: page.set_input_files(upload, str(bad)))
    errors = page.locator("#import-errors li").all_inner_texts()
    assert any("kvk-nummers" in line and "123" in line for line in errors), errors

    page.set_input_files(upload, str(good))
    page.locator(submit).click()
    page.wait_for_load_state("networkidle")
    assert "/registerimport/" in page.url and page.url.rstrip("/").split("/")[-1].isdigit()
    journey.check("dry run")
    assert Certificate.objects.count() == 0

    page.locator(submit).click()
    page.wait_for_load_state("networkidle")
    journey.check("imported")
    assert Certificate.objects.count() == 3
    context.close()
    assert journey.failures == {}, journey.report()
