"""Only those who buy for the organisation see its portfolio: everyone else gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from psoportal.buyers.models import Supplier
from psoportal.buyers.services import buyer_activate
from psoportal.organisations.models import Membership, Organisation


@pytest.fixture
def supplier(buyer):
    return Supplier.objects.create(buyer=buyer, kvk="11111111", name="Een B.V.")


def _urls(organisation_id: int, supplier_id: int) -> list[tuple[str, str]]:
    org = [organisation_id]
    return [
        ("get", reverse("buyers:suppliers", args=org)),
        ("get", reverse("buyers:suppliers_export", args=[organisation_id, "csv"])),
        ("get", reverse("buyers:suppliers_export", args=[organisation_id, "xlsx"])),
        ("get", reverse("buyers:supplier_add", args=org)),
        ("post", reverse("buyers:supplier_add", args=org)),
        ("get", reverse("buyers:supplier_edit", args=[organisation_id, supplier_id])),
        ("post", reverse("buyers:supplier_edit", args=[organisation_id, supplier_id])),
        ("get", reverse("buyers:supplier_delete", args=[organisation_id, supplier_id])),
        ("post", reverse("buyers:supplier_delete", args=[organisation_id, supplier_id])),
        ("get", reverse("buyers:suppliers_import", args=org)),
        ("post", reverse("buyers:suppliers_import", args=org)),
        ("get", reverse("buyers:suppliers_template", args=[organisation_id, "csv"])),
    ]


def test_charlie_gets_404_on_every_portfolio_url(login, charlie, buyer, supplier):
    client = login(charlie)
    for method, url in _urls(buyer.organisation_id, supplier.pk):
        assert getattr(client, method)(url).status_code == 404, url
    assert Supplier.objects.filter(pk=supplier.pk).exists()


def test_charlie_gets_404_for_another_buyers_supplier_through_his_own_workspace(
        login, charlie, buyer, supplier):
    own = Organisation.objects.get(memberships__user=charlie,
                                   memberships__role=Membership.Role.ACCOUNTHOUDER)
    buyer_activate(organisation=own, by=charlie)
    client = login(charlie)
    assert client.get(reverse("buyers:suppliers", args=[own.pk])).status_code == 200
    for method, url in _urls(own.pk, supplier.pk):
        if f"/leveranciers/{supplier.pk}/" in url:
            assert getattr(client, method)(url).status_code == 404, url
    assert Supplier.objects.get(pk=supplier.pk).name == "Een B.V."


def test_an_organisation_without_the_workspace_on_has_no_portfolio(login, alice, organisation):
    client = login(alice)
    assert client.get(reverse("buyers:suppliers", args=[organisation.pk])).status_code == 404
