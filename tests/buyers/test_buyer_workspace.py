"""Turning the buyer workspace on, and who may work in it (issue 13 §1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from psoportal.buyers.models import Buyer, PurchasingCategory
from psoportal.buyers.policy_defaults import default_categories
from psoportal.buyers.services import buyer_activate
from psoportal.organisations.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_accounthouder_turns_the_workspace_on_with_the_handreiking_policy(login, alice,
                                                                              organisation):
    client = login(alice)
    response = client.post(reverse("buyers:activate", args=[organisation.pk]))
    assert response.status_code == 302
    buyer = Buyer.objects.get(organisation=organisation)
    names = set(buyer.categories.values_list("name", flat=True))
    assert {"Schoonmaak", "Callcenters", "Vastgoed"} <= names
    assert buyer.categories.count() == len(default_categories())
    assert buyer.categories.get(name="Schoonmaak").niveau == 1
    assert buyer.categories.get(name="Telecom").niveau == 2
    assert buyer.categories.get(name="IT").niveau == 3


def test_turning_it_on_twice_gives_one_workspace(alice, organisation):
    first = buyer_activate(organisation=organisation, by=alice)
    second = buyer_activate(organisation=organisation, by=alice)
    assert first.pk == second.pk
    assert PurchasingCategory.objects.filter(buyer=first).count() == len(default_categories())


def test_an_english_accounthouder_starts_with_english_category_names(alice, organisation):
    alice.language = "en"
    alice.save()
    buyer = buyer_activate(organisation=organisation, by=alice)
    assert buyer.categories.filter(name="Cleaning").exists()


def test_a_colleague_works_in_the_workspace_but_cannot_turn_it_on(login, bob, alice,
                                                                  organisation):
    client = login(bob)
    response = client.post(reverse("buyers:activate", args=[organisation.pk]), follow=True)
    assert not Buyer.objects.filter(organisation=organisation).exists()
    assert "Alleen de Accounthouder" in response.content.decode()
    buyer_activate(organisation=organisation, by=alice)
    assert client.get(reverse("buyers:home", args=[organisation.pk])).status_code == 200


def test_an_outsider_gets_404_for_the_workspace_and_for_turning_it_on(login, charlie, buyer,
                                                                     organisation):
    client = login(charlie)
    assert client.get(reverse("buyers:home", args=[organisation.pk])).status_code == 404
    assert client.post(reverse("buyers:activate", args=[organisation.pk])).status_code == 404


def test_an_adviser_of_the_organisation_gets_404(login, buyer, organisation):
    adviser = UserFactory(email="adviseur@advies.example")
    MembershipFactory(organisation=organisation, user=adviser, role=Membership.Role.ADVISEUR)
    client = login(adviser)
    assert client.get(reverse("buyers:home", args=[organisation.pk])).status_code == 404


def test_a_workspace_not_yet_on_is_404_even_for_its_members(login, alice, organisation):
    client = login(alice)
    assert client.get(reverse("buyers:home", args=[organisation.pk])).status_code == 404
    page = client.get(reverse("buyers:index")).content.decode()
    assert "Inkoopwerkruimte aanzetten" in page


def test_the_menu_leads_a_buyer_with_one_workspace_straight_to_it(login, alice, buyer,
                                                                 organisation):
    response = login(alice).get(reverse("buyers:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("buyers:home", args=[organisation.pk])


def test_after_logging_in_a_buyer_only_organisation_lands_in_its_workspace(login, alice, buyer,
                                                                          organisation):
    response = login(alice).get(reverse("mijnpso:dashboard"))
    assert response["Location"] == reverse("buyers:home", args=[organisation.pk])


def test_an_adviser_of_a_buyer_only_organisation_still_lands_on_step_1(login, buyer,
                                                                      organisation):
    adviser = UserFactory(email="adviseur@advies.example")
    MembershipFactory(organisation=organisation, user=adviser, role=Membership.Role.ADVISEUR)
    response = login(adviser).get(reverse("mijnpso:dashboard"))
    assert response["Location"] == reverse("mijnpso:organisation", args=[organisation.pk])
