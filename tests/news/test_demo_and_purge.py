"""The demo announcement of the next handbook version, and the purge of unconfirmed requests."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from psoportal.methodology.handbook import handbook_list
from psoportal.news.demo import news_demo_seed, next_handbook_date, next_handbook_version
from psoportal.news.models import NewsItem, Subscriber
from psoportal.news.services import news_unconfirmed_purge

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_one_announcement_of_the_next_handbook_version(client):
    latest = handbook_list()[-1]
    news_demo_seed()
    news_demo_seed()
    item = NewsItem.objects.get()
    version = next_handbook_version(latest)
    assert version in item.title and item.title.startswith("Vooraankondiging")
    assert item.is_visible()
    on = next_handbook_date(latest, timezone.localdate())
    assert (on.month, on.day) == (latest.effective.month, latest.effective.day)
    assert on > timezone.localdate()
    assert f"{on.day} april {on.year}" in item.body
    assert item.title in client.get("/").content.decode()


def test_the_next_version_and_date_follow_the_latest_handbook():
    latest = handbook_list()[-1]
    *head, last = latest.version.split(".")
    assert next_handbook_version(latest) == ".".join([*head, str(int(last) + 1)])
    day_before = latest.effective.replace(year=latest.effective.year + 3) - dt.timedelta(days=1)
    assert next_handbook_date(latest, day_before) == day_before + dt.timedelta(days=1)
    assert next_handbook_date(latest, day_before + dt.timedelta(days=1)).year == (
        day_before.year + 1)


def test_requests_nobody_confirmed_are_deleted_once_their_link_expired(make_subscriber):
    make_subscriber("abonnee@x.example")
    make_subscriber("weg@x.example", unsubscribed=True)
    make_subscriber("wacht@x.example", confirmed=False)
    assert news_unconfirmed_purge() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        assert news_unconfirmed_purge() == 1
        assert news_unconfirmed_purge() == 0
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "abonnee@x.example", "weg@x.example"]
