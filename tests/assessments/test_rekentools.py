import pytest
from django.urls import reverse

from psoportal.assessments.models import Rekentool

pytestmark = pytest.mark.django_db


def test_it_creates_a_rekentool_with_a_twelve_month_peiljaar(login, alice, organisation):
    client = login(alice)
    response = client.post(
        reverse("mijnpso:rekentools", args=[organisation.pk]),
        {"name": "Scenario A", "peiljaar_month": "4", "peiljaar_year": "2024"},
    )
    tool = Rekentool.objects.get(name="Scenario A")
    assert response.status_code == 302
    assert response["Location"] == reverse("mijnpso:data", args=[tool.pk])
    assert tool.peiljaar_start.isoformat() == "2024-04-01"
    assert tool.peiljaar_end.isoformat() == "2025-03-31"


def test_it_lists_rekentools_with_their_provisional_level(login, alice, rekentool, all_yes):
    rekentool.qualitative = all_yes
    rekentool.save()
    client = login(alice)
    content = client.get(reverse("mijnpso:rekentools", args=[rekentool.organisation_id])).content
    assert "Peiljaar 2024" in content.decode()
    assert "Trede 2" in content.decode()
    assert "5,20" in content.decode()


def test_it_shows_the_handbook_version_in_force(login, alice, organisation):
    content = login(alice).get(reverse("mijnpso:rekentools", args=[organisation.pk])).content
    assert "versie 2.2" in content.decode()


def test_it_copies_a_rekentool_with_all_rows(login, alice, rekentool):
    client = login(alice)
    response = client.post(reverse("mijnpso:copy", args=[rekentool.pk]), {"name": "Kopie"})
    copy = Rekentool.objects.get(name="Kopie")
    assert response.status_code == 302
    assert copy.employees.count() == 3
    assert copy.total_fte == rekentool.total_fte
    assert rekentool.employees.count() == 3


def test_it_asks_for_confirmation_before_deleting(login, alice, rekentool):
    client = login(alice)
    page = client.get(reverse("mijnpso:delete", args=[rekentool.pk]))
    assert "definitief verwijderen" in page.content.decode()
    assert Rekentool.objects.filter(pk=rekentool.pk).exists()
    client.post(reverse("mijnpso:delete", args=[rekentool.pk]))
    assert not Rekentool.objects.filter(pk=rekentool.pk).exists()


def test_it_compares_two_rekentools_side_by_side(login, alice, rekentool):
    client = login(alice)
    client.post(reverse("mijnpso:copy", args=[rekentool.pk]), {"name": "Scenario B"})
    other = Rekentool.objects.get(name="Scenario B")
    other.total_fte = 100
    other.save()
    content = client.get(
        reverse("mijnpso:compare", args=[rekentool.organisation_id]),
        {"a": rekentool.pk, "b": other.pk},
    ).content.decode()
    assert "Scenario B" in content
    assert "5,20" in content  # T = 50
    assert "2,60" in content  # T = 100


def test_opening_a_rekentool_jumps_to_the_first_step_that_needs_work(login, alice, organisation):
    tool = Rekentool.objects.create(organisation=organisation, name="Leeg")
    response = login(alice).get(reverse("mijnpso:rekentool", args=[tool.pk]))
    assert response["Location"] == reverse("mijnpso:data", args=[tool.pk])
