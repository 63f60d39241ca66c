import pytest

pytestmark = pytest.mark.django_db


def test_a_member_with_one_organisation_goes_straight_to_it(client, alice, login):
    login(alice)
    response = client.get("/organisatie/")
    organisation = alice.memberships.get().organisation
    assert response["Location"] == f"/organisatie/{organisation.pk}/"


def test_the_page_lists_the_members_with_their_roles(client, alice, bob, login):
    login(alice)
    organisation = alice.memberships.get().organisation
    content = client.get(f"/organisatie/{organisation.pk}/").content.decode()
    assert "Bob Collega" in content and "Alice Accounthouder" in content
    assert "Iemand uitnodigen" in content


def test_a_collega_sees_the_members_but_no_management_controls(client, alice, bob, login):
    login(bob)
    organisation = bob.memberships.get().organisation
    content = client.get(f"/organisatie/{organisation.pk}/").content.decode()
    assert "Alice Accounthouder" in content
    assert "Iemand uitnodigen" not in content
    assert "Toegang intrekken" not in content


def test_an_outsider_gets_404(client, alice, charlie, login):
    login(charlie)
    organisation = alice.memberships.get().organisation
    assert client.get(f"/organisatie/{organisation.pk}/").status_code == 404


def test_an_auditor_without_membership_gets_404(client, alice, audrey, login):
    login(audrey)
    organisation = alice.memberships.get().organisation
    assert client.get(f"/organisatie/{organisation.pk}/").status_code == 404
    assert client.get("/organisatie/").status_code == 200


def test_an_outsider_probe_is_logged(client, alice, charlie, login):
    from psoportal.accounts.models import SecurityEvent

    login(charlie)
    organisation = alice.memberships.get().organisation
    client.get(f"/organisatie/{organisation.pk}/")
    assert SecurityEvent.objects.filter(event_type="access_denied", actor=charlie).exists()
