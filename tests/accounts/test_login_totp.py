import pytest
import time_machine
from django.utils import timezone

from psoportal.accounts.models import SecurityEvent
from tests.accounts.conftest import redirected_to
from tests.conftest import give_totp_device, totp_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_totp_step(client, alice, password):
    give_totp_device(alice)

    def _go():
        client.post("/account/inloggen/", {"email": alice.email, "password": password})
        return client

    return _go


def test_an_accepted_code_cannot_be_used_again(client, alice, at_totp_step):
    code = totp_now()
    at_totp_step()
    assert redirected_to(client.post("/account/inloggen/code/", {"code": code}), "/mijnpso/")
    client.post("/account/uitloggen/")
    at_totp_step()
    response = client.post("/account/inloggen/code/", {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(event_type="totp_replayed", subject=alice).exists()


def test_an_older_code_is_refused_after_a_newer_one_was_accepted(client, alice, at_totp_step):
    at_totp_step()
    client.post("/account/inloggen/code/", {"code": totp_now(offset=1)})
    client.post("/account/uitloggen/")
    at_totp_step()
    assert client.post("/account/inloggen/code/", {"code": totp_now()}).status_code == 200


def test_totp_attempts_are_throttled_per_user(client, alice, at_totp_step):
    at_totp_step()
    for _ in range(5):
        assert client.post("/account/inloggen/code/", {"code": "000000"}).status_code == 200
    response = client.post("/account/inloggen/code/", {"code": totp_now()})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_totp_throttle_cools_off(client, alice, at_totp_step):
    at_totp_step()
    for _ in range(6):
        client.post("/account/inloggen/code/", {"code": "000000"})
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=5, seconds=5)):
        at_totp_step()
        response = client.post("/account/inloggen/code/", {"code": totp_now()})
    assert redirected_to(response, "/mijnpso/")
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_totp_failures_do_not_exhaust_the_recovery_code_path(client, alice, at_totp_step):
    from psoportal.accounts import services
    from psoportal.accounts.models import RecoveryCode

    codes = services._recovery_codes_replace(alice)
    assert RecoveryCode.objects.filter(user=alice).count() == 10
    at_totp_step()
    for _ in range(6):
        client.post("/account/inloggen/code/", {"code": "000000"})
    response = client.post("/account/inloggen/herstelcode/", {"code": codes[0]})
    assert redirected_to(response, "/mijnpso/")
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_code_with_letters_is_refused_by_the_form(client, alice, at_totp_step):
    at_totp_step()
    response = client.post("/account/inloggen/code/", {"code": "12a456"})
    assert response.status_code == 200
    assert "6 cijfers" in response.content.decode()
