"""Unconfirmed registrations release their KvK number and are purged after 7 days."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from psoportal.accounts.models import User
from psoportal.organisations.models import Membership, Organisation
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/organisatie/registreren/"


def _later(**delta):
    return time_machine.travel(timezone.now() + timedelta(**delta), tick=False)


def _purge(days: float = 0) -> str:
    out = StringIO()
    with _later(days=days):
        call_command("registrations_purge_unverified", stdout=out)
    return out.getvalue()


@pytest.fixture
def nina(client, registration):
    assert client.post(URL, registration).status_code == 302
    return User.objects.get(email=registration["email"])


@pytest.fixture
def rival(registration):
    return {**registration, "email": "rik@nieuwbedrijf.example", "full_name": "Rik Rivaal"}


def test_an_expired_unconfirmed_registration_frees_its_kvk_number(client, nina, rival):
    with _later(hours=25):
        response = client.post(URL, rival, REMOTE_ADDR="192.0.2.50")
    assert response["Location"] == "/account/controleer-uw-email/"
    organisation = Organisation.objects.get(kvk=rival["kvk"])
    assert organisation.memberships.get().user.email == rival["email"]
    assert not User.objects.filter(pk=nina.pk).exists()


def test_while_the_link_works_the_kvk_number_stays_taken(client, nina, rival):
    with _later(hours=23):
        response = client.post(URL, rival, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 200
    assert "Vraag de Accounthouder" in response.content.decode()
    assert Organisation.objects.get(kvk=rival["kvk"]).memberships.get().user == nina


def test_a_link_sent_again_keeps_the_kvk_number_until_that_link_expires(client, nina, rival):
    with _later(hours=30):
        client.post("/account/controleer-uw-email/", {"email": nina.email})
    with _later(hours=40):
        taken = client.post(URL, rival, REMOTE_ADDR="192.0.2.50")
    assert taken.status_code == 200
    with _later(hours=55):
        freed = client.post(URL, rival, REMOTE_ADDR="192.0.2.51")
    assert freed.status_code == 302


def test_a_confirmed_registration_keeps_its_kvk_number(client, nina, rival):
    User.objects.filter(pk=nina.pk).update(email_verified_at=timezone.now())
    with _later(days=30):
        response = client.post(URL, rival, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 200
    assert User.objects.filter(pk=nina.pk).exists()


def test_the_purge_deletes_registrations_unconfirmed_for_7_days(nina, registration):
    assert _purge(days=6).strip() == "purged unconfirmed registrations: 0"
    assert _purge(days=7.01).strip() == "purged unconfirmed registrations: 1"
    assert not User.objects.filter(pk=nina.pk).exists()
    assert not Organisation.objects.filter(kvk=registration["kvk"]).exists()


def test_running_the_purge_twice_deletes_nothing_more(nina):
    assert _purge(days=8).strip().endswith(": 1")
    assert _purge(days=8).strip().endswith(": 0")


def test_the_purge_keeps_confirmed_accounts_and_organisations_with_other_members(
    nina, alice, organisation
):
    # An unconfirmed person who somehow belongs to alice's organisation as well.
    MembershipFactory(organisation=organisation, user=nina, role=Membership.Role.COLLEGA)
    stale = UserFactory(email="oud@voorbeeld.example", email_verified_at=timezone.now())
    User.objects.filter(pk=stale.pk).update(date_joined=timezone.now() - timedelta(days=60))
    _purge(days=8)
    assert not User.objects.filter(pk=nina.pk).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert User.objects.filter(pk__in=[alice.pk, stale.pk]).count() == 2
    assert Organisation.objects.filter(kvk="11223344").count() == 0
