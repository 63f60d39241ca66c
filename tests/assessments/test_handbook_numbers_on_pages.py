"""Pages and forms take the scheme's numbers and level names from the handbook in force.

A handbook with other numbers (a 75 % cap, 3 fte minimum, 24 hours a baan, 35 % for PSO 30+,
"Niveau" instead of "Trede", 60 hours a week at most) must change every page that shows them.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.assessments.models import Purchase
from psoportal.methodology.handbook import handbook_for

pytestmark = pytest.mark.django_db


def _renamed(level):
    return dataclasses.replace(
        level,
        label_nl=level.label_nl.replace("Trede", "Niveau").replace("Aspirant-status", "Instap"),
    )


@pytest.fixture
def other_handbook(monkeypatch):
    hb = handbook_for(timezone.localdate())
    other = dataclasses.replace(
        hb,
        indirect_max_share_pct=Decimal("75"),
        minimum_fte=Decimal("3"),
        banenafspraak=dataclasses.replace(hb.banenafspraak, hours_per_baan=Decimal("24")),
        pso30plus=dataclasses.replace(hb.pso30plus, minimum_pct=Decimal("35")),
        levels=tuple(_renamed(level) for level in hb.levels),
        limits=dataclasses.replace(
            hb.limits, hours_per_week_max=Decimal("60"), fulltime_hours_max=Decimal("45")
        ),
    )
    monkeypatch.setattr("psoportal.assessments.selectors.handbook_for", lambda on: other)
    monkeypatch.setattr("psoportal.core.views.handbook_for", lambda on: other)
    monkeypatch.setattr("psoportal.assessments.forms.handbook_for", lambda on: other)
    return other


def test_the_result_page_shows_the_numbers_of_the_handbook_in_force(
    login, alice, rekentool, all_yes, other_handbook
):
    rekentool.qualitative = all_yes
    rekentool.save()
    Purchase.objects.create(
        rekentool=rekentool, supplier="SW Bedrijf", kind="sw_company", amount=900000,
        supplier_turnover=1000000, supplier_weighted_fte=100,
    )
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert "hoogstens 75\u00a0% van het totaal zijn (3 × de directe bijdrage)" in content
    assert "Het indirecte deel is begrensd tot 75\u00a0% van het totaal." in content
    assert "banen van 24 uur" in content
    assert "alleen met Niveau 3 en minstens 35\u00a0%" in content
    assert ">Niveau 3<" in content  # the highest level, reached with the purchases
    assert "Trede" not in content
    assert not re.search(r"(?<![\d,.])80[ \u00a0]%", content) and "25,5" not in content


def test_the_result_page_names_the_fallback_level_and_the_minimum_from_the_handbook(
    login, alice, rekentool, other_handbook
):
    # 2,5 fte with one target-group employee: certifiable under 2.2 (2 fte), not under 3 fte.
    rekentool.employees.exclude(ref="D-001").delete()
    rekentool.total_fte = Decimal("2.5")
    rekentool.save()
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert "Met minder dan 3 fte kan een organisatie niet gecertificeerd worden." in content
    assert "Vanaf 3 fte kan een organisatie gecertificeerd worden." in content


def test_the_purchases_page_states_the_cap_of_the_handbook_in_force(
    login, alice, rekentool, other_handbook
):
    content = login(alice).get(
        reverse("mijnpso:purchases", args=[rekentool.pk])
    ).content.decode()
    assert "Het indirecte deel is hoogstens 75\u00a0% van het totaal." in content


def test_the_home_page_ladder_uses_the_levels_of_the_handbook_in_force(client, other_handbook):
    content = client.get(reverse("core:home")).content.decode()
    for level in other_handbook.levels:
        assert f"<strong>{level.label_nl}</strong>" in content
    assert "minstens Niveau 1 te halen" in content
    assert "Met minstens 35\u00a0% medewerkers uit de doelgroep" in content
    assert "Trede" not in content


def test_hours_per_week_are_bounded_by_the_handbook_in_force(
    login, alice, rekentool, other_handbook
):
    client = login(alice)
    url = reverse("mijnpso:target_group", args=[rekentool.pk])
    employee = {"version": "1", "ref": "D-010", "category": "wajong", "contract": "regular",
                "employed_from": "2023-01-01"}
    response = client.post(url, {**employee, "hours_per_week": "61"})
    assert response.context["form"].errors["hours_per_week"] == [
        "Vul een getal in van ten hoogste 60."
    ]
    assert client.post(url, {**employee, "hours_per_week": "60"}).status_code == 302


def test_full_time_hours_are_bounded_by_the_handbook_in_force(
    login, alice, rekentool, organisation, other_handbook
):
    client = login(alice)
    response = client.post(reverse("mijnpso:data", args=[rekentool.pk]), {
        "version": rekentool.version, "peiljaar_month": "1", "peiljaar_year": "2024",
        "fulltime_hours": "46", "total_fte": "50", "average_headcount": "55",
    })
    assert response.context["form"].errors["fulltime_hours"] == [
        "Vul een getal in van ten hoogste 45."
    ]
    assert "Bepaalt de auditduur bij een Instap." in response.content.decode()
    response = client.post(reverse("mijnpso:organisation", args=[organisation.pk]), {
        "sector": "", "website": "", "street": "", "postcode": "", "city": "",
        "fulltime_hours": "46",
    })
    assert response.context["details_form"].errors["fulltime_hours"] == [
        "Vul een getal in van ten hoogste 45."
    ]
