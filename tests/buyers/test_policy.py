"""The procurement policy page (issue 13 item 4): categories grouped by Niveau with seed 004's
explanation; adding, renaming, moving and deleting a category."""

from __future__ import annotations

import pytest
from django.urls import reverse

from psoportal.buyers.models import Niveau, PurchasingCategory, Supplier
from psoportal.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _url(buyer, name="policy", *args):
    return reverse(f"buyers:{name}", args=[buyer.organisation_id, *args])


def test_the_page_groups_the_handreiking_categories_by_niveau_with_their_explanation(
        login, alice, buyer):
    page = login(alice).get(_url(buyer)).content.decode()
    assert "Niveau 1: PSO is een voorwaarde" in page
    assert "Zonder PSO-certificering kan een organisatie niet meedoen aan een aanbesteding" in page
    assert "Bij gelijkwaardig aanbod wordt gekozen voor een organisatie" in page
    assert "PSO-certificering wordt aangeraden" in page
    first, second, third = (page.index(f'id="niveau-{n}"') for n in (1, 2, 3))
    assert first < page.index("Schoonmaak") < second < page.index("Callcenters") < third
    assert page.index("Vastgoed") > third


def test_the_page_links_to_assessments_compliance_and_social_return(login, alice, buyer):
    page = login(alice).get(_url(buyer)).content.decode()
    assert _url(buyer, "assessments") in page
    assert _url(buyer, "policy_compliance") in page
    assert _url(buyer, "social_return_policy") in page


def test_a_colleague_adds_a_category_at_a_niveau_and_it_is_audited(login, bob, buyer):
    response = login(bob).post(_url(buyer), {"name": "  Drukwerk   en  print ", "niveau": "2"})
    assert response.status_code == 302
    category = buyer.categories.get(name="Drukwerk en print")
    assert category.niveau == Niveau.STRONGLY_ADVISED
    event = AuditEvent.objects.get(action="category_create")
    assert event.actor == bob and event.subject_id == category.pk


def test_a_duplicate_name_is_refused_in_dutch_whatever_its_case(login, alice, buyer):
    response = login(alice).post(_url(buyer), {"name": "schoonmaak", "niveau": "1"})
    assert response.status_code == 400
    assert "Er is al een inkoopcategorie “schoonmaak”. Kies een andere naam." in (
        response.content.decode())
    assert buyer.categories.filter(name__iexact="schoonmaak").count() == 1


def test_a_name_longer_than_the_column_is_refused_with_the_limit(login, alice, buyer):
    limit = PurchasingCategory._meta.get_field("name").max_length
    response = login(alice).post(_url(buyer), {"name": "x" * (limit + 1), "niveau": "3"})
    assert response.status_code == 400
    assert f"Gebruik ten hoogste {limit} tekens voor de naam (nu {limit + 1})" in (
        response.content.decode())


def test_an_empty_name_and_a_missing_niveau_say_what_to_fill_in(login, alice, buyer):
    page = login(alice).post(_url(buyer), {"name": "  ", "niveau": ""}).content.decode()
    assert "Vul de naam van de inkoopcategorie in." in page
    assert "Kies het niveau van de inkoopcategorie." in page


def test_a_category_is_renamed_and_moved_to_another_niveau(login, alice, buyer):
    category = buyer.categories.get(name="Telecom")
    client = login(alice)
    assert client.get(_url(buyer, "policy_category", category.pk)).status_code == 200
    response = client.post(_url(buyer, "policy_category", category.pk),
                           {"name": "Telecom en ICT", "niveau": "1"})
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.niveau) == ("Telecom en ICT", Niveau.CONDITION)
    event = AuditEvent.objects.get(action="category_update")
    assert event.changes == {"name": ["Telecom", "Telecom en ICT"], "niveau": [2, 1]}


def test_renaming_to_another_categorys_name_is_refused_but_keeping_its_own_is_fine(
        login, alice, buyer):
    category = buyer.categories.get(name="Telecom")
    client = login(alice)
    refused = client.post(_url(buyer, "policy_category", category.pk),
                          {"name": "Energie", "niveau": "2"})
    assert refused.status_code == 400
    kept = client.post(_url(buyer, "policy_category", category.pk),
                       {"name": "Telecom", "niveau": "3"})
    assert kept.status_code == 302


def test_deleting_a_category_with_suppliers_says_they_lose_it_and_keeps_them(
        login, alice, buyer):
    category = buyer.categories.get(name="Schoonmaak")
    supplier = Supplier.objects.create(buyer=buyer, kvk="11112222", name="Poets B.V.",
                                       category=category)
    client = login(alice)
    confirm = client.get(_url(buyer, "policy_category_delete", category.pk)).content.decode()
    assert "1 leverancier valt in deze categorie" in confirm
    assert "heeft daarna geen inkoopcategorie" in confirm
    assert buyer.categories.filter(pk=category.pk).exists()
    response = client.post(_url(buyer, "policy_category_delete", category.pk), follow=True)
    assert not buyer.categories.filter(pk=category.pk).exists()
    supplier.refresh_from_db()
    assert supplier.category is None
    assert "1 leverancier heeft nu geen inkoopcategorie" in response.content.decode()
    assert AuditEvent.objects.get(action="category_delete").changes[
        "suppliers_without_category"] == 1


def test_an_outsider_gets_404_on_every_policy_url(login, charlie, buyer):
    category = buyer.categories.first()
    client = login(charlie)
    for url in (_url(buyer), _url(buyer, "policy_category", category.pk),
                _url(buyer, "policy_category_delete", category.pk)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Inbraak", "niveau": "1"}).status_code == 404
    assert buyer.categories.filter(pk=category.pk).exists()
    assert not buyer.categories.filter(name="Inbraak").exists()


def test_another_buyers_category_is_404_in_ones_own_workspace(login, alice, charlie, buyer):
    from psoportal.buyers.services import buyer_activate
    from psoportal.organisations.models import Organisation

    theirs = buyer_activate(organisation=Organisation.objects.get(name="Ander Bedrijf B.V."),
                            by=charlie)
    foreign = theirs.categories.first()
    client = login(alice)
    assert client.get(_url(buyer, "policy_category", foreign.pk)).status_code == 404
    assert client.post(_url(buyer, "policy_category_delete", foreign.pk)).status_code == 404
    assert PurchasingCategory.objects.filter(pk=foreign.pk).exists()
