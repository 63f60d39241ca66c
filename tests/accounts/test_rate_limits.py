"""Rate limits slow down whoever sends the attempts, never the owner elsewhere or the whole site.

docs/rate-limits.md describes the policy these tests hold it to.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import RequestFactory, override_settings
from django.utils import timezone

from psoportal.accounts.models import SecurityEvent
from psoportal.accounts.ratelimit import address_key, network_key, rate_limit_consume
from psoportal.core.lib.client_ip import client_ip
from tests.conftest import give_totp_device, totp_now

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"
TOTP_STEP = "/account/inloggen/code/"
WRONG = "verkeerd wachtwoord!"


def _attempt(client, email, password=WRONG, ip="192.0.2.1", **extra):
    return client.post(LOGIN, {"email": email, "password": password}, REMOTE_ADDR=ip, **extra)


def test_the_eleventh_failed_login_from_one_network_gets_a_try_later_page(client, alice):
    for n in range(10):
        assert _attempt(client, alice.email, ip=f"10.0.0.{n}").status_code == 200
    response = _attempt(client, alice.email, ip="10.0.0.99")
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()


def test_the_owner_logs_in_from_another_network_after_an_attacker_used_up_the_attempts(
    client, alice, password
):
    give_totp_device(alice)
    for _ in range(11):
        _attempt(client, alice.email, ip="203.0.113.5")
    assert _attempt(client, alice.email, ip="203.0.113.5").status_code == 429
    owner = _attempt(client, alice.email, password, ip="198.51.100.7")
    assert owner["Location"] == TOTP_STEP


def _guess_from_many_networks(client, email, failures=32):
    """Password guesses spread over networks, each staying under its own network's limit."""
    for n in range(failures):
        assert _attempt(client, email, ip=f"10.{n // 8}.{n % 8}.1").status_code == 200


BOTH = "Vul daarom uw wachtwoord én de code uit uw authenticator-app in"


def test_guessing_from_many_networks_leaves_the_password_alone_untestable(
    client, alice, password
):
    give_totp_device(alice)
    _guess_from_many_networks(client, alice.email)
    right = _attempt(client, alice.email, password, ip="198.51.100.7")
    wrong = _attempt(client, alice.email, ip="198.51.100.8")
    # The right password alone no longer leads to the code step: both answers are the same.
    assert right.status_code == wrong.status_code == 200
    assert BOTH in right.content.decode() and BOTH in wrong.content.decode()
    with_wrong_code = client.post(LOGIN, {"email": alice.email, "password": password,
                                          "code": "000000"}, REMOTE_ADDR="198.51.100.9")
    assert "het wachtwoord of de code is onjuist" in with_wrong_code.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_owner_gets_in_with_password_and_code_while_the_account_is_under_attack(
    client, alice, password
):
    give_totp_device(alice)
    _guess_from_many_networks(client, alice.email)
    response = client.post(LOGIN, {"email": alice.email, "password": password,
                                   "code": totp_now()}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_an_attacker_rotating_addresses_in_one_network_is_still_limited_per_account(
    client, alice, password
):
    for n in range(10):
        _attempt(client, alice.email, ip=f"203.0.113.{n}")
    assert _attempt(client, alice.email, password, ip="203.0.113.200").status_code == 429


def test_letter_case_variants_of_an_address_share_one_bucket(client, alice):
    variants = ["ALICE@VOORBEELD.EXAMPLE", "Alice@Voorbeeld.example", " alice@voorbeeld.EXAMPLE "]
    for n in range(10):
        assert _attempt(client, variants[n % 3], ip=f"10.0.0.{n}").status_code == 200
    assert _attempt(client, "aLiCe@voorbeeld.example", ip="10.0.0.50").status_code == 429
    # The same network may still try another account: it was the account's bucket.
    assert _attempt(client, "bob@voorbeeld.example", ip="10.0.0.51").status_code == 200


def test_one_ipv6_64_cannot_lock_the_whole_site(client, alice, password):
    give_totp_device(alice)
    with time_machine.travel(timezone.now(), tick=False):  # no refill during the flood
        for n in range(1_100):
            client.post(LOGIN, {"email": f"x{n}@voorbeeld.example"},
                        REMOTE_ADDR=f"2001:db8:1:2::{n:x}")
        # Every address in that /64 is one sender ...
        same_64 = _attempt(client, "iemand@voorbeeld.example", ip="2001:db8:1:2:ffff::1")
        assert same_64.status_code == 429
        # ... and nobody else is affected.
        elsewhere = _attempt(client, alice.email, password, ip="2001:db8:9::1")
        assert elsewhere["Location"] == TOTP_STEP
        assert _attempt(client, alice.email, password, ip="198.51.100.7")["Location"] == TOTP_STEP


def test_addresses_in_one_ipv6_64_are_one_sender(client):
    for n in range(10):
        _attempt(client, f"iemand{n}@voorbeeld.example", ip=f"2001:db8:1:2::{n + 1:x}")
    assert _attempt(client, "nog-iemand@voorbeeld.example",
                    ip="2001:db8:1:2:aaaa::1").status_code == 429
    assert _attempt(client, "nog-iemand@voorbeeld.example",
                    ip="2001:db8:1:3::1").status_code == 200


def test_one_network_is_limited_across_its_addresses(client):
    for n in range(50):
        _attempt(client, f"iemand{n}@voorbeeld.example", ip=f"198.51.100.{n}")
    assert _attempt(client, "nog-iemand@voorbeeld.example", ip="198.51.100.77").status_code == 429
    assert _attempt(client, "nog-iemand@voorbeeld.example", ip="198.51.101.77").status_code == 200


def test_one_address_is_limited_across_many_accounts(client):
    for n in range(10):
        _attempt(client, f"iemand{n}@voorbeeld.example")
    assert _attempt(client, "nog-iemand@voorbeeld.example").status_code == 429


def test_successful_logins_do_not_use_up_the_attempts_of_an_office_behind_one_address(
    client, alice, password
):
    give_totp_device(alice)
    for _ in range(15):
        assert _attempt(client, alice.email, password)["Location"] == TOTP_STEP


def test_a_limited_sender_costs_no_password_hashing(client, alice, password, hasher_calls):
    for _ in range(10):
        _attempt(client, alice.email)
    hasher_calls.clear()
    assert _attempt(client, alice.email, password).status_code == 429
    assert hasher_calls == []


def test_even_the_right_password_is_refused_from_the_limited_network(client, alice, password):
    for _ in range(10):
        _attempt(client, alice.email)
    assert _attempt(client, alice.email, password).status_code == 429


def test_attempts_succeed_again_after_the_window(client, alice, password):
    give_totp_device(alice)
    for _ in range(11):
        _attempt(client, alice.email)
    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)):
        response = _attempt(client, alice.email, password)
    assert response["Location"] == TOTP_STEP


