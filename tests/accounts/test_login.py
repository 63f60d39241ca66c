import re

import pytest
import time_machine
from django.utils import timezone

from psoportal.accounts import auth_state
from psoportal.accounts.models import SecurityEvent
from tests.conftest import give_totp_device, totp_now

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"


def _password_step(client, user, password, **extra):
    return client.post(LOGIN, {"email": user.email, "password": password, **extra})


def test_a_correct_password_leads_to_the_totp_step_without_logging_in(client, alice, password):
    give_totp_device(alice)
    response = _password_step(client, alice, password)
    assert response["Location"] == "/account/inloggen/code/"
    assert "_auth_user_id" not in client.session
    pending = client.session[auth_state.PENDING]
    assert set(pending) == {"uid", "fp", "at"}
    assert password not in str(dict(client.session.items()))


def test_the_totp_step_logs_in_and_marks_the_session_verified(client, alice, password):
    give_totp_device(alice)
    _password_step(client, alice, password)
    response = client.post("/account/inloggen/code/", {"code": totp_now()})
    assert response["Location"] == "/mijnpso/"
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert client.session[auth_state.VERIFIED] is True
    assert alice.user_sessions.count() == 1
    event = SecurityEvent.objects.filter(event_type="login_success", subject=alice).get()
    assert event.details == {"factor": "totp"}


def test_a_wrong_password_gives_the_same_answer_as_an_unknown_address(client, alice):
    wrong = client.post(LOGIN, {"email": alice.email, "password": "niet het wachtwoord!"})
    unknown = client.post(LOGIN, {"email": "niemand@voorbeeld.example",
                                  "password": "niet het wachtwoord!"})
    assert wrong.status_code == unknown.status_code == 200
    assert "onjuist" in wrong.content.decode()
    def _normal(response, email):
        text = response.content.decode().replace(email, "X")
        return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "T", text)

    assert _normal(wrong, alice.email) == _normal(unknown, "niemand@voorbeeld.example")
    assert SecurityEvent.objects.filter(event_type="login_failed").count() == 2


def test_a_user_without_authenticator_is_sent_to_enrolment(client, alice, password):
    response = _password_step(client, alice, password)
    assert response["Location"] == "/account/tweestapsverificatie/"
    assert client.session[auth_state.VERIFIED] is False


def test_a_stale_pending_state_sends_back_to_the_password_step(client, alice, password):
    give_totp_device(alice)
    _password_step(client, alice, password)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=6)):
        response = client.post("/account/inloggen/code/", {"code": totp_now()})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_a_tampered_pending_state_is_refused(client, alice, bob, password):
    give_totp_device(alice)
    give_totp_device(bob)
    _password_step(client, alice, password)
    session = client.session
    session[auth_state.PENDING] = {**session[auth_state.PENDING], "uid": bob.pk}
    session.save()
    response = client.post("/account/inloggen/code/", {"code": totp_now()})
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_a_password_change_voids_the_pending_state(client, alice, password):
    give_totp_device(alice)
    _password_step(client, alice, password)
    alice.set_password("een heel ander wachtwoord")
    alice.save()
    response = client.post("/account/inloggen/code/", {"code": totp_now()})
    assert response["Location"].startswith(LOGIN)


def test_the_session_key_changes_at_each_authentication_step(client, alice, password):
    give_totp_device(alice)
    client.get(LOGIN)
    client.session.save()
    keys = [client.session.session_key]
    _password_step(client, alice, password)
    keys.append(client.session.session_key)
    client.post("/account/inloggen/code/", {"code": totp_now()})
    keys.append(client.session.session_key)
    assert len(set(keys)) == 3


def test_the_csrf_token_rotates_at_login(alice, password):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    give_totp_device(alice)
    client.get(LOGIN)
    before = client.cookies["csrftoken"].value
    token = client.get(LOGIN).context["csrf_token"]
    client.post(LOGIN, {"email": alice.email, "password": password,
                        "csrfmiddlewaretoken": str(token)})
    client.post("/account/inloggen/code/", {"code": totp_now(),
                                             "csrfmiddlewaretoken": str(token)})
    assert client.session.get("_auth_user_id") == str(alice.pk)
    assert client.cookies["csrftoken"].value != before


def test_next_is_followed_only_to_this_site(client, alice, password):
    give_totp_device(alice)
    _password_step(client, alice, password)
    response = client.post("/account/inloggen/code/?next=https://evil.example/x",
                           {"code": totp_now()})
    assert response["Location"] == "/mijnpso/"


def test_a_local_next_is_followed(client, alice, password):
    give_totp_device(alice)
    client.post(f"{LOGIN}?next=/account/beveiliging/",
                {"email": alice.email, "password": password})
    response = client.post("/account/inloggen/code/?next=/account/beveiliging/",
                           {"code": totp_now()})
    assert response["Location"] == "/account/beveiliging/"


def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_at_login(client, alice, password, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    from django.contrib.auth.hashers import make_password

    alice.password = make_password(password, hasher="pbkdf2_sha256")
    alice.save()
    give_totp_device(alice)
    _password_step(client, alice, password)
    alice.refresh_from_db()
    assert alice.password.startswith("argon2")


@pytest.mark.parametrize(("url", "secrets"), [
    (LOGIN, {"password": "geheim wachtwoord"}),
    ("/organisatie/registreren/", {"password": "geheim wachtwoord"}),
    ("/account/bevestig-identiteit/", {"password": "geheim wachtwoord", "code": "123456"}),
    ("/account/wachtwoord-wijzigen/", {"current_password": "geheim wachtwoord",
                                       "new_password": "nieuw geheim wachtwoord"}),
])
def test_error_reports_of_the_login_views_hide_passwords_and_codes(client, alice, login, url,
                                                                   secrets):
    from django.views.debug import SafeExceptionReporterFilter

    from tests.conftest import give_sudo

    if url.startswith("/account/"):
        give_sudo(login(alice))
    response = client.post(url, {"email": alice.email, **secrets})
    reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    for name, value in secrets.items():
        assert reported[name] != value
        assert "*" in reported[name]
    assert reported["email"] == alice.email


def test_error_reports_of_the_password_reset_link_hide_the_new_password(client, alice,
                                                                       last_link):
    from django.views.debug import SafeExceptionReporterFilter

    client.post("/account/wachtwoord-vergeten/", {"email": alice.email})
    response = client.post(last_link(alice.email), {"new_password": "mijn nieuwe wachtzin"})
    reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert "*" in reported["new_password"]


def test_login_and_registration_require_a_csrf_token(alice, password):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(LOGIN, {"email": alice.email, "password": password}).status_code == 403
    assert client.post("/organisatie/registreren/", {}).status_code == 403
    assert client.post("/account/uitloggen/").status_code == 403
