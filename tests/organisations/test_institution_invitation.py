"""Inviting users of a certifying institution: PSO-Nederland, or the CI-beheerder for auditors
(issue 10 item 1). The same rules as an organisation's invitation: single use, expires,
revocable, and the same mandatory second factor."""

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from psoportal.accounts.models import SecurityEvent, User
from psoportal.organisations.models import InstitutionInvitation, InstitutionMembership, Invitation
from psoportal.organisations.services import INVITATION_DAYS
from tests.conftest import full_login

pytestmark = pytest.mark.django_db

NEW_USER = {"full_name": "Ilse Inspecteur", "job_title": "Auditor", "phone": "030 765 4321",
            "password": "een lange zin als wachtwoord", "accept_terms": "on"}


def _detail(institution):
    return reverse("organisations:institution_detail", args=[institution.pk])


def _invite(client, institution, email="ilse@keurmerk.example", role="auditor"):
    return client.post(reverse("organisations:institution_invite", args=[institution.pk]),
                       {"email": email, "role": role})


def _team_invite(client, institution, email="ilse@keurmerk.example", role="auditor"):
    return client.post(reverse("organisations:institution_team_invite", args=[institution.pk]),
                       {"email": email, "role": role})


def _link():
    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)


def _logout(client):
    client.post(reverse("accounts:logout"))


@pytest.fixture
def invited_link(client, bo, login, institution):
    """PSO-Nederland invited ilse@keurmerk.example as auditor; the visitor is logged out."""
    login(bo)
    _invite(client, institution)
    _logout(client)
    return _link()


# -- PSO-Nederland invites -------------------------------------------------------------------------


def test_staff_invite_an_auditor_by_email_with_a_link(client, bo, login, institution):
    login(bo)
    response = _invite(client, institution)
    assert response["Location"] == _detail(institution)
    invitation = InstitutionInvitation.objects.get(institution=institution)
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "ilse@keurmerk.example", "auditor", bo)
    message = mail.outbox[-1]
    assert message.to == ["ilse@keurmerk.example"]
    assert "Keurmerk Certificering B.V." in message.subject
    assert "/mijnpso/instelling/uitnodiging/" in message.body
    assert f"{INVITATION_DAYS} dagen" in message.body
    assert SecurityEvent.objects.filter(event_type="member_invited",
                                        details__institution=institution.pk).exists()


def test_staff_see_members_and_open_invitations_on_the_institution_page(
    client, bo, login, institution, auditor
):
    login(bo)
    _invite(client, institution, role="beheerder")
    content = client.get(_detail(institution)).content.decode()
    assert "audrey@keurmerk.example" in content
    assert "ilse@keurmerk.example" in content
    assert "CI-beheerder" in content


def test_a_free_mail_address_cannot_be_invited(client, bo, login, institution):
    login(bo)
    response = _invite(client, institution, email="iemand@gmail.com")
    assert response.status_code == 400
    assert response.context["form"].has_error("email", "freemail")
    assert not InstitutionInvitation.objects.exists()
    assert mail.outbox == []


def test_someone_who_already_works_for_the_institution_is_not_invited_again(
    client, bo, login, institution, auditor
):
    login(bo)
    response = _invite(client, institution, email=auditor.email)
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        "Deze persoon werkt al voor deze instelling."]
    assert not InstitutionInvitation.objects.exists()


def test_the_role_must_be_auditor_or_beheerder(client, bo, login, institution):
    login(bo)
    response = _invite(client, institution, role="accounthouder")
    assert response.status_code == 400
    assert "role" in response.context["form"].errors
    assert not InstitutionInvitation.objects.exists()


# -- accepting -------------------------------------------------------------------------------------


def test_an_invited_person_registers_and_joins_the_institution(client, invited_link,
                                                               institution):
    page = client.get(invited_link).content.decode()
    assert "Uitnodiging van Keurmerk Certificering B.V." in page
    response = client.post(invited_link, NEW_USER)
    assert response["Location"] == reverse("accounts:login")
    user = User.objects.get(email="ilse@keurmerk.example")
    assert user.email_verified_at is not None
    membership = InstitutionMembership.objects.get(user=user)
    assert (membership.institution, membership.role) == (institution, "auditor")
    assert not user.memberships.exists()


def test_a_new_ci_user_must_set_up_two_factor_before_reaching_anything(
    client, invited_link, password_only
):
    client.post(invited_link, NEW_USER)
    user = User.objects.get(email="ilse@keurmerk.example")
    response = client.post(reverse("accounts:login"), {"email": user.email,
                                                       "password": NEW_USER["password"]})
    assert response["Location"] == reverse("accounts:totp_enrol")
    password_only(user)
    response = client.get(reverse("certification:institution"))
    assert response["Location"] == reverse("accounts:totp_enrol")


