"""`manage.py accounts_retention`: the security log and the rate-limit buckets stay bounded."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from psoportal.accounts.events import security_event_record
from psoportal.accounts.models import RateLimitBucket, SecurityEvent
from psoportal.accounts.ratelimit import rate_limit_consume

pytestmark = pytest.mark.django_db


def _at(days_ago: float):
    return time_machine.travel(timezone.now() - timedelta(days=days_ago), tick=False)


def test_it_deletes_security_events_older_than_a_year_and_keeps_the_rest(alice):
    with _at(366):
        security_event_record(event_type="login_failed", subject=alice)
    with _at(364):
        kept = security_event_record(event_type="login_success", subject=alice)
    call_command("accounts_retention", stdout=StringIO())
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [kept.pk]


def test_it_deletes_buckets_that_are_full_again_and_keeps_the_ones_still_counting():
    with _at(2):
        rate_limit_consume("invite-ip", "192.0.2.1")
    for _ in range(10):
        rate_limit_consume("login-ip", "192.0.2.2")
    call_command("accounts_retention", stdout=StringIO())
    assert RateLimitBucket.objects.count() == 1
    # The bucket that is still limiting keeps limiting.
    assert not rate_limit_consume("login-ip", "192.0.2.2")


def test_running_it_twice_deletes_nothing_more(alice, capsys):
    with _at(400):
        security_event_record(event_type="login_failed", subject=alice)
        rate_limit_consume("login-ip", "192.0.2.3")
    security_event_record(event_type="login_success", subject=alice)
    call_command("accounts_retention")
    call_command("accounts_retention")
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "rate-limit buckets deleted: 1, security events deleted: 1",
        "rate-limit buckets deleted: 0, security events deleted: 0",
    ]
    assert SecurityEvent.objects.count() == 1


def test_outside_retention_the_log_stays_append_only(alice):
    security_event_record(event_type="login_failed", subject=alice)
    with pytest.raises(TypeError):
        SecurityEvent.objects.all().delete()
