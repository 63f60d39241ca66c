"""The portfolio selector: one row per supplier with the register's answer on a day."""

from __future__ import annotations

import datetime as dt

import pytest

from psoportal.buyers.models import Niveau, PurchasingCategory, Supplier
from psoportal.buyers.portfolio import NO_CERTIFICATE, portfolio_rows
from tests.register.factories import certificate

ON = dt.date(2025, 6, 1)


@pytest.fixture
def categories(buyer):
    return {
        niveau: PurchasingCategory.objects.create(buyer=buyer, name=f"Categorie {niveau}",
                                                  niveau=niveau)
        for niveau in Niveau.values
    }


def _supplier(buyer, kvk, name, category=None, **fields):
    return Supplier.objects.create(buyer=buyer, kvk=kvk, name=name, category=category, **fields)


def test_a_supplier_without_a_certificate_in_a_niveau_1_category_is_flagged(buyer, categories):
    _supplier(buyer, "11111111", "Zonder B.V.", categories[Niveau.CONDITION])
    [row] = portfolio_rows(buyer, on=ON)
    assert row.status == NO_CERTIFICATE
    assert row.niveau1_without_valid


def test_a_certified_supplier_shows_its_level_status_and_verification_page(buyer, categories):
    made = certificate(name="Met B.V.", kvks=["22222222"], level="trede_2",
                       start=dt.date(2025, 1, 1), pso30plus=False)
    certificate(name="Met B.V.", kvks=["22222222"], level="trede_3", pso30plus=True,
                start=dt.date(2025, 1, 1))
    _supplier(buyer, "22222222", "Met B.V.", categories[Niveau.CONDITION],
              required_level="trede_2", contract_end=dt.date(2030, 1, 1))
    [row] = portfolio_rows(buyer, on=ON)
    assert row.status == "valid"
    assert row.in_force and not row.niveau1_without_valid
    assert row.level_label == "Trede 2"
    assert row.pso30plus
    assert row.meets_required is True
    assert row.certificate_url == f"/certificaat/{made.verification_code}/"
    assert row.expires_before_contract_end  # ends 31-12-2026, the contract runs to 2030


def test_a_level_below_the_required_level_does_not_meet_it(buyer, categories):
    certificate(kvks=["33333333"], level="trede_1", start=dt.date(2025, 1, 1))
    _supplier(buyer, "33333333", "Laag B.V.", categories[Niveau.RECOMMENDED],
              required_level="trede_2")
    [row] = portfolio_rows(buyer, on=ON)
    assert row.meets_required is False and row.below_required


def test_an_expired_certificate_is_named_but_not_in_force(buyer, categories):
    certificate(kvks=["44444444"], level="trede_3", start=dt.date(2022, 1, 1))
    _supplier(buyer, "44444444", "Verlopen B.V.", categories[Niveau.CONDITION])
    [row] = portfolio_rows(buyer, on=ON)
    assert row.status == "expired"
    assert not row.in_force and row.niveau1_without_valid
    assert row.certificate_number


def test_no_level_required_is_neither_met_nor_missed(buyer):
    _supplier(buyer, "55555555", "Vrij B.V.")
    [row] = portfolio_rows(buyer, on=ON)
    assert row.meets_required is None and row.niveau is None and not row.niveau1_without_valid


def test_the_rows_take_a_fixed_number_of_queries(buyer, categories, django_assert_max_num_queries):
    for index in range(30):
        kvk = f"6{index:07d}"
        certificate(kvks=[kvk], start=dt.date(2022 + index % 4, 1, 1))
        _supplier(buyer, kvk, f"Leverancier {index}", categories[Niveau.CONDITION])
    with django_assert_max_num_queries(4):
        rows = portfolio_rows(buyer, on=ON)
    assert len(rows) == 30
