import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _data(rekentool, **overrides):
    data = {
        "version": rekentool.version, "peiljaar_month": "1", "peiljaar_year": "2024",
        "fulltime_hours": "40", "total_fte": "60,5", "average_headcount": "70",
        "sw_seconded_out_fte": "",
    }
    data.update(overrides)
    return data


def test_it_saves_staff_figures_typed_with_a_decimal_comma(login, alice, rekentool):
    client = login(alice)
    response = client.post(reverse("mijnpso:data", args=[rekentool.pk]), _data(rekentool))
    assert response.status_code == 302
    rekentool.refresh_from_db()
    assert str(rekentool.total_fte) == "60.5000"
    assert rekentool.version == 2


def test_autosave_answers_htmx_with_a_saved_indicator(login, alice, rekentool):
    client = login(alice)
    response = client.post(
        reverse("mijnpso:data", args=[rekentool.pk]), _data(rekentool), HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "Opgeslagen om" in content
    assert 'hx-swap-oob="true"' in content
    assert 'value="2"' in content


def test_a_stale_form_from_a_colleague_does_not_overwrite(login, alice, bob, rekentool):
    stale = _data(rekentool, total_fte="70")
    login(alice).post(reverse("mijnpso:data", args=[rekentool.pk]), _data(rekentool))
    from django.test import Client

    response = login(bob, on=Client()).post(reverse("mijnpso:data", args=[rekentool.pk]), stale)
    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in response.content.decode()
    rekentool.refresh_from_db()
    assert str(rekentool.total_fte) == "60.5000"


def test_it_refuses_negative_fte_with_a_field_message(login, alice, rekentool):
    response = login(alice).post(
        reverse("mijnpso:data", args=[rekentool.pk]), _data(rekentool, total_fte="-3")
    )
    assert response.status_code == 200
    assert "field-invalid" in response.content.decode()
    rekentool.refresh_from_db()
    assert str(rekentool.total_fte) == "50.0000"


def _employee(**overrides):
    data = {
        "version": "1", "ref": "D-010", "category": "wajong", "contract": "regular",
        "hours_per_week": "36", "employed_from": "2023-01-01",
    }
    data.update(overrides)
    return data


def test_it_adds_a_target_group_employee(login, alice, rekentool):
    response = login(alice).post(
        reverse("mijnpso:target_group", args=[rekentool.pk]), _employee()
    )
    assert response.status_code == 302
    assert rekentool.employees.filter(ref="D-010", category="wajong").exists()


@pytest.mark.parametrize("ref", ["111222333", "ref-111222333"])
def test_it_refuses_a_bsn_as_reference(login, alice, rekentool, ref):
    response = login(alice).post(
        reverse("mijnpso:target_group", args=[rekentool.pk]), _employee(ref=ref)
    )
    assert "lijkt een BSN" in response.content.decode()
    assert not rekentool.employees.filter(ref=ref).exists()


def test_it_refuses_a_name_like_reference_with_spaces(login, alice, rekentool):
    response = login(alice).post(
        reverse("mijnpso:target_group", args=[rekentool.pk]), _employee(ref="Jan Jansen")
    )
    assert response.status_code == 200
    assert not rekentool.employees.filter(ref="Jan Jansen").exists()


def test_it_refuses_a_duplicate_reference(login, alice, rekentool):
    response = login(alice).post(
        reverse("mijnpso:target_group", args=[rekentool.pk]), _employee(ref="D-001")
    )
    assert "bestaat al" in response.content.decode()
    assert rekentool.employees.filter(ref="D-001").count() == 1


def test_it_refuses_an_end_date_before_the_start(login, alice, rekentool):
    response = login(alice).post(
        reverse("mijnpso:target_group", args=[rekentool.pk]),
        _employee(employed_until="2022-01-01"),
    )
    assert "ligt voor de datum van indiensttreding" in response.content.decode()


def test_it_edits_and_removes_an_employee(login, alice, rekentool):
    client = login(alice)
    employee = rekentool.employees.get(ref="D-003")
    client.post(
        reverse("mijnpso:employee_edit", args=[rekentool.pk, employee.pk]),
        _employee(ref="D-003", category="ww", hours_per_week="40", version=employee.version),
    )
    employee.refresh_from_db()
    assert employee.hours_per_week == 40
    client.post(reverse("mijnpso:employee_delete", args=[rekentool.pk, employee.pk]))
    assert not rekentool.employees.filter(ref="D-003").exists()


def test_a_stale_row_edit_is_refused(login, alice, rekentool):
    client = login(alice)
    employee = rekentool.employees.get(ref="D-003")
    url = reverse("mijnpso:employee_edit", args=[rekentool.pk, employee.pk])
    client.post(url, _employee(ref="D-003", category="ww", version=employee.version))
    response = client.post(url, _employee(ref="D-003", category="wia", version=employee.version))
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in response.content.decode()


def test_it_adds_a_purchase_and_refuses_an_amount_above_turnover(login, alice, rekentool):
    client = login(alice)
    url = reverse("mijnpso:purchases", args=[rekentool.pk])
    purchase = {
        "version": "1", "supplier": "Groen B.V.", "kvk": "11223344", "kind": "pso_certified",
        "amount": "100.000,00", "supplier_turnover": "2.000.000", "supplier_weighted_fte": "20",
    }
    assert client.post(url, purchase).status_code == 302
    too_much = {**purchase, "amount": "3.000.000"}
    response = client.post(url, too_much)
    assert "hoger dan de omzet" in response.content.decode()
    assert rekentool.purchases.count() == 1


def test_it_edits_a_purchase_and_refuses_a_stale_edit(login, alice, rekentool):
    purchase = rekentool.purchases.create(
        supplier="Groen B.V.", kind="pso_certified", amount=1000, supplier_turnover=100000,
        supplier_weighted_fte=5,
    )
    client = login(alice)
    url = reverse("mijnpso:purchase_edit", args=[rekentool.pk, purchase.pk])
    data = {
        "version": purchase.version, "supplier": "Groen B.V.", "kvk": "", "kind": "sw_company",
        "amount": "2.000,00", "supplier_turnover": "100000", "supplier_weighted_fte": "5",
    }
    assert client.post(url, data).status_code == 302
    purchase.refresh_from_db()
    assert (purchase.kind, purchase.amount) == ("sw_company", 2000)
    response = client.post(url, data)
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in response.content.decode()
