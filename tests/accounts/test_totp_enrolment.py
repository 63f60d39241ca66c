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
    assert response["Location"] == "/account/inloggen/"
    assert TotpDevice.objects.filter(user=alice).count() == 1


def test_showing_the_page_again_keeps_the_key_the_user_already_scanned(client, alice,
                                                                       password_only):
    password_only(alice)
    first = client.get(URL)
    again = client.get(URL)
    seed = _key(first)
    assert _key(again) == seed
    response = client.post(URL, {"device": _device_id(again),
                                 "code": totp.code_at(seed, totp.time_step())})
    assert TotpDevice.objects.get(user=alice).confirmed_at is not None
    assert "herstelcodes" in response.content.decode().lower()


def test_the_new_key_button_replaces_the_key_on_purpose(client, alice, password_only):
    password_only(alice)
    old_page = client.get(URL)
    response = client.post(URL, {"action": "new"})
    assert response["Location"] == URL
    new_page = client.get(URL)
    assert "nieuwe sleutel" in new_page.content.decode()
    assert _key(new_page) != _key(old_page)
    # The code of the replaced key no longer activates anything.
    client.post(URL, {"device": _device_id(old_page),
                      "code": totp.code_at(_key(old_page), totp.time_step())})
    assert not TotpDevice.objects.filter(user=alice, confirmed_at__isnull=False).exists()
    assert TotpDevice.objects.filter(user=alice).count() == 1


def test_typos_while_setting_up_do_not_use_up_the_first_real_login(client, alice, password,
                                                                   password_only):
    password_only(alice)
    page = client.get(URL)
    seed = _key(page)
    for _ in range(4):
        client.post(URL, {"device": _device_id(page), "code": "000000"})
    client.post(URL, {"device": _device_id(page), "code": totp.code_at(seed, totp.time_step())})
    assert client.session[auth_state.VERIFIED] is True
    client.post("/account/uitloggen/")
    client.post("/account/inloggen/", {"email": alice.email, "password": password})
    response = client.post("/account/inloggen/code/",
                           {"code": totp.code_at(seed, totp.time_step() + 1)})
    assert response["Location"] == "/mijnpso/"
    assert client.session[auth_state.VERIFIED] is True


def test_too_many_setup_attempts_get_a_page_that_says_when_and_links_back(client, alice,
                                                                          password_only):
    password_only(alice)
    page = client.get(URL)
    for _ in range(5):
        assert client.post(URL, {"device": _device_id(page), "code": "000000"}).status_code == 200
    response = client.post(URL, {"device": _device_id(page), "code": "000000"})
    assert response.status_code == 429
    text = response.content.decode()
    assert re.search(r"Probeer het na \d\d:\d\d uur opnieuw", text)
    assert f'href="{URL}"' in text
    assert SecurityEvent.objects.filter(event_type="rate_limited", subject=alice,
                                        details__scope="enrol-user").exists()


def test_the_session_key_changes_when_the_first_authenticator_is_confirmed(client, alice,
                                                                           password_only):
    password_only(alice)
    page = client.get(URL)
    before = client.session.session_key
    client.post(URL, {"device": _device_id(page),
                      "code": totp.code_at(_key(page), totp.time_step())})
    assert client.session[auth_state.VERIFIED] is True
    assert client.session.session_key != before
    # The listed session is the new one, so the user can still see and end it.
    assert alice.user_sessions.get().session_key == client.session.session_key
