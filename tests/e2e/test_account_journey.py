"""A new user's whole journey in a real browser: register, verify, enrol TOTP, log in twice."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from psoportal.accounts import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "nina@nieuwbedrijf.example"
PASSWORD = "een lange zin als wachtwoord"


def _submit(page):
    page.locator("main form.form button[type=submit]").first.click()
    page.wait_for_load_state()


def _password_step(page, base):
    page.goto(base + "/account/inloggen/")
    page.fill("#id_email", EMAIL)
    page.fill("#id_password", PASSWORD)
    _submit(page)


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def test_a_new_user_registers_enrols_totp_and_logs_in_with_totp_and_a_recovery_code(
    live_server, page, console_errors
):
    base = live_server.url
    page.goto(base + "/account/registreren/")
    page.fill("#id_organisation_name", "Nieuw Bedrijf B.V.")
    page.fill("#id_kvk", "11223344")
    page.fill("#id_website", "https://nieuwbedrijf.example")
    page.fill("#id_full_name", "Nina Nieuw")
    page.fill("#id_job_title", "Directeur")
    page.fill("#id_phone", "030 111 22 33")
    page.fill("#id_email", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.check("#id_accept_terms")
    _submit(page)
    expect(page).to_have_url(re.compile(r"/account/controleer-uw-email/$"))

    # The verification link from the outbox; the button on that page confirms.
    body = mail.outbox[-1].body
    path = re.search(r"https?://[^/\s]+(/account/bevestigen/\S+)", body).group(1)
    page.goto(base + path)
    _submit(page)
    expect(page).to_have_url(re.compile(r"/account/inloggen/$"))

    # First login: no authenticator yet, so enrolment.
    _password_step(page, base)
    expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/$"))
    expect(page.locator("img.qr")).to_be_visible()
    seed = totp.from_b32(page.get_by_test_id("totp-key").inner_text())
    page.fill("#id_code", totp.code_at(seed, totp.time_step()))
    _submit(page)
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    _logout(page)

    # Log in with TOTP. The enrolment code's time step is spent, so use the next step's code,
    # which the ±1 step tolerance accepts.
    _password_step(page, base)
    expect(page).to_have_url(re.compile(r"/account/inloggen/code/$"))
    page.fill("#id_code", totp.code_at(seed, totp.time_step() + 1))
    _submit(page)
    expect(page).to_have_url(re.compile(r"/mijnpso/organisatie/\d+/$"))
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    _logout(page)

    # Log in with a recovery code.
    _password_step(page, base)
    page.get_by_role("link", name=re.compile("herstelcode")).click()
    page.wait_for_load_state()
    page.fill("#id_code", codes[0])
    _submit(page)
    expect(page).to_have_url(re.compile(r"/mijnpso/organisatie/\d+/$"))
    expect(page.get_by_text("ingelogd met een herstelcode")).to_be_visible()
    page.goto(base + "/account/beveiliging/")
    expect(page.get_by_role("heading", name="Beveiliging")).to_be_visible()
    _logout(page)
    assert console_errors == []
