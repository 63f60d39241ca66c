"""Outsiders get 404 on every rekentool page; members of the organisation get in."""

import io
import json

import openpyxl
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


HTML_PAGES = [
    "mijnpso:data", "mijnpso:target_group", "mijnpso:purchases", "mijnpso:result",
    "mijnpso:qualitative", "mijnpso:copy", "mijnpso:delete", "mijnpso:import",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("name", HTML_PAGES)
def test_a_colleague_opens_every_rekentool_page_of_their_organisation(name, login, bob, rekentool):
    response = login(bob).get(reverse(name, args=[rekentool.pk]))
    assert response.status_code == 200
    assert response.context["rekentool"] == rekentool
    assert "Peiljaar 2024" in response.content.decode()


def test_a_colleague_opening_a_rekentool_lands_on_its_first_unfinished_step(
    login, bob, rekentool
):
    response = login(bob).get(reverse("mijnpso:rekentool", args=[rekentool.pk]))
    assert response["Location"] == reverse("mijnpso:qualitative", args=[rekentool.pk])


def test_a_colleague_exports_the_rekentool_as_json(login, bob, rekentool):
    response = login(bob).get(reverse("mijnpso:export", args=[rekentool.pk, "json"]))
    assert response["Content-Type"] == "application/json"
    document = json.loads(b"".join(response.streaming_content) if response.streaming
                          else response.content)
    assert sorted(row["ref"] for row in document["target_group"]) == ["D-001", "D-002", "D-003"]


@pytest.mark.parametrize("name", ["mijnpso:export", "mijnpso:target_group_template"])
def test_a_colleague_downloads_the_workbooks(name, login, bob, rekentool):
    response = login(bob).get(reverse(name, args=[rekentool.pk, "xlsx"]))
    assert response["Content-Type"] == XLSX
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert openpyxl.load_workbook(io.BytesIO(body)).sheetnames


def test_an_outsider_cannot_change_or_delete_a_rekentool(login, charlie, rekentool):
    client = login(charlie)
    employee = rekentool.employees.first()
    for url in [
        reverse("mijnpso:delete", args=[rekentool.pk]),
        reverse("mijnpso:employee_delete", args=[rekentool.pk, employee.pk]),
        reverse("mijnpso:data", args=[rekentool.pk]),
        reverse("mijnpso:qualitative", args=[rekentool.pk]),
    ]:
        assert client.post(url, {"version": 1, "total_fte": "1",
                                 "passend_werk__0": "ja"}).status_code == 404
    assert rekentool.employees.count() == 3
    rekentool.refresh_from_db()
    assert (rekentool.version, rekentool.total_fte, rekentool.qualitative) == (1, 50, {})


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