def test_the_invitation_link_works_once(client, invited_link):
    client.post(invited_link, NEW_USER)
    response = client.get(invited_link)
    assert response.status_code == 400
    assert "Vraag PSO-Nederland of de CI-beheerder" in response.content.decode()
    assert User.objects.filter(email="ilse@keurmerk.example").count() == 1


def test_an_existing_user_accepts_with_their_account_after_the_second_factor(
    client, bo, login, institution, charlie, password_only
):
    login(bo)
    _invite(client, institution, email=charlie.email)
    link = _link()
    _logout(client)
    assert "Log in met uw bestaande account" in client.get(link).content.decode()
    # Past the password only: still asked to log in, and a POST joins nothing.
    password_only(charlie)
    assert "Log in met uw bestaande account" in client.post(link).content.decode()
    assert not InstitutionMembership.objects.filter(user=charlie).exists()
    login(charlie)
    response = client.post(link)
    assert response["Location"] == reverse("certification:institution")
    assert InstitutionMembership.objects.get(user=charlie).institution == institution
    assert client.get(reverse("certification:institution")).status_code == 200


def test_two_tabs_accepting_at_once_use_the_invitation_once(institution, charlie):
    from psoportal.organisations.institutions import institution_invitation_accept

    invitation = InstitutionInvitation.objects.create(
        institution=institution, email=charlie.email, role="auditor",
        expires_at=timezone.now() + timezone.timedelta(days=1))
    # Both requests read the invitation while it was still open.
    tab1, tab2 = (InstitutionInvitation.objects.get(pk=invitation.pk) for _ in range(2))
    assert institution_invitation_accept(request=None, user=charlie, invitation=tab1)
    assert not institution_invitation_accept(request=None, user=charlie, invitation=tab2)
    assert SecurityEvent.objects.filter(event_type="invitation_accepted").count() == 1


def test_another_user_cannot_accept_someone_elses_invitation(client, invited_link, charlie):
    full_login(client, charlie)
    assert client.post(invited_link).status_code == 400
    assert not InstitutionMembership.objects.filter(user=charlie).exists()
    assert InstitutionInvitation.objects.get().accepted_at is None


def test_an_invitation_expires(client, invited_link):
    later = timezone.now() + timezone.timedelta(days=INVITATION_DAYS, minutes=1)
    with time_machine.travel(later):
        response = client.get(invited_link)
        assert response.status_code == 400
        assert client.post(invited_link, NEW_USER).status_code == 400
    assert not User.objects.filter(email="ilse@keurmerk.example").exists()
    assert InstitutionInvitation.objects.get().accepted_at is None


def test_a_revoked_invitation_is_refused(client, bo, login, institution, invited_link):
    invitation = InstitutionInvitation.objects.get()
    login(bo)
    response = client.post(reverse("organisations:institution_invitation_revoke",
                                   args=[institution.pk, invitation.pk]))
    assert response["Location"] == _detail(institution)
    _logout(client)
    assert client.get(invited_link).status_code == 400
    assert client.post(invited_link, NEW_USER).status_code == 400
    assert not User.objects.filter(email="ilse@keurmerk.example").exists()


def test_a_new_invitation_replaces_the_open_one_for_the_same_address(
    client, bo, login, institution
):
    login(bo)
    _invite(client, institution)
    first = _link()
    _invite(client, institution, role="beheerder")
    _logout(client)
    assert client.get(first).status_code == 400
    client.post(_link(), NEW_USER)
    assert InstitutionMembership.objects.get().role == "beheerder"


def test_a_tampered_link_is_refused(client, invited_link):
    assert client.get(invited_link[:-3] + "xx/").status_code == 400


def test_an_organisation_invitation_link_does_not_open_an_institution_invitation(
    client, alice, login, institution
):
    # Both tables number from 1: the signed links must not be interchangeable.
    organisation = alice.memberships.get().organisation
    login(alice)
    client.post(f"/organisatie/{organisation.pk}/uitnodigen/",
                {"email": "ilse@keurmerk.example", "role": "collega"})
    organisation_link = _link()
    InstitutionInvitation.objects.create(
        pk=Invitation.objects.get().pk, institution=institution, email="ilse@keurmerk.example",
        role="beheerder", expires_at=timezone.now() + timezone.timedelta(days=1))
    token = organisation_link.rstrip("/").rsplit("/", 1)[-1]
    _logout(client)
    forged = reverse("organisations:institution_invitation", args=[token])
    assert client.get(forged).status_code == 400


# -- members ---------------------------------------------------------------------------------------


def test_staff_remove_a_member(client, bo, login, institution, auditor):
    membership = InstitutionMembership.objects.get(user=auditor)
    login(bo)
    response = client.post(reverse("organisations:institution_member_remove",
                                   args=[institution.pk, membership.pk]))
    assert response["Location"] == _detail(institution)
    assert not InstitutionMembership.objects.filter(pk=membership.pk).exists()
    assert SecurityEvent.objects.filter(event_type="member_removed", subject=auditor).exists()


