import pytest
import time_machine
from django.test import RequestFactory, override_settings
from django.utils import timezone

from psoportal.accounts.models import SecurityEvent
from psoportal.accounts.ratelimit import rate_limit_consume
from psoportal.core.lib.client_ip import client_ip

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"


WRONG = "verkeerd wachtwoord!"


def _attempt(client, email, password=WRONG, **extra):
    return client.post(LOGIN, {"email": email, "password": password}, **extra)


def test_the_eleventh_login_attempt_for_an_account_gets_a_try_later_page(client, alice):
    for n in range(10):
        assert _attempt(client, alice.email, REMOTE_ADDR=f"10.0.0.{n}").status_code == 200
    response = _attempt(client, alice.email, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert SecurityEvent.objects.filter(event_type="rate_limited").exists()


def test_even_the_right_password_is_refused_while_limited(client, alice, password):
    for _ in range(10):
        _attempt(client, alice.email)
    assert _attempt(client, alice.email, password).status_code == 429


def test_attempts_succeed_again_after_the_window(client, alice, password):
    for _ in range(11):
        _attempt(client, alice.email)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=5, seconds=1)):
        response = _attempt(client, alice.email, password)
    assert response.status_code == 302


def test_one_ip_is_limited_across_many_accounts(client):
    for n in range(10):
        _attempt(client, f"iemand{n}@voorbeeld.example")
    assert _attempt(client, "nog-iemand@voorbeeld.example").status_code == 429


def test_there_is_a_global_limit(settings):
    from psoportal.accounts import ratelimit

    assert ratelimit.POLICY["login-global"].capacity >= 100


def test_a_forged_x_forwarded_for_does_not_change_the_limiter_key(client, alice):
    for n in range(10):
        _attempt(client, f"iemand{n}@voorbeeld.example", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")
    response = _attempt(client, "nog-iemand@voorbeeld.example",
                        HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert response.status_code == 429


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


def test_a_bucket_never_locks_permanently():
    for _ in range(10):
        assert rate_limit_consume("login-ip", "x")
    assert not rate_limit_consume("login-ip", "x")
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=1)):
        assert rate_limit_consume("login-ip", "x")


def test_password_reset_requests_are_limited_per_address(client, alice):
    for _ in range(3):
        client.post("/account/wachtwoord-vergeten/", {"email": alice.email})
    assert client.post("/account/wachtwoord-vergeten/",
                       {"email": alice.email}).status_code == 429
