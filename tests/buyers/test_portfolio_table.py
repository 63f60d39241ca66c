"""The supplier table: the register's answer per supplier, filters, sorts, pages, counts; and
adding, changing and removing one supplier."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from psoportal.buyers.models import Niveau, Supplier
from psoportal.core.audit import AuditEvent
from tests.register.factories import certificate


def _category(buyer, niveau):
    return buyer.categories.filter(niveau=niveau).first()


def _supplier(buyer, kvk, name, niveau=None, **fields):
    category = _category(buyer, niveau) if niveau else None
    return Supplier.objects.create(buyer=buyer, kvk=kvk, name=name, category=category, **fields)


@pytest.fixture
def portfolio(buyer):
    today = dt.date.today()
    certificate(name="Zeker B.V.", kvks=["11111111"], level="trede_3",
                start=today - dt.timedelta(days=30))
    certificate(name="Kort B.V.", kvks=["22222222"], level="trede_1",
                start=today - dt.timedelta(days=30), end=today + dt.timedelta(days=200))
    return {
        "certified": _supplier(buyer, "11111111", "Zeker B.V.", Niveau.CONDITION,
                               required_level="trede_2"),
        "short": _supplier(buyer, "22222222", "Kort B.V.", Niveau.STRONGLY_ADVISED,
                           required_level="trede_2",
                           contract_end=today + dt.timedelta(days=400)),
        "missing": _supplier(buyer, "33333333", "Zonder B.V.", Niveau.CONDITION),
    }


def _url(buyer, **params):
    base = reverse("buyers:suppliers", args=[buyer.organisation_id])
    if params:
        from urllib.parse import urlencode
        base += "?" + urlencode(params)
    return base


def _names(response):
    return [row.supplier.name for row, _niveau in response.context["rows"]]


def test_the_table_shows_each_supplier_with_its_register_status(login, alice, buyer, portfolio):
    client = login(alice)
    response = client.get(_url(buyer))
    assert response.status_code == 200
    assert _names(response) == ["Kort B.V.", "Zeker B.V.", "Zonder B.V."]
    page = response.content.decode()
    assert "geen certificaat" in page
    assert "Trede 3" in page
    assert reverse("buyers:supplier_edit", args=[buyer.organisation_id,
                                                portfolio["missing"].pk]) in page
    counts = response.context["counts"]
    assert (counts.suppliers, counts.niveau1_without_valid, counts.expires_before_contract_end,
            counts.below_required) == (3, 1, 1, 1)


@pytest.mark.parametrize(("status", "expected"), [
    ("niveau1-zonder-certificaat", ["Zonder B.V."]),
    ("verloopt-voor-contracteinde", ["Kort B.V."]),
    ("lager-dan-vereist", ["Kort B.V."]),
])
def test_the_status_filter_keeps_only_the_suppliers_to_act_on(login, alice, buyer, portfolio,
                                                              status, expected):
    client = login(alice)
    response = client.get(_url(buyer, status=status))
    assert _names(response) == expected


def test_a_search_finds_a_supplier_by_name_or_kvk_number(login, alice, buyer, portfolio):
    client = login(alice)
    assert _names(client.get(_url(buyer, zoek="zeker"))) == ["Zeker B.V."]
    assert _names(client.get(_url(buyer, zoek="3333 3333"))) == ["Zonder B.V."]


def test_category_and_niveau_filters(login, alice, buyer, portfolio):
    client = login(alice)
    category = _category(buyer, Niveau.STRONGLY_ADVISED)
    assert _names(client.get(_url(buyer, categorie=category.pk))) == ["Kort B.V."]
    assert _names(client.get(_url(buyer, niveau=1))) == ["Zeker B.V.", "Zonder B.V."]


def test_sorting_by_level_puts_the_highest_first_when_asked(login, alice, buyer, portfolio):
    client = login(alice)
    assert _names(client.get(_url(buyer, sortering="-trede")))[0] == "Zeker B.V."
    assert _names(client.get(_url(buyer, sortering="-naam")))[0] == "Zonder B.V."


def test_a_wrong_filter_value_shows_a_message_not_an_error(login, alice, buyer, portfolio):
    client = login(alice)
    response = client.get(_url(buyer, status="alles-kwijt"))
    assert response.status_code == 200
    assert "Kies een van de mogelijkheden uit de lijst." in response.content.decode()
    assert "rows" not in response.context


def test_the_table_shows_twenty_five_suppliers_a_page(login, alice, buyer):
    for index in range(30):
        _supplier(buyer, f"7{index:07d}", f"Leverancier {index:02d}")
    client = login(alice)
    first = client.get(_url(buyer))
    assert len(first.context["rows"]) == 25
    second = client.get(_url(buyer, pagina=2))
    assert _names(second) == [f"Leverancier {index}" for index in range(25, 30)]


def test_the_table_takes_a_fixed_number_of_queries(login, alice, buyer,
                                                     django_assert_max_num_queries):
    for index in range(40):
        kvk = f"6{index:07d}"
        certificate(kvks=[kvk], start=dt.date.today() - dt.timedelta(days=10))
        _supplier(buyer, kvk, f"Leverancier {index}", Niveau.CONDITION)
    client = login(alice)
    client.get(_url(buyer))  # warm the session and caches
    with django_assert_max_num_queries(20):
        client.get(_url(buyer))


def _form(**overrides):
    data = {"kvk": "4444 4444", "name": "Nieuw B.V.", "category": "", "reference": "C-1",
            "contract_start": "01-01-2025", "contract_end": "31-12-2027",
            "required_level": "trede_1", "contract_value": "125.000,50",
            "social_return_percentage": ""}
    data.update(overrides)
    return data


def test_alice_adds_a_supplier_with_dutch_dates_and_amounts(login, alice, buyer):
    client = login(alice)
    category = _category(buyer, Niveau.CONDITION)
    response = client.post(reverse("buyers:supplier_add", args=[buyer.organisation_id]),
                           _form(category=category.pk))
    assert response.status_code == 302
    supplier = Supplier.objects.get(buyer=buyer)
    assert supplier.kvk == "44444444"
    assert supplier.contract_end == dt.date(2027, 12, 31)
    assert str(supplier.contract_value) == "125000.50"
    assert supplier.category == category
    assert AuditEvent.objects.filter(action="supplier_created").exists()


def test_a_kvk_number_already_in_the_portfolio_is_a_field_error(login, alice, buyer):
    _supplier(buyer, "44444444", "Bestaand B.V.")
    client = login(alice)
    response = client.post(reverse("buyers:supplier_add", args=[buyer.organisation_id]),
                           _form())
    assert response.status_code == 200
    assert "staat al in uw leveranciers" in response.context["form"].errors["kvk"][0]
    assert Supplier.objects.filter(buyer=buyer).count() == 1


def test_form_errors_say_what_to_fix(login, alice, buyer):
    client = login(alice)
    response = client.post(reverse("buyers:supplier_add", args=[buyer.organisation_id]),
                           _form(kvk="123", contract_end="31-12-2024", contract_value="12,345",
                                 required_level="trede_9", name="x" * 201))
    errors = response.context["form"].errors
    assert "8 cijfers" in errors["kvk"][0]
    assert "vóór het begin" in errors["contract_end"][0]
    assert "cijfers achter de komma" in errors["contract_value"][0]
    assert "Kies een trede" in errors["required_level"][0]
    assert "name" in errors
    assert not Supplier.objects.exists()


def test_the_form_limits_come_from_the_model():
    from psoportal.buyers.forms_portfolio import SupplierForm

    fields = SupplierForm.base_fields
    assert fields["name"].max_length == Supplier._meta.get_field("name").max_length
    assert fields["reference"].max_length == Supplier._meta.get_field("reference").max_length
    value = Supplier._meta.get_field("contract_value")
    assert fields["contract_value"].limit.max_digits == value.max_digits
    assert fields["contract_value"].limit.places == value.decimal_places


def test_alice_edits_and_deletes_a_supplier(login, alice, buyer):
    supplier = _supplier(buyer, "44444444", "Oud B.V.")
    client = login(alice)
    edit = reverse("buyers:supplier_edit", args=[buyer.organisation_id, supplier.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, _form(kvk="44444444", name="Nieuw B.V."))
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.name == "Nieuw B.V."
    delete = reverse("buyers:supplier_delete", args=[buyer.organisation_id, supplier.pk])
    assert client.get(delete).status_code == 200  # the confirmation; nothing deleted yet
    assert Supplier.objects.filter(pk=supplier.pk).exists()
    client.post(delete)
    assert not Supplier.objects.filter(pk=supplier.pk).exists()


def test_bob_the_colleague_works_in_the_portfolio_too(login, bob, buyer, portfolio):
    client = login(bob)
    assert client.get(_url(buyer)).status_code == 200
