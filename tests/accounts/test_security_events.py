import logging

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from psoportal.accounts.events import security_event_record
from psoportal.accounts.models import SecurityEvent, TotpDevice
from tests.conftest import give_totp_device, totp_now

pytestmark = pytest.mark.django_db


def test_an_event_cannot_be_changed(alice):
    event = security_event_record(event_type="login_success", subject=alice)
    event.details = {"x": 1}
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        SecurityEvent.objects.filter(pk=event.pk).update(details={})


def test_an_event_cannot_be_deleted(alice):
    event = security_event_record(event_type="login_success", subject=alice)
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        SecurityEvent.objects.all().delete()


def test_the_admin_cannot_add_change_or_delete_events(bo):
    admin = site._registry[SecurityEvent]
    request = RequestFactory().get("/")
    request.user = bo
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


def test_it_records_ip_user_agent_and_utc_time(alice):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Test/1.0")
    request.user = alice
    event = security_event_record(event_type="logout", request=request, subject=alice)
    assert event.ip == "192.0.2.7"
    assert event.user_agent == "Test/1.0"
    assert event.actor == alice
    assert event.created_at.utcoffset().total_seconds() == 0


def test_secret_keys_in_details_are_dropped(alice):
    event = security_event_record(
        event_type="login_failed", subject=alice,
        details={"password": "x", "code": "123456", "token": "t", "factor": "totp"},
    )
    assert event.details == {"factor": "totp"}


def test_a_full_login_leaves_no_secret_in_logs_or_events(client, alice, password, caplog):
    give_totp_device(alice)
    caplog.set_level(logging.DEBUG)
    code = totp_now()
    client.post("/account/inloggen/", {"email": alice.email, "password": "fout wachtwoord 1"})
    client.post("/account/inloggen/", {"email": alice.email, "password": password})
    client.post("/account/inloggen/code/", {"code": code})
    session_key = client.session.session_key
    dump = caplog.text + repr(list(SecurityEvent.objects.values()))
    for secret in [password, "fout wachtwoord 1", code, session_key,
                   TotpDevice.objects.get(user=alice).encrypted_seed]:
        assert secret not in dump
    types = set(SecurityEvent.objects.values_list("event_type", flat=True))
    assert {"login_failed", "login_password_ok", "login_success"} <= types
