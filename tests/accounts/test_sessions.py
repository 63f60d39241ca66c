import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from psoportal.accounts.models import UserSession
from psoportal.accounts.services import sessions_end_all
from tests.accounts.conftest import redirected_to

pytestmark = pytest.mark.django_db

PAGE = "/account/beveiliging/"
LOGIN = "/account/inloggen/"


def _later(**delta):
    return time_machine.travel(timezone.now() + timezone.timedelta(**delta))


def test_an_idle_session_ends_after_30_minutes(client, alice, login):
    login(alice)
    with _later(minutes=31):
        response = client.get(PAGE)
    assert redirected_to(response, LOGIN)
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_alive_until_the_absolute_limit(client, alice, login):
    login(alice)
    start = timezone.now()
    for minutes in range(25, 12 * 60, 25):
        with time_machine.travel(start + timezone.timedelta(minutes=minutes)):
            assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + timezone.timedelta(hours=12, minutes=1)):
        assert redirected_to(client.get(PAGE), LOGIN)


def test_logout_is_post_only_and_flushes_the_session(client, alice, login):
    login(alice)
    key = client.session.session_key
    assert client.get("/account/uitloggen/").status_code == 405
    response = client.post("/account/uitloggen/")
    assert redirected_to(response, "/")
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(session_key=key).exists()
    assert redirected_to(client.get(PAGE), LOGIN)


def test_every_authenticated_page_has_a_logout_button(client, alice, login):
    login(alice)
    content = client.get(PAGE).content.decode()
    assert 'action="/account/uitloggen/"' in content
    assert 'method="post"' in content


def test_the_security_page_lists_sessions_and_recent_events(client, alice, login):
    other = login(alice, on=Client(HTTP_USER_AGENT="Andere browser"))
    assert other.get(PAGE).status_code == 200
    login(alice)
    from psoportal.accounts.events import security_event_record

    security_event_record(event_type="password_changed", subject=alice)
    content = client.get(PAGE).content.decode()
    assert content.count("<tr><td>") >= 2
    assert "Wachtwoord gewijzigd" in content


def test_ending_other_sessions_keeps_this_one(client, alice, login):
    other = login(alice, on=Client())
    login(alice)
    response = client.post("/account/beveiliging/sessies-beeindigen/")
    assert redirected_to(response, PAGE)
    assert "Andere sessies beëindigd: 1." in client.get(PAGE).content.decode()
    assert redirected_to(other.get(PAGE), LOGIN)


def test_a_deactivated_user_is_logged_out_at_the_next_request(client, alice, login):
    login(alice)
    alice.is_active = False
    alice.save()
    assert redirected_to(client.get(PAGE), LOGIN)


def test_the_back_office_can_end_a_users_sessions(client, alice, bo, login):
    login(alice)
    sessions_end_all(actor=bo, user=alice)
    assert redirected_to(client.get(PAGE), LOGIN)


def test_a_session_removed_from_the_list_is_ended(client, alice, login):
    login(alice)
    UserSession.objects.filter(user=alice).delete()
    assert redirected_to(client.get(PAGE), LOGIN)
