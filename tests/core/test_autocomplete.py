"""WCAG 1.3.5: every field about the user says what it holds, so browsers can fill it in."""

from __future__ import annotations

import re

import pytest

from tests.conftest import give_sudo, give_totp_device

pytestmark = pytest.mark.django_db


def _input(html: str, name: str) -> str:
    match = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


@pytest.mark.parametrize(("name", "autocomplete", "input_type"), [
    ("organisation_name", "organization", "text"),
    ("full_name", "name", "text"),
    ("job_title", "organization-title", "text"),
    ("phone", "tel", "tel"),
    ("email", "email", "email"),
    ("website", "url", "url"),
    ("password", "new-password", "password"),
])
def test_the_registration_fields_name_their_purpose(client, name, autocomplete, input_type):
    tag = _input(client.get("/organisatie/registreren/").content.decode(), name)
    assert f'autocomplete="{autocomplete}"' in tag
    assert f'type="{input_type}"' in tag


def test_login_fields_name_username_and_current_password(client):
    html = client.get("/account/inloggen/").content.decode()
    assert 'autocomplete="username"' in _input(html, "email")
    assert 'type="email"' in _input(html, "email")
    assert 'autocomplete="current-password"' in _input(html, "password")


def test_the_totp_code_field_is_a_one_time_code_with_focus(client, alice, password):
    give_totp_device(alice)
    client.post("/account/inloggen/", {"email": alice.email, "password": password})
    tag = _input(client.get("/account/inloggen/code/").content.decode(), "code")
    assert 'autocomplete="one-time-code"' in tag
    assert "autofocus" in tag


def test_the_sudo_page_focuses_nothing_but_names_its_fields(client, alice, login):
    login(alice)
    html = client.get("/account/bevestig-identiteit/").content.decode()
    assert 'autocomplete="current-password"' in _input(html, "password")
    assert 'autocomplete="one-time-code"' in _input(html, "code")
    assert "autofocus" not in _input(html, "code")


def test_password_change_and_reset_name_their_fields(client, alice, login):
    give_sudo(login(alice))
    html = client.get("/account/wachtwoord-wijzigen/").content.decode()
    assert 'autocomplete="current-password"' in _input(html, "current_password")
    assert 'autocomplete="new-password"' in _input(html, "new_password")
    client.post("/account/uitloggen/")
    reset = client.get("/account/wachtwoord-vergeten/").content.decode()
    assert 'autocomplete="email"' in _input(reset, "email")


def test_organisation_address_fields_name_their_purpose(client, alice, login):
    login(alice)
    org = alice.memberships.get().organisation
    html = client.get(f"/mijnpso/organisatie/{org.pk}/").content.decode()
    assert 'autocomplete="postal-code"' in _input(html, "postcode")
    assert 'autocomplete="address-level2"' in _input(html, "city")
    assert 'autocomplete="street-address"' in _input(html, "street")
