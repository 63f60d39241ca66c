import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
from tests.assessments.conftest import count_engine_calls

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
    client.get(reverse("mijnpso:result", args=[rekentool.pk]))  # scores and stores
    content = client.get(reverse("mijnpso:rekentools", args=[rekentool.organisation_id])).content
    assert "Peiljaar 2024" in content.decode()
    assert "Trede 2" in content.decode()
    assert "5,20" in content.decode()


def test_the_list_never_scores_and_says_which_rekentools_are_not_scored_yet(
    login, alice, rekentool, monkeypatch
):
    client = login(alice)
    calls = count_engine_calls(monkeypatch)
    content = client.get(
        reverse("mijnpso:rekentools", args=[rekentool.organisation_id])
    ).content.decode()
    assert calls == []
    assert "nog niet berekend" in content
    assert reverse("mijnpso:result", args=[rekentool.pk]) in content


def test_the_list_shows_a_stored_level_as_out_of_date_after_a_change(login, alice, rekentool):
    client = login(alice)
    client.get(reverse("mijnpso:result", args=[rekentool.pk]))
    list_url = reverse("mijnpso:rekentools", args=[rekentool.organisation_id])
    assert "nog niet berekend" not in client.get(list_url).content.decode()
    client.post(reverse("mijnpso:data", args=[rekentool.pk]), {
        "version": rekentool.version, "peiljaar_month": "1", "peiljaar_year": "2024",
        "fulltime_hours": "40", "total_fte": "60", "average_headcount": "55",
        "sw_seconded_out_fte": "0",
    })
    assert "nog niet berekend" in client.get(list_url).content.decode()



def _scored_rekentools(organisation, client, numbers) -> None:
    for n in numbers:
        tool = Rekentool.objects.create(
            organisation=organisation, name=f"Scenario {n}",
            peiljaar_start=dt.date(2024, 1, 1), total_fte=Decimal("50"),
        )
        for m in range(n * 3):
            TargetGroupEmployee.objects.create(
                rekentool=tool, ref=f"S{n}-{m}", category="wia", contract="regular",
                hours_per_week=Decimal("32"), employed_from=dt.date(2020, 1, 1),
            )
        Purchase.objects.create(
            rekentool=tool, supplier="Groen B.V.", kind="pso_certified", amount=1000,
            supplier_turnover=100000, supplier_weighted_fte=10,
        )
        client.get(reverse("mijnpso:result", args=[tool.pk]))


def test_the_list_takes_the_same_number_of_queries_for_1_or_5_rekentools(
    login, alice, organisation
):
    client = login(alice)
    url = reverse("mijnpso:rekentools", args=[organisation.pk])
    _scored_rekentools(organisation, client, range(1))
    client.get(url)  # session bookkeeping settles
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _scored_rekentools(organisation, client, range(1, 5))
    with CaptureQueriesContext(connection) as five:
        content = client.get(url).content.decode()
    assert all(f"Scenario {n}</a>" in content for n in range(5))
    assert "nog niet berekend" not in content
    # Today: session, user, session list, organisation access, entities, and the rekentools
    # with their stored scores in one query; none per rekentool.
    assert len(five) == len(one)


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
