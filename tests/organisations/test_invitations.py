import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from psoportal.accounts.models import User
from psoportal.organisations.models import Invitation, Membership, Organisation
from tests.conftest import full_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(alice):
    return alice.memberships.get().organisation


def _invite(client, org, email="nieuw@voorbeeld.example", role="collega"):
    return client.post(f"/organisatie/{org.pk}/uitnodigen/", {"email": email, "role": role})


def _link():
    import re

    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)


def test_the_accounthouder_invites_a_collega_by_email(client, alice, org, login):
    login(alice)
    response = _invite(client, org)
    assert response.status_code == 302
    invitation = Invitation.objects.get(organisation=org)
    assert invitation.role == "collega"
    assert mail.outbox[-1].to == ["nieuw@voorbeeld.example"]
    assert "/organisatie/uitnodiging/" in mail.outbox[-1].body


def test_a_collega_cannot_invite(client, bob, org, login):
    login(bob)
    assert _invite(client, org).status_code == 403
    assert not Invitation.objects.exists()


def test_an_outsider_cannot_invite_and_gets_404(client, charlie, org, login):
    login(charlie)
    assert _invite(client, org).status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_role_cannot_be_accounthouder(client, alice, org, login):
    login(alice)
    assert _invite(client, org, role="accounthouder").status_code == 400
    assert not Invitation.objects.exists()


def test_free_mail_addresses_cannot_be_invited(client, alice, org, login):
    login(alice)
    response = _invite(client, org, email="iemand@gmail.com")
    assert response.status_code == 400
    assert response.context["form"].has_error("email", "freemail")
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_invited_person_registers_into_the_organisation_without_a_new_one(
    client, alice, org, login
):
    login(alice)
    _invite(client, org, email="adviseur@sterkerwerkt.example", role="adviseur")
    link = _link()
    client.post("/account/uitloggen/")
    assert client.get(link).status_code == 200
    response = client.post(link, {
        "full_name": "Ada Adviseur", "job_title": "Adviseur", "phone": "030 765 4321",
        "password": "een lange zin als wachtwoord", "accept_terms": "on",
    })
    assert response["Location"] == "/account/inloggen/"
    user = User.objects.get(email="adviseur@sterkerwerkt.example")
    assert user.email_verified_at is not None
    assert user.terms_version
    assert Membership.objects.get(user=user).role == "adviseur"
    assert Organisation.objects.count() == 1
    # Still needs a second factor: the password step leads to enrolment.
    response = client.post("/account/inloggen/", {"email": user.email,
                                                  "password": "een lange zin als wachtwoord"})
    assert response["Location"] == "/account/tweestapsverificatie/"
    # The invitation works once.
    client.post("/account/uitloggen/")
    assert client.get(link).status_code == 400


def test_an_existing_user_accepts_with_their_account(client, alice, org, charlie, login):
    login(alice)
    _invite(client, org, email=charlie.email)
    link = _link()
    client.post("/account/uitloggen/")
    assert "Log in met uw bestaande account" in client.get(link).content.decode()
    login(charlie)
    response = client.post(link)
    assert response["Location"] == f"/organisatie/{org.pk}/"
    assert Membership.objects.get(user=charlie, organisation=org).role == "collega"


def test_another_user_cannot_accept_someone_elses_invitation(client, alice, org, bob, login,
                                                             charlie):
    login(alice)
    _invite(client, org, email="nieuw@voorbeeld.example")
    link = _link()
    full_login(client, charlie)
    assert client.post(link).status_code == 400
    assert not Membership.objects.filter(user=charlie, organisation=org).exists()


def test_an_invitation_expires_after_7_days(client, alice, org, login):
    login(alice)
    _invite(client, org)
    link = _link()
    client.post("/account/uitloggen/")
    with time_machine.travel(timezone.now() + timezone.timedelta(days=7, minutes=1)):
        response = client.get(link)
    assert response.status_code == 400
    assert "Deze uitnodiging werkt niet (meer)" in response.content.decode()
    assert not Invitation.objects.get().accepted_at


def test_a_tampered_invitation_link_is_refused(client, alice, org, login):
    login(alice)
    _invite(client, org)
    link = _link()
    client.post("/account/uitloggen/")
    response = client.get(link[:-3] + "xx/")
    assert response.status_code == 400
    assert "Deze uitnodiging werkt niet (meer)" in response.content.decode()


def test_a_revoked_invitation_no_longer_works(client, alice, org, login):
    login(alice)
    _invite(client, org)
    link = _link()
    invitation = Invitation.objects.get()
    client.post(f"/organisatie/{org.pk}/uitnodigingen/{invitation.pk}/intrekken/")
    client.post("/account/uitloggen/")
    response = client.get(link)
    assert response.status_code == 400
    assert "Deze uitnodiging werkt niet (meer)" in response.content.decode()


def test_invitations_are_rate_limited(client, alice, org, login):
    login(alice)
    for n in range(20):
        _invite(client, org, email=f"persoon{n}@voorbeeld.example")
    response = _invite(client, org, email="nog1@voorbeeld.example")
    assert response.status_code == 429
    assert Invitation.objects.count() == 20
    assert not Invitation.objects.filter(email="nog1@voorbeeld.example").exists()
