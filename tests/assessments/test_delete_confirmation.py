"""Deleting a 3C row or a 3D purchase asks first; a second identical purchase gets a warning."""

from __future__ import annotations

from decimal import Decimal

import pytest

from psoportal.assessments.models import Purchase

pytestmark = pytest.mark.django_db


@pytest.fixture
def purchase(rekentool):
    return Purchase.objects.create(rekentool=rekentool, supplier="Groen Werkt B.V.",
                                   kvk="12345678", kind="pso_certified", amount=Decimal("1575"),
                                   supplier_turnover=Decimal("100000"),
                                   supplier_weighted_fte=Decimal("2"))


def test_the_table_links_to_a_confirm_page_instead_of_deleting_at_once(
    client, alice, login, rekentool, purchase
):
    login(alice)
    employee = rekentool.employees.first()
    url = f"/mijnpso/rekentool/{rekentool.pk}/doelgroep/{employee.pk}/verwijderen/"
    assert f'<a href="{url}">' in client.get(f"/mijnpso/rekentool/{rekentool.pk}/doelgroep/"
                                             ).content.decode()
    page = client.get(url).content.decode()
    assert "Weet u zeker dat u medewerker D-001 wilt verwijderen?" in page
    assert f'<form method="post" action="{url}">' in page
    assert rekentool.employees.filter(pk=employee.pk).exists()

    client.post(url)
    assert not rekentool.employees.filter(pk=employee.pk).exists()


def test_a_purchase_is_deleted_only_after_the_confirm_page(client, alice, login, rekentool,
                                                           purchase):
    login(alice)
    url = f"/mijnpso/rekentool/{rekentool.pk}/inkopen/{purchase.pk}/verwijderen/?pagina=2"
    page = client.get(url).content.decode()
    assert "Weet u zeker dat u de inkoop bij Groen Werkt B.V. van €\u00a01.575,00" in page
    assert f'href="/mijnpso/rekentool/{rekentool.pk}/inkopen/?pagina=2"' in page  # Annuleren
    assert Purchase.objects.filter(pk=purchase.pk).exists()
    client.post(url)
    assert not Purchase.objects.filter(pk=purchase.pk).exists()


def _add(client, rekentool, **extra):
    return client.post(f"/mijnpso/rekentool/{rekentool.pk}/inkopen/", {
        "version": 1, "supplier": "Groen Werkt", "kvk": "12345678", "kind": "pso_certified",
        "amount": "1575", "supplier_turnover": "100000", "supplier_weighted_fte": "2", **extra,
    })


def test_the_same_amount_from_the_same_supplier_is_warned_about_and_not_added(
    client, alice, login, rekentool, purchase
):
    login(alice)
    response = _add(client, rekentool)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="duplicate-warning"' in html
    assert "Er staat al een inkoop bij Groen Werkt B.V. van €\u00a01.575,00" in html
    assert rekentool.purchases.count() == 1

    _add(client, rekentool, duplicate_ok="1")
    assert rekentool.purchases.count() == 2


def test_a_different_amount_is_added_without_a_warning(client, alice, login, rekentool,
                                                        purchase):
    login(alice)
    response = _add(client, rekentool, amount="1600")
    assert response.status_code == 302
    assert rekentool.purchases.count() == 2
