import re

import pytest
from django.core import mail
from django.db import connection

from psoportal.accounts import auth_state, totp
from psoportal.accounts.models import RecoveryCode, SecurityEvent, TotpDevice

pytestmark = pytest.mark.django_db

URL = "/account/tweestapsverificatie/"


def _key(response) -> bytes:
    match = re.search(r'data-testid="totp-key">([A-Z2-7 ]+)<', response.content.decode())
    return totp.from_b32(match.group(1))


def _device_id(response) -> str:
    return re.search(r'name="device" value="(\d+)"', response.content.decode()).group(1)


def test_the_page_shows_a_qr_code_and_the_manual_key(client, alice, password_only):
    password_only(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in response.content.decode()
    seed = _key(response)
    assert len(seed) == 20  # 160 bits
    device = TotpDevice.objects.get(user=alice)
    assert device.confirmed_at is None


def test_the_seed_is_encrypted_in_the_database(client, alice, password_only):
    password_only(alice)
    seed = _key(client.get(URL))
    with connection.cursor() as cursor:
        cursor.execute("SELECT encrypted_seed FROM accounts_totpdevice")
        (raw,) = cursor.fetchone()
    assert totp.b32(seed) not in raw
    assert raw != totp.b32(seed)


def test_a_wrong_code_does_not_activate_the_device(client, alice, password_only):
    password_only(alice)
    page = client.get(URL)
    response = client.post(URL, {"device": _device_id(page), "code": "000000"})
    assert response.status_code == 200
    assert TotpDevice.objects.get(user=alice).confirmed_at is None
    assert client.session[auth_state.VERIFIED] is False


def test_a_valid_code_activates_the_device_and_shows_ten_recovery_codes_once(
    client, alice, password_only
):
    password_only(alice)
    page = client.get(URL)
    seed = _key(page)
    response = client.post(URL, {"device": _device_id(page),
                                 "code": totp.code_at(seed, totp.time_step())})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert all(len(c.replace("-", "")) * 4 >= 64 for c in codes)
    assert TotpDevice.objects.get(user=alice).confirmed_at is not None
    assert client.session[auth_state.VERIFIED] is True
    stored = set(RecoveryCode.objects.filter(user=alice).values_list("code_hash", flat=True))
    assert not stored & set(codes)
    assert SecurityEvent.objects.filter(event_type="totp_enabled", subject=alice).exists()
    assert any("authenticator-app ingesteld" in m.body for m in mail.outbox)
    # The codes are not reachable by GET afterwards.
    assert codes[0] not in client.get("/account/beveiliging/").content.decode()


def test_a_code_from_one_step_away_is_accepted_but_not_two():
    seed = totp.new_seed()
    now = 1_700_000_000
    step = totp.time_step(now)
    assert totp.match_step(seed, totp.code_at(seed, step - 1), last_t=-1, at=now) == step - 1
    assert totp.match_step(seed, totp.code_at(seed, step + 1), last_t=-1, at=now) == step + 1
    assert totp.match_step(seed, totp.code_at(seed, step - 2), last_t=-1, at=now) is None
    assert totp.match_step(seed, totp.code_at(seed, step + 2), last_t=-1, at=now) is None


def test_codes_match_the_rfc_6238_test_vector():
    seed = b"12345678901234567890"
    assert totp.code_at(seed, 59 // 30) == "287082"  # RFC 6238 appendix B, 8 digits 94287082


def test_replacing_the_authenticator_requires_sudo_mode(client, alice, login):
    login(alice)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/bevestig-identiteit/")


def test_a_session_with_a_device_but_without_totp_cannot_enrol_a_new_one(client, alice,
                                                                          password_only):
    from tests.conftest import give_totp_device

    give_totp_device(alice)
    password_only(alice)
    response = client.get(URL)
    assert response.status_code == 302
    assert TotpDevice.objects.filter(user=alice).count() == 1