def test_a_bucket_never_locks_permanently():
    for _ in range(10):
        assert rate_limit_consume("login-ip", "x")
    assert not rate_limit_consume("login-ip", "x")
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert rate_limit_consume("login-ip", "x")


def test_the_try_later_page_says_when_in_dutch_time_and_links_back(client, alice):
    # 10:00 UTC is 12:00 in Amsterdam in summer; one attempt comes back every 30 seconds.
    with time_machine.travel(datetime(2025, 8, 15, 9, 59, 45, tzinfo=UTC), tick=False):
        for _ in range(10):
            _attempt(client, alice.email)
        response = _attempt(client, alice.email)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Probeer het na 12:00 uur opnieuw." in page
    assert f'href="{LOGIN}"' in page
    assert response["Retry-After"] == "30"


def test_a_wait_into_the_next_day_shows_the_date(client, alice, login):
    login(alice)
    organisation = alice.memberships.get().organisation
    url = f"/organisatie/{organisation.pk}/uitnodigen/"
    with time_machine.travel(datetime(2025, 8, 15, 21, 30, tzinfo=UTC), tick=False):
        for n in range(20):
            client.post(url, {"email": f"c{n}@voorbeeld.example", "role": "collega"})
        response = client.post(url, {"email": "c99@voorbeeld.example", "role": "collega"})
    assert response.status_code == 429
    page = response.content.decode()
    assert re.search(r"Probeer het op 16-08-2025 na \d\d:\d\d uur opnieuw", page)
    assert f'href="/organisatie/{organisation.pk}/"' in page


@pytest.fixture
def nina(client, registration):
    client.post("/organisatie/registreren/", registration, REMOTE_ADDR="198.51.100.200")
    from psoportal.accounts.models import User

    return User.objects.get(email=registration["email"])


def _exhaust(client, url, data, times, **extra):
    responses = [client.post(url, data, **extra) for _ in range(times + 1)]
    assert [r.status_code for r in responses].count(429) == 1, [r.status_code for r in responses]
    return responses[-1]


