import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from psoportal.accounts.models import User
from psoportal.accounts.tokens import verification_token_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def nina(client, registration):
    client.post("/organisatie/registreren/", registration)
    return User.objects.get(email=registration["email"])


def test_the_link_from_the_mail_verifies_the_address_on_post(client, nina, last_link):
    link = last_link(nina.email)
    assert client.get(link).status_code == 200
    nina.refresh_from_db()
    assert nina.email_verified_at is None  # a GET (mail scanner) changes nothing
    response = client.post(link)
    assert response["Location"] == "/account/inloggen/"
    nina.refresh_from_db()
    assert nina.email_verified_at is not None


def test_the_link_works_only_once(client, nina, last_link):
    link = last_link(nina.email)
    client.post(link)
    assert client.post(link).status_code == 400


def test_the_link_expires_after_24_hours(client, nina, last_link):
    link = last_link(nina.email)
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=24, minutes=1)):
        assert client.post(link).status_code == 400


def test_a_tampered_link_is_refused(client, nina):
    token = verification_token_make(nina)
    assert client.post(f"/account/bevestigen/{token[:-2]}xx/").status_code == 400


def test_an_unverified_user_cannot_log_in_and_is_sent_to_check_the_mail(client, nina,
                                                                       registration):
    response = client.post("/account/inloggen/", {"email": nina.email,
                                                  "password": registration["password"]})
    assert response["Location"] == "/account/controleer-uw-email/"
    assert "_auth_user_id" not in client.session


def test_an_unverified_session_is_redirected_from_organisation_pages(client, nina, login):
    login(nina)
    response = client.get("/organisatie/")
    assert response.status_code == 302
    assert response["Location"] == "/account/controleer-uw-email/"


def test_resending_says_the_same_for_known_and_unknown_addresses(client, nina):
    mail.outbox.clear()
    known = client.post("/account/controleer-uw-email/", {"email": nina.email}, follow=True)
    unknown = client.post("/account/controleer-uw-email/", {"email": "niemand@x.example"},
                          follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.content.decode().count("Als er een onbevestigd account") == 1
    assert unknown.content.decode().count("Als er een onbevestigd account") == 1
    assert [m.to for m in mail.outbox] == [[nina.email]]


def test_resending_sends_at_most_three_mails_an_hour_per_address(client, nina):
    mail.outbox.clear()
    responses = [client.post("/account/controleer-uw-email/", {"email": nina.email})
                 for _ in range(4)]
    assert len(mail.outbox) == 3
    assert [r["Location"] for r in responses] == ["/account/controleer-uw-email/"] * 4
