"""Outsiders get 404 on every rekentool page; members of the organisation get in."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REKENTOOL_PAGES = [
    ("mijnpso:rekentool", {}), ("mijnpso:data", {}), ("mijnpso:target_group", {}),
    ("mijnpso:purchases", {}), ("mijnpso:result", {}), ("mijnpso:qualitative", {}),
    ("mijnpso:copy", {}), ("mijnpso:delete", {}), ("mijnpso:import", {}),
    ("mijnpso:export", {"fmt": "json"}), ("mijnpso:export", {"fmt": "xlsx"}),
    ("mijnpso:target_group_template", {"fmt": "xlsx"}),
]


@pytest.mark.parametrize(("name", "extra"), REKENTOOL_PAGES)
def test_an_outsider_gets_404_on_every_rekentool_page(name, extra, login, charlie, rekentool):
    client = login(charlie)
    url = reverse(name, kwargs={"rekentool_id": rekentool.pk, **extra})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("name", "extra"), REKENTOOL_PAGES)
def test_a_colleague_can_open_every_rekentool_page(name, extra, login, bob, rekentool):
    client = login(bob)
    response = client.get(reverse(name, kwargs={"rekentool_id": rekentool.pk, **extra}))
    assert response.status_code in (200, 302)


def test_an_outsider_cannot_change_or_delete_a_rekentool(login, charlie, rekentool):
    client = login(charlie)
    employee = rekentool.employees.first()
    for url in [
        reverse("mijnpso:delete", args=[rekentool.pk]),
        reverse("mijnpso:employee_delete", args=[rekentool.pk, employee.pk]),
        reverse("mijnpso:data", args=[rekentool.pk]),
    ]:
        assert client.post(url, {"version": 1}).status_code == 404
    assert rekentool.employees.count() == 3


@pytest.mark.parametrize("name", ["mijnpso:organisation", "mijnpso:rekentools", "mijnpso:compare"])
def test_an_outsider_gets_404_on_the_organisation_pages(name, login, charlie, organisation):
    client = login(charlie)
    assert client.get(reverse(name, args=[organisation.pk])).status_code == 404


def test_a_row_is_only_reachable_through_its_own_rekentool(login, alice, rekentool, organisation):
    other = organisation.rekentools.create(name="Tweede scenario")
    employee = rekentool.employees.first()
    client = login(alice)
    edit = reverse("mijnpso:employee_edit", args=[other.pk, employee.pk])
    delete = reverse("mijnpso:employee_delete", args=[other.pk, employee.pk])
    assert client.get(edit).status_code == 404
    assert client.post(delete).status_code == 404
    assert rekentool.employees.filter(pk=employee.pk).exists()
