"""The newsletter mail: the item in the subscriber's language with the one-click headers."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from psoportal.news.mailing import news_item_mail
from psoportal.news.models import Subscriber

pytestmark = pytest.mark.django_db


def test_the_mail_carries_list_unsubscribe_and_list_unsubscribe_post(make_item,
                                                                      make_subscriber):
    subscriber = make_subscriber("lisa@lezer.example")
    news_item_mail(make_item("Nieuw handboek"), subscriber)
    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    assert "/nieuws/afmelden/" in header
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()


def test_the_header_link_unsubscribes_with_one_click(make_item, make_subscriber):
    subscriber = make_subscriber("lisa@lezer.example")
    news_item_mail(make_item("Nieuw handboek"), subscriber)
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]
    Client(enforce_csrf_checks=True).post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert not Subscriber.objects.get().is_active


def test_the_mail_holds_the_item_and_its_link_in_the_subscribers_language(
    make_item, make_subscriber
):
    subscriber = make_subscriber("eve@reader.example", language="en")
    news_item_mail(make_item("Nieuw handboek", body="Eerste **alinea**."), subscriber)
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "Nieuw handboek" in message.subject
    assert "<strong>alinea</strong>" in html
    assert "Eerste alinea." in message.body
    assert "/nieuws/nieuw-handboek/" in message.body
    assert '<html lang="en">' in html