def test_a_member_of_another_institution_is_404_on_this_institutions_page(
    client, bo, login, institution, other_institution, auditor
):
    membership = InstitutionMembership.objects.get(user=auditor)
    login(bo)
    response = client.post(reverse("organisations:institution_member_remove",
                                   args=[other_institution.pk, membership.pk]))
    assert response.status_code == 404
    assert InstitutionMembership.objects.filter(pk=membership.pk).exists()


# -- the CI-beheerder's own team page --------------------------------------------------------------


def test_the_beheerder_invites_an_auditor_of_their_own_institution(
    client, beheerder, login, institution
):
    login(beheerder)
    page = client.get(reverse("organisations:institution_team", args=[institution.pk]))
    assert [value for value, _ in page.context["form"].fields["role"].choices] == ["auditor"]
    response = _team_invite(client, institution)
    assert response["Location"] == reverse("organisations:institution_team",
                                           args=[institution.pk])
    assert InstitutionInvitation.objects.get().role == "auditor"
    assert mail.outbox[-1].to == ["ilse@keurmerk.example"]


def test_the_workspace_links_the_beheerder_to_the_team_page(client, beheerder, login,
                                                            institution):
    content = login(beheerder).get(reverse("certification:institution")).content.decode()
    assert reverse("organisations:institution_team", args=[institution.pk]) in content


def test_the_beheerder_cannot_invite_another_beheerder(client, beheerder, login, institution):
    login(beheerder)
    response = _team_invite(client, institution, role="beheerder")
    assert response.status_code == 400
    assert not InstitutionInvitation.objects.exists()


def test_the_beheerder_cannot_invite_to_another_institution(
    client, beheerder, login, other_institution
):
    login(beheerder)
    assert client.get(reverse("organisations:institution_team",
                              args=[other_institution.pk])).status_code == 404
    assert _team_invite(client, other_institution).status_code == 404
    assert not InstitutionInvitation.objects.exists()
    assert mail.outbox == []


def test_the_service_refuses_a_beheerder_inviting_elsewhere(beheerder, other_institution):
    from django.core.exceptions import PermissionDenied

    from psoportal.organisations.institutions import institution_invitation_create

    with pytest.raises(PermissionDenied):
        institution_invitation_create(request=None, actor=beheerder,
                                      institution=other_institution,
                                      email="ilse@keurmerk.example", role="auditor")
    assert not InstitutionInvitation.objects.exists()


def test_an_auditor_may_not_manage_the_team(client, auditor, login, institution):
    login(auditor)
    assert client.get(reverse("organisations:institution_team",
                              args=[institution.pk])).status_code == 403
    assert _team_invite(client, institution).status_code == 403
    assert not InstitutionInvitation.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "charlie", "bo"])
def test_outsiders_get_404_on_the_team_page(client, login, request, persona, institution):
    login(request.getfixturevalue(persona))
    assert client.get(reverse("organisations:institution_team",
                              args=[institution.pk])).status_code == 404
    assert _team_invite(client, institution).status_code == 404


def test_the_beheerder_removes_an_auditor_but_not_a_beheerder(
    client, beheerder, auditor, login, institution
):
    from tests.factories import InstitutionMembershipFactory, UserFactory

    other = InstitutionMembershipFactory(
        institution=institution, role="beheerder",
        user=UserFactory(email="bea@keurmerk.example"))
    audrey = InstitutionMembership.objects.get(user=auditor)
    login(beheerder)
    url = "organisations:institution_team_member_remove"
    assert client.post(reverse(url, args=[institution.pk, other.pk])).status_code == 403
    assert client.post(reverse(url, args=[institution.pk, audrey.pk])).status_code == 302
    assert list(InstitutionMembership.objects.values_list("user__email", flat=True)
                .order_by("user__email")) == ["bea@keurmerk.example", "ben@keurmerk.example"]


def test_the_beheerder_revokes_an_invitation_of_their_institution_only(
    client, beheerder, login, institution, other_institution
):
    here = InstitutionInvitation.objects.create(
        institution=institution, email="a@keurmerk.example", role="auditor",
        expires_at=timezone.now() + timezone.timedelta(days=1))
    there = InstitutionInvitation.objects.create(
        institution=other_institution, email="b@sociaal.example", role="auditor",
        expires_at=timezone.now() + timezone.timedelta(days=1))
    login(beheerder)
    url = "organisations:institution_team_invitation_revoke"
    assert client.post(reverse(url, args=[other_institution.pk, there.pk])).status_code == 404
    assert client.post(reverse(url, args=[institution.pk, there.pk])).status_code == 404
    assert client.post(reverse(url, args=[institution.pk, here.pk])).status_code == 302
    here.refresh_from_db()
    there.refresh_from_db()
    assert here.revoked_at is not None and there.revoked_at is None
