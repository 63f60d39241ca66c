"""One-click unsubscribe (RFC 8058): the mail program's POST works without a CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client

from psoportal.news.models import Subscriber
from psoportal.news.tokens import unsubscribe_token_make

pytestmark = pytest.mark.django_db

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def _path(subscriber: Subscriber) -> str:
    return f"/nieuws/afmelden/{unsubscribe_token_make(subscriber)}/"


@pytest.fixture
def mail_program():
    # What a mail provider sends: no cookie, no CSRF token, checks enforced.
    return Client(enforce_csrf_checks=True)


def test_the_one_click_post_unsubscribes_without_a_csrf_token(mail_program, make_subscriber):
    subscriber = make_subscriber("lisa@lezer.example")
    response = mail_program.post(_path(subscriber), ONE_CLICK)
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.is_active


def test_the_one_click_post_is_idempotent(mail_program, make_subscriber):
    subscriber = make_subscriber("lisa@lezer.example")
    mail_program.post(_path(subscriber), ONE_CLICK)
    subscriber.refresh_from_db()
    first = subscriber.unsubscribed_at
    response = mail_program.post(_path(subscriber), ONE_CLICK)
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == first


def test_opening_the_link_shows_a_button_and_unsubscribes_nobody(client, make_subscriber):
    subscriber = make_subscriber("lisa@lezer.example")
    response = client.get(_path(subscriber))
    assert response.status_code == 200
    assert "Afmelden" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.is_active


def test_the_button_on_the_page_unsubscribes(client, make_subscriber):
    subscriber = make_subscriber("lisa@lezer.example")
    response = client.post(_path(subscriber))
    assert "U bent afgemeld" in response.content.decode()
    subscriber.refresh_from_db()
    assert not subscriber.is_active


def test_any_other_post_without_a_csrf_token_is_refused(mail_program, make_subscriber):
    subscriber = make_subscriber("lisa@lezer.example")
    assert mail_program.post(_path(subscriber)).status_code == 403
    assert mail_program.post(_path(subscriber), {"List-Unsubscribe": "x"}).status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.is_active


def test_a_forged_token_unsubscribes_nobody(mail_program, make_subscriber):
    subscriber = make_subscriber("lisa@lezer.example")
    token = unsubscribe_token_make(subscriber)
    response = mail_program.post(f"/nieuws/afmelden/{token[:-3]}abc/", ONE_CLICK)
    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.is_active


def test_the_link_of_another_address_under_a_reused_id_does_not_work(
    mail_program, make_subscriber
):
    gone = make_subscriber("weg@lezer.example")
    token = unsubscribe_token_make(gone)
    Subscriber.objects.filter(pk=gone.pk).update(email="ander@lezer.example")
    assert mail_program.post(f"/nieuws/afmelden/{token}/", ONE_CLICK).status_code == 404
    assert Subscriber.objects.get().is_active
