import pytest
from django.core import mail

from psoportal.accounts import auth_state, services
from psoportal.accounts.models import RecoveryCode, SecurityEvent
from tests.conftest import give_sudo, give_totp_device

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes(alice):
    give_totp_device(alice)
    return services._recovery_codes_replace(alice)


def _password_step(client, alice, password):
    client.post("/account/inloggen/", {"email": alice.email, "password": password})


def test_codes_are_stored_hashed(alice, codes):
    stored = list(RecoveryCode.objects.filter(user=alice).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not set(stored) & set(codes)
    assert not any(c.replace("-", "") in h for c in codes for h in stored)


def test_a_recovery_code_logs_in_once_and_mails_the_user(client, alice, codes, password):
    _password_step(client, alice, password)
    response = client.post("/account/inloggen/herstelcode/", {"code": codes[3]})
    assert response["Location"] == "/mijnpso/"
    assert client.session[auth_state.VERIFIED] is True
    assert any("herstelcode" in m.subject for m in mail.outbox if m.to == [alice.email])
    assert SecurityEvent.objects.filter(event_type="recovery_code_used", subject=alice).exists()
    client.post("/account/uitloggen/")
    _password_step(client, alice, password)
    again = client.post("/account/inloggen/herstelcode/", {"code": codes[3]})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_recovery_form_has_its_own_throttle(client, alice, codes, password):
    _password_step(client, alice, password)
    for _ in range(5):
        client.post("/account/inloggen/herstelcode/", {"code": "aaaaa-bbbbb-ccccc-ddddd"})
    response = client.post("/account/inloggen/herstelcode/", {"code": codes[0]})
    assert response.status_code == 429


def test_a_recovery_code_is_not_accepted_on_the_totp_form(client, alice, codes, password):
    _password_step(client, alice, password)
    response = client.post("/account/inloggen/code/", {"code": codes[0]})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_regenerating_needs_sudo_mode(client, alice, codes, login):
    login(alice)
    response = client.post("/account/herstelcodes/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/bevestig-identiteit/")


def test_regenerating_invalidates_the_old_set_and_shows_the_new_one_once(
    client, alice, codes, login
):
    give_sudo(login(alice))
    response = client.post("/account/herstelcodes/")
    assert response.status_code == 200
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(codes)
    assert RecoveryCode.objects.filter(user=alice).count() == 10
    assert not services.recovery_code_use(request=response.wsgi_request, user=alice,
                                          code=codes[0])
    assert any("Nieuwe herstelcodes" in m.subject for m in mail.outbox)
