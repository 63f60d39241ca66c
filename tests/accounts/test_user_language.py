"""The language switch also sets the language of the mail a logged-in user gets (issue 10 §10:
the worker that sends it has no cookie to go by)."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_new_account_gets_mail_in_dutch(alice):
    assert alice.language == "nl"


def test_switching_while_logged_in_sets_the_mail_language(login, alice):
    response = login(alice).post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    alice.refresh_from_db()
    assert alice.language == "en"


def test_switching_back_sets_it_back(login, alice):
    client = login(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "nl"


def test_an_unknown_language_changes_nothing(login, alice):
    login(alice).post(reverse("set_language"), {"language": "de", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "nl"


def test_the_switch_still_works_before_logging_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