def test_every_try_later_answer_is_a_security_event(client, alice, bob, login, password,
                                                    password_only, registration):
    organisation = alice.memberships.get().organisation
    give_totp_device(bob)
    # Anonymous endpoints, each from its own address.
    _exhaust(client, LOGIN, {"email": "x@voorbeeld.example", "password": WRONG}, 10,
             REMOTE_ADDR="192.0.2.10")
    _exhaust(client, "/account/wachtwoord-vergeten/", {"email": "x@voorbeeld.example"}, 5,
             REMOTE_ADDR="192.0.2.11")
    _exhaust(client, "/account/controleer-uw-email/", {"email": "y@voorbeeld.example"}, 5,
             REMOTE_ADDR="192.0.2.12")
    _exhaust(client, "/organisatie/registreren/", {**registration, "email": "x"}, 5,
             REMOTE_ADDR="192.0.2.13")
    # The second step, for bob.
    client.post(LOGIN, {"email": bob.email, "password": password}, REMOTE_ADDR="192.0.2.14")
    _exhaust(client, TOTP_STEP, {"code": "000000"}, 5, REMOTE_ADDR="192.0.2.14")
    # Logged in: invitations and sudo.
    login(alice)
    _exhaust(client, f"/organisatie/{organisation.pk}/uitnodigen/",
             {"email": "c@voorbeeld.example", "role": "collega"}, 20, REMOTE_ADDR="192.0.2.15")
    _exhaust(client, "/account/bevestig-identiteit/", {"password": WRONG, "code": "000000"}, 5,
             REMOTE_ADDR="192.0.2.16")
    events = [e for e in SecurityEvent.objects.filter(event_type="rate_limited")
              if not e.details.get("mail_withheld")]
    assert sorted(e.details["scope"] for e in events) == sorted([
        "login-ip", "reset-ip", "verify-resend-ip", "register-ip", "totp-user",
        "invite-user", "sudo-user",
    ])
    assert all(e.ip for e in events)


def test_invited_registration_answers_too_many_attempts_with_a_security_event(client, alice):
    from psoportal.organisations.services import invitation_create, invitation_token_make

    request = RequestFactory().post("/")
    request.user = alice
    invitation = invitation_create(request=request, actor=alice,
                                   organisation=alice.memberships.get().organisation,
                                   email="nieuw@voorbeeld.example", role="collega")
    url = f"/organisatie/uitnodiging/{invitation_token_make(invitation)}/"
    response = _exhaust(client, url, {"full_name": "x"}, 5)
    assert response.status_code == 429
    assert SecurityEvent.objects.filter(event_type="rate_limited",
                                        details__scope="register-ip").count() == 1


def test_a_forged_x_forwarded_for_does_not_change_the_limiter_key(client, alice):
    for n in range(10):
        _attempt(client, f"iemand{n}@voorbeeld.example", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")
    response = _attempt(client, "nog-iemand@voorbeeld.example", HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert response.status_code == 429


@pytest.mark.parametrize(("ip", "address", "network"), [
    ("192.0.2.17", "192.0.2.17", "192.0.2.0/24"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64", "2001:db8:1::/48"),
    ("::ffff:192.0.2.17", "192.0.2.17", "192.0.2.0/24"),
    (None, "unknown", "unknown"),
])
def test_ipv6_senders_are_grouped_by_64_and_networks_by_24_or_48(ip, address, network):
    assert address_key(ip) == address
    assert network_key(ip) == network


def test_without_trusted_proxies_the_peer_address_is_the_client():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10",
                                   HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_ip(request) == "192.0.2.10"


@override_settings(TRUSTED_PROXY_HOPS=1)
def test_behind_one_proxy_the_rightmost_forwarded_address_is_the_client():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1",
                                   HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert client_ip(request) == "203.0.113.5"


@override_settings(TRUSTED_PROXY_HOPS=2)
def test_behind_two_proxies_the_second_from_the_right_is_the_client():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1",
                                   HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 10.0.0.2")
    assert client_ip(request) == "203.0.113.5"


@override_settings(TRUSTED_PROXY_HOPS=1)
def test_garbage_in_the_header_falls_back_to_the_peer():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1",
                                   HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(request) == "10.0.0.1"


@pytest.mark.parametrize(("url", "subject"), [
    ("/account/wachtwoord-vergeten/", "wachtwoord"),
    ("/account/controleer-uw-email/", "bevestig"),
])
def test_mail_to_one_address_is_limited_without_keeping_the_owner_out(client, alice, nina,
                                                                      url, subject):
    from django.core import mail

    person = nina if "controleer" in url else alice
    mail.outbox.clear()
    responses = [client.post(url, {"email": person.email.upper() if n % 2 else person.email},
                             REMOTE_ADDR=f"192.0.2.{n}") for n in range(5)]
    # Three mails an hour at most, whatever letter case or address the requests come from ...
    assert len([m for m in mail.outbox if subject in m.subject.lower()]) == 3
    # ... and the owner is never answered "try later": the page is the same every time.
    assert {r.status_code for r in responses} == {responses[0].status_code}
    assert 429 not in {r.status_code for r in responses}
    assert SecurityEvent.objects.filter(event_type="rate_limited",
                                        details__mail_withheld=True).count() == 2


def test_one_address_asking_for_many_mails_gets_a_try_later_page(client):
    for n in range(5):
        client.post("/account/wachtwoord-vergeten/", {"email": f"x{n}@voorbeeld.example"})
    response = client.post("/account/wachtwoord-vergeten/", {"email": "y@voorbeeld.example"})
    assert response.status_code == 429
