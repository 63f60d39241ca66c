"""Double opt-in: an address is subscribed only after the link in its mail is confirmed."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from psoportal.news.models import Subscriber
from tests.news.conftest import last_mail_to

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/nieuws/aanmelden/"


def _confirm_path(address: str) -> str:
    message = last_mail_to(address)
    return re.search(r"https?://[^/\s]+(/nieuws/aanmelden/bevestigen/[^\s/]+/)",
                     message.body).group(1)


def test_a_request_sends_a_confirmation_link_and_subscribes_nobody_yet(client, committed):
    response = committed(client.post, SUBSCRIBE, {"email": "Lisa@Lezer.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("news:subscribe_sent")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lisa@lezer.example"
    assert not subscriber.is_active
    assert _confirm_path("lisa@lezer.example")


def test_opening_the_link_shows_a_button_and_confirms_nothing(client, committed):
    committed(client.post, SUBSCRIBE, {"email": "lisa@lezer.example"})
    response = client.get(_confirm_path("lisa@lezer.example"))
    assert response.status_code == 200
    assert "Ja, aanmelding bevestigen" in response.content.decode()
    assert not Subscriber.objects.get().is_active


def test_the_button_confirms_the_subscription(client, committed):
    committed(client.post, SUBSCRIBE, {"email": "lisa@lezer.example"})
    response = client.post(_confirm_path("lisa@lezer.example"))
    assert response.status_code == 200
    assert "U bent aangemeld" in response.content.decode()
    assert Subscriber.objects.get().is_active


def test_an_expired_link_is_refused(client, committed):
    committed(client.post, SUBSCRIBE, {"email": "lisa@lezer.example"})
    path = _confirm_path("lisa@lezer.example")
    with time_machine.travel(timezone.now() + timezone.timedelta(days=7, minutes=1)):
        response = client.post(path)
    assert response.status_code == 404
    assert not Subscriber.objects.get().is_active


def test_a_tampered_link_is_refused(client, committed):
    committed(client.post, SUBSCRIBE, {"email": "lisa@lezer.example"})
    path = _confirm_path("lisa@lezer.example")
    assert client.post(path[:-4] + "xx/").status_code == 404
    assert not Subscriber.objects.get().is_active


def test_an_earlier_link_stops_working_when_a_new_one_is_asked_for(client, committed):
    committed(client.post, SUBSCRIBE, {"email": "lisa@lezer.example"})
    first = _confirm_path("lisa@lezer.example")
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=5)):
        committed(client.post, SUBSCRIBE, {"email": "lisa@lezer.example"})
    second = _confirm_path("lisa@lezer.example")
    assert first != second
    assert client.post(first).status_code == 404
    assert client.post(second).status_code == 200


def test_the_answer_is_the_same_for_a_new_a_waiting_and_a_subscribed_address(
    client, committed, make_subscriber
):
    make_subscriber("abonnee@lezer.example")
    make_subscriber("wacht@lezer.example", confirmed=False)
    answers = []
    for address in ("nieuw@lezer.example", "wacht@lezer.example", "ABONNEE@lezer.example"):
        response = committed(client.post, SUBSCRIBE, {"email": address}, follow=True)
        # The masked CSRF token differs on every page; nothing else may.
        page = re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())
        answers.append((response.status_code, response.redirect_chain, page))
    assert answers[0] == answers[1] == answers[2]


def test_a_subscribed_address_gets_no_new_mail_and_stays_subscribed(
    client, committed, make_subscriber
):
    make_subscriber("abonnee@lezer.example")
    committed(client.post, SUBSCRIBE, {"email": "abonnee@lezer.example"})
    assert mail.outbox == []
    assert Subscriber.objects.get().is_active


def test_an_unsubscribed_address_can_subscribe_again_through_a_new_confirmation(
    client, committed, make_subscriber
):
    make_subscriber("terug@lezer.example", unsubscribed=True)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=1)):
        committed(client.post, SUBSCRIBE, {"email": "terug@lezer.example"})
        assert not Subscriber.objects.get().is_active
        client.post(_confirm_path("terug@lezer.example"))
    assert Subscriber.objects.get().is_active


def test_the_confirmation_mail_is_in_the_language_of_the_page(client, committed):
    client.cookies["pso_language"] = "en"
    committed(client.post, SUBSCRIBE, {"email": "eve@reader.example"})
    assert Subscriber.objects.get().language == "en"
    html = last_mail_to("eve@reader.example").alternatives[0][0]
    assert '<html lang="en">' in html


def test_an_invalid_address_is_answered_with_a_message_on_the_field(client):
    response = client.post(SUBSCRIBE, {"email": "geen-adres"})
    assert response.status_code == 200
    assert "Vul een geldig e-mailadres in" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_too_many_requests_from_one_sender_are_refused_for_a_while(client, committed):
    for n in range(5):
        assert committed(client.post, SUBSCRIBE, {"email": f"a{n}@x.example"}).status_code == 302
    assert client.post(SUBSCRIBE, {"email": "a9@x.example"}).status_code == 429


def test_one_inbox_gets_at_most_three_confirmation_mails_a_day_with_the_same_answer(
    client, committed
):
    for n in range(4):
        with time_machine.travel(timezone.now() + timezone.timedelta(minutes=n)):
            client.defaults["REMOTE_ADDR"] = f"192.0.{n}.1"
            response = committed(client.post, SUBSCRIBE, {"email": "doel@x.example"})
            assert response.status_code == 302
    assert len([m for m in mail.outbox if "doel@x.example" in m.to]) == 3


def test_the_database_holds_no_token(client, committed):
    committed(client.post, SUBSCRIBE, {"email": "lisa@lezer.example"})
    token = _confirm_path("lisa@lezer.example").rstrip("/").rsplit("/", 1)[-1]
    row = Subscriber.objects.values().get()
    assert all(token not in str(value) for value in row.values())
