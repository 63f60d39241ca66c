import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from psoportal.accounts.models import SecurityEvent
from psoportal.organisations.models import Membership, RoleTransferRequest
from psoportal.organisations.services import domain_decide, role_transfer_decide
from tests.conftest import give_sudo

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(alice):
    return alice.memberships.get().organisation


def test_the_accounthouder_removes_a_member(client, alice, bob, org, login):
    login(alice)
    membership = bob.memberships.get()
    response = client.post(f"/organisatie/{org.pk}/leden/{membership.pk}/verwijderen/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert SecurityEvent.objects.filter(event_type="member_removed", subject=bob).exists()
    # Access is gone at once.
    login(bob)
    assert client.get(f"/organisatie/{org.pk}/").status_code == 404


def test_a_collega_cannot_remove_members(client, alice, bob, org, login):
    login(bob)
    membership = alice.memberships.get()
    assert client.post(
        f"/organisatie/{org.pk}/leden/{membership.pk}/verwijderen/"
    ).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not SecurityEvent.objects.filter(event_type="member_removed").exists()


def test_the_accounthouder_role_cannot_be_removed(client, alice, org, login):
    login(alice)
    membership = alice.memberships.get()
    assert client.post(
        f"/organisatie/{org.pk}/leden/{membership.pk}/verwijderen/"
    ).status_code == 403
    assert Membership.objects.get(pk=membership.pk).role == "accounthouder"


def test_requesting_a_role_transfer_needs_sudo_mode(client, alice, bob, org, login):
    login(alice)
    response = client.post(f"/organisatie/{org.pk}/leden/{bob.memberships.get().pk}/"
                           "accounthouder-worden/")
    assert response["Location"].startswith("/account/bevestig-identiteit/")
    assert not RoleTransferRequest.objects.exists()


def test_a_transfer_waits_for_pso_nederland_and_then_swaps_roles(client, alice, bob, bo, org,
                                                                 login):
    give_sudo(login(alice))
    client.post(f"/organisatie/{org.pk}/leden/{bob.memberships.get().pk}/accounthouder-worden/")
    transfer = RoleTransferRequest.objects.get()
    assert transfer.status == "pending"
    assert alice.memberships.get().role == "accounthouder"
    assert role_transfer_decide(request=None, actor=bo, transfer=transfer, approve=True)
    assert bob.memberships.get().role == "accounthouder"
    assert alice.memberships.get().role == "collega"
    # Deciding twice does nothing.
    assert not role_transfer_decide(request=None, actor=bo, transfer=transfer, approve=False)


def test_only_staff_decide_transfers(alice, bob, org):
    transfer = RoleTransferRequest.objects.create(organisation=org, from_user=alice, to_user=bob)
    with pytest.raises(PermissionDenied):
        role_transfer_decide(request=None, actor=alice, transfer=transfer, approve=True)


def test_the_back_office_approves_a_deviating_domain(bo, org):
    org.domain_approval = "pending"
    org.save()
    domain_decide(request=RequestFactory().get("/"), actor=bo, organisation=org, approve=True)
    org.refresh_from_db()
    assert org.domain_approval == "approved"
    assert org.may_submit_application


def test_the_admin_offers_approval_actions(client, bo, login):
    bo.is_superuser = True
    bo.save()
    login(bo)
    content = client.get("/beheer/organisations/roletransferrequest/").content.decode()
    assert "approve" in content
    assert client.get("/beheer/organisations/organisation/").status_code == 200
