"""Fixtures of the news tests: items, subscribers and the mail a committed request sends."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from psoportal.news.models import NewsItem, Subscriber


@pytest.fixture
def make_item(db):
    def _make(title: str = "Nieuw handboek", *, published: bool = True,
              on: dt.date | None = None, body: str = "De **tekst**.", **extra) -> NewsItem:
        slug = extra.pop("slug", None) or re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        return NewsItem.objects.create(
            title=title, slug=slug, body=body, published_on=on or timezone.localdate(),
            is_published=published, published_at=timezone.now() if published else None,
            **extra)
    return _make


@pytest.fixture
def make_subscriber(db):
    def _make(email: str, *, confirmed: bool = True, unsubscribed: bool = False,
              language: str = "nl") -> Subscriber:
        now = timezone.now()
        return Subscriber.objects.create(
            email=email, language=language, confirm_requested_at=now,
            confirmed_at=now if confirmed else None, unsubscribed_at=now if unsubscribed else None)
    return _make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a request or service queued for after its commit (mail, tasks): test
    transactions are rolled back, never committed."""
    def _run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)
    return _run


def links_in(message, pattern: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+" + pattern + r"[^\s\"<>]*", message.body)


def last_mail_to(address: str):
    found = [m for m in mail.outbox if address in m.to]
    assert found, f"no mail to {address}"
    return found[-1]
