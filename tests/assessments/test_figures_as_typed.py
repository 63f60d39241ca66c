"""A stored figure is shown in its form as the user typed it: 59,6 and not 59,6000 (issue 9
§14). Amounts keep their cents."""

from decimal import Decimal

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_figures_show_without_the_columns_trailing_zeros(login, alice, rekentool):
    rekentool.total_fte = Decimal("59.6")
    rekentool.average_headcount = Decimal("62")
    rekentool.save()
    content = login(alice).get(reverse("mijnpso:data", args=[rekentool.pk])).content.decode()
    assert 'value="59,6"' in content
    assert 'value="62"' in content
    assert "59,6000" not in content


def test_a_purchase_amount_keeps_its_cents(login, alice, rekentool):
    purchase = rekentool.purchases.create(
        supplier="SW Bedrijf", kind="sw_company", amount=Decimal("1500"),
        supplier_turnover=Decimal("1000000"), supplier_weighted_fte=Decimal("10.5"),
    )
    content = login(alice).get(
        reverse("mijnpso:purchase_edit", args=[rekentool.pk, purchase.pk])).content.decode()
    assert 'value="1500,00"' in content
    assert 'value="10,5"' in content
