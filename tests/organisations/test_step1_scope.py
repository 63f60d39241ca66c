"""Step 1 (Organisatie): the organisation's details and its scope of entities (rule book §3).

Each write is audited (who changed what); outsiders get 404 and change nothing.
"""

import pytest
from django.urls import reverse

from psoportal.core.models import AuditEvent
from psoportal.organisations.models import Entity
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "sector": "Schoonmaak", "website": "https://voorbeeld.example", "street": "Stationsplein 1",
    "postcode": "3511 ED", "city": "Utrecht", "fulltime_hours": "36",
}


def _page(organisation) -> str:
    return reverse("mijnpso:organisation", args=[organisation.pk])


def _delete_url(organisation, entity) -> str:
    return reverse("mijnpso:entity_delete", args=[organisation.pk, entity.pk])


@pytest.fixture
def entity(organisation):
    return Entity.objects.create(organisation=organisation, name="Voorbeeld Noord B.V.",
                                 kvk="12345679")


def test_a_member_saves_the_organisation_details(login, bob, organisation):
    client = login(bob)
    response = client.post(_page(organisation), DETAILS, follow=True)
    assert response.redirect_chain == [(_page(organisation), 302)]
    assert "De organisatiegegevens zijn opgeslagen." in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.sector, organisation.city, organisation.fulltime_hours) == (
        "Schoonmaak", "Utrecht", 36
    )
    (event,) = AuditEvent.objects.all()
    assert (event.actor, event.action, event.organisation_id) == (
        bob, "organisation_details_update", organisation.pk
    )
    # The factory's organisation is in Utrecht already: only what changed is named.
    assert event.changes == {"fields": ["fulltime_hours", "postcode", "sector", "street",
                                        "website"]}


def test_details_out_of_range_are_refused_at_the_field_and_nothing_changes(
    login, alice, organisation
):
    response = login(alice).post(_page(organisation), {**DETAILS, "fulltime_hours": "60"})
    assert response.status_code == 200
    assert response.context["details_form"].has_error("fulltime_hours")
    organisation.refresh_from_db()
    assert organisation.sector == ""
    assert not AuditEvent.objects.exists()


def test_a_member_adds_an_entity_to_the_scope(login, alice, organisation):
    response = login(alice).post(
        _page(organisation), {"action": "entity", "name": "Voorbeeld Zuid B.V.",
                              "kvk": "23456789"}, follow=True,
    )
    assert "De onderliggende entiteit is toegevoegd." in response.content.decode()
    entity = organisation.entities.get()
    assert (entity.name, entity.kvk) == ("Voorbeeld Zuid B.V.", "23456789")
    (event,) = AuditEvent.objects.all()
    assert (event.actor, event.action, event.subject_id) == (alice, "entity_add", entity.pk)
    assert event.changes == {"kvk": "23456789"}


@pytest.mark.parametrize("kvk", ["12345678", "12345679"])
def test_a_kvk_number_already_in_the_scope_is_refused(kvk, login, alice, organisation, entity):
    response = login(alice).post(
        _page(organisation), {"action": "entity", "name": "Dubbel B.V.", "kvk": kvk}
    )
    assert response.status_code == 200
    assert response.context["entity_form"].errors["kvk"] == [
        "Dit KvK-nummer hoort al bij de organisatie."
    ]
    assert list(organisation.entities.all()) == [entity]
    assert not AuditEvent.objects.exists()


def test_a_member_deletes_an_entity(login, bob, organisation, entity):
    response = login(bob).post(_delete_url(organisation, entity), follow=True)
    assert response.redirect_chain == [(_page(organisation), 302)]
    assert "De onderliggende entiteit is verwijderd." in response.content.decode()
    assert not Entity.objects.filter(pk=entity.pk).exists()
    (event,) = AuditEvent.objects.all()
    assert (event.actor, event.action, event.subject_type, event.subject_id) == (
        bob, "entity_remove", "organisations.entity", entity.pk
    )


def test_an_outsider_gets_404_deleting_an_entity(login, charlie, organisation, entity):
    response = login(charlie).post(_delete_url(organisation, entity))
    assert response.status_code == 404
    assert Entity.objects.filter(pk=entity.pk).exists()
    assert not AuditEvent.objects.exists()


def test_an_entity_of_another_organisation_is_404_through_ones_own(
    login, alice, organisation, charlie
):
    other = charlie.memberships.get().organisation
    foreign = Entity.objects.create(organisation=other, name="Ander Noord B.V.", kvk="99887767")
    response = login(alice).post(_delete_url(organisation, foreign))
    assert response.status_code == 404
    assert Entity.objects.filter(pk=foreign.pk).exists()


def test_an_outsider_gets_404_changing_details_or_adding_an_entity(
    login, charlie, organisation
):
    client = login(charlie)
    assert client.post(_page(organisation), DETAILS).status_code == 404
    assert client.post(_page(organisation), {"action": "entity", "name": "X B.V.",
                                             "kvk": "23456789"}).status_code == 404
    organisation.refresh_from_db()
    assert organisation.sector == ""
    assert not organisation.entities.exists()
    assert not AuditEvent.objects.exists()


def test_after_deleting_it_only_returns_to_a_page_of_this_site(login, alice, organisation,
                                                               entity):
    response = login(alice).post(_delete_url(organisation, entity),
                                 {"next": "https://evil.example/"})
    assert response["Location"] == _page(organisation)


def test_an_organisation_without_members_is_404_to_everyone(login, alice):
    lonely = OrganisationFactory()
    assert login(alice).get(_page(lonely)).status_code == 404


def test_removing_an_entity_asks_for_confirmation_first(login, alice, organisation):
    entity = organisation.entities.create(name="Voorbeeld Noord B.V.", kvk="87654321")
    client = login(alice)
    page = client.get(_page(organisation)).content.decode()
    assert f'href="{_delete_url(organisation, entity)}?next=' in page
    confirm = client.get(_delete_url(organisation, entity))
    assert confirm.status_code == 200
    assert "Weet u zeker dat u Voorbeeld Noord B.V. (KvK 87654321)" in confirm.content.decode()
    assert organisation.entities.filter(pk=entity.pk).exists()
    client.post(_delete_url(organisation, entity))
    assert not organisation.entities.filter(pk=entity.pk).exists()


def test_an_outsider_gets_404_for_the_confirmation(login, charlie, organisation):
    entity = organisation.entities.create(name="Voorbeeld Noord B.V.", kvk="87654321")
    assert login(charlie).get(_delete_url(organisation, entity)).status_code == 404
