import hashlib
import logging

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from psoportal.accounts import auth_state
from psoportal.accounts.breach import HibpBreachChecker
from psoportal.accounts.models import TotpDevice
from tests.accounts.conftest import redirected_to
from tests.conftest import give_sudo, give_totp_device, totp_now

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["MijnPSO2025!", "Prestatieladder2025!", "PSO-2025-pso!"])
def test_product_and_scheme_names_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_the_organisation_name_is_a_context_word(alice):
    alice.password_context = ["Voorbeeld"]
    with pytest.raises(ValidationError):
        validate_password("Voorbeeld2025!!", user=alice)


def test_a_64_character_passphrase_is_accepted():
    validate_password("dit is een lange wachtzin van vierenzestig tekens voor het portaal")


def test_short_passwords_are_refused_but_no_composition_is_required():
    with pytest.raises(ValidationError):
        validate_password("kort1!")
    validate_password("alleenkleineletters")


def test_up_to_4096_characters_are_accepted_and_more_are_refused():
    validate_password("ab" * 2048)
    with pytest.raises(ValidationError):
        validate_password("ab" * 2048 + "c")


def test_passwords_are_not_trimmed(client, alice, password):
    give_totp_device(alice)
    response = client.post("/account/inloggen/", {"email": alice.email,
                                                  "password": f" {password} "})
    assert response.status_code == 200


def test_a_breached_password_is_refused():
    with pytest.raises(ValidationError, match="gelekte"):
        validate_password("wachtwoord1234")


def test_the_hibp_check_sends_only_a_five_character_prefix_and_finds_the_suffix():
    digest = hashlib.sha1(b"een gelekt wachtwoord", usedforsecurity=False).hexdigest().upper()
    asked = []

    class Fake(HibpBreachChecker):
        def fetch_range(self, prefix):
            asked.append(prefix)
            return f"0000000000000000000000000000000000A:1\r\n{digest[5:]}:12\r\n"

    assert Fake().is_breached("een gelekt wachtwoord")
    assert asked == [digest[:5]]
    assert not Fake().is_breached("iets heel anders en lang")


def test_the_hibp_check_fails_open_and_logs(caplog):
    class Down(HibpBreachChecker):
        def fetch_range(self, prefix):
            raise OSError("unreachable")

    with caplog.at_level(logging.WARNING):
        assert Down().is_breached("wat dan ook") is False
    assert "unavailable" in caplog.text


def test_changing_the_password_needs_sudo_mode(client, alice, login):
    login(alice)
    response = client.get("/account/wachtwoord-wijzigen/")
    assert response["Location"].startswith("/account/bevestig-identiteit/")


def test_changing_the_password_needs_the_current_one(client, alice, login):
    give_sudo(login(alice))
    response = client.post("/account/wachtwoord-wijzigen/", {
        "current_password": "niet het huidige", "new_password": "een nieuw lang wachtwoord",
    })
    assert response.status_code == 200
    alice.refresh_from_db()
    assert not alice.check_password("een nieuw lang wachtwoord")


def test_a_password_change_ends_other_sessions_and_mails_the_user(client, alice, login,
                                                                  password):
    other = login(alice, on=Client())
    give_sudo(login(alice))
    response = client.post("/account/wachtwoord-wijzigen/", {
        "current_password": password, "new_password": "een nieuw lang wachtwoord",
    })
    assert response["Location"] == "/account/beveiliging/"
    assert client.get("/account/beveiliging/").status_code == 200
    assert redirected_to(other.get("/account/beveiliging/"), "/account/inloggen/")
    assert any("gewijzigd" in m.subject for m in mail.outbox)


def test_sudo_mode_needs_password_and_totp_and_lasts_30_minutes(client, alice, login,
                                                                password):
    login(alice)
    response = client.post("/account/bevestig-identiteit/?next=/account/wachtwoord-wijzigen/",
                           {"password": password, "code": "000000"})
    assert response.status_code == 200
    key_before = client.session.session_key
    response = client.post("/account/bevestig-identiteit/?next=/account/wachtwoord-wijzigen/",
                           {"password": password, "code": totp_now()})
    assert response["Location"] == "/account/wachtwoord-wijzigen/"
    assert client.session.session_key != key_before
    assert client.get("/account/wachtwoord-wijzigen/").status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=29)):
        client.get("/account/beveiliging/")  # keeps the session from idling out
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=31)):
        assert redirected_to(client.get("/account/wachtwoord-wijzigen/"),
                             "/account/bevestig-identiteit/")


# -- reset -------------------------------------------------------------------------------------


def _reset_link(client, alice, last_link):
    client.post("/account/wachtwoord-vergeten/", {"email": alice.email})
    return last_link(alice.email)


def test_reset_answers_the_same_for_unknown_addresses(client, alice):
    known = client.post("/account/wachtwoord-vergeten/", {"email": alice.email})
    unknown = client.post("/account/wachtwoord-vergeten/", {"email": "niemand@x.example"})
    assert known.status_code == unknown.status_code == 200
    shown = "accounts/password_reset_sent.html"
    assert shown in [t.name for t in known.templates]
    assert shown in [t.name for t in unknown.templates]
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_a_reset_sets_the_password_but_never_logs_in_nor_skips_totp(client, alice, last_link):
    give_totp_device(alice)
    link = _reset_link(client, alice, last_link)
    response = client.post(link, {"new_password": "mijn nieuwe wachtzin hier"})
    assert response["Location"] == "/account/inloggen/"
    assert "_auth_user_id" not in client.session
    response = client.post("/account/inloggen/", {"email": alice.email,
                                                  "password": "mijn nieuwe wachtzin hier"})
    assert response["Location"] == "/account/inloggen/code/"
    assert TotpDevice.objects.filter(user=alice).exists()


def test_a_reset_link_works_once(client, alice, last_link):
    link = _reset_link(client, alice, last_link)
    client.post(link, {"new_password": "mijn nieuwe wachtzin hier"})
    assert client.post(link, {"new_password": "nog een andere wachtzin"}).status_code == 400


def test_a_reset_link_expires_after_an_hour(client, alice, last_link, monkeypatch):
    import datetime

    from django.contrib.auth.tokens import default_token_generator

    link = _reset_link(client, alice, last_link)
    # The token generator uses naive local time, which time_machine shifts by the UTC offset.
    later = datetime.datetime.now() + datetime.timedelta(minutes=59)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert client.get(link).status_code == 200
    later += datetime.timedelta(minutes=2)
    assert client.get(link).status_code == 400


def test_a_reset_link_is_void_after_a_later_login(client, alice, last_link, password):
    give_totp_device(alice)
    link = _reset_link(client, alice, last_link)
    client.post("/account/inloggen/", {"email": alice.email, "password": password})
    client.post("/account/inloggen/code/", {"code": totp_now()})
    client.post("/account/uitloggen/")
    assert client.get(link).status_code == 400


def test_a_reset_ends_all_sessions(client, alice, last_link, login):
    other = login(alice, on=Client())
    link = _reset_link(client, alice, last_link)
    client.post(link, {"new_password": "mijn nieuwe wachtzin hier"})
    assert redirected_to(other.get("/account/beveiliging/"), "/account/inloggen/")
    assert auth_state.VERIFIED not in client.session
