"""Mijn overzicht: where Alice lands after logging in (issue 9 §4)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from psoportal.assessments.models import Rekentool
from psoportal.assessments.services import rekentool_update
from psoportal.organisations.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("mijnpso:dashboard")


def _overview(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    return response.content.decode()


def _card_of(content, name):
    start = content.index(f">{name}</a></h4>")
    return content[start:content.index("</li>", start)]


def test_it_shows_the_organisation_and_its_rekentools_with_peiljaar(login, alice, rekentool):
    content = _overview(login(alice))
    assert "<h1>Mijn overzicht</h1>" in content
    assert "Voorbeeld B.V." in content and "KvK-nummer 12345678" in content
    card = _card_of(content, "Peiljaar 2024")
    assert "01-01-2024 – 31-12-2024" in card


def test_the_last_change_names_who_and_when(login, alice, bob, rekentool):
    rekentool_update(rekentool=rekentool, user=bob, expected_version=rekentool.version,
                     name="Peiljaar 2024")
    content = _overview(login(alice))
    card = _card_of(content, "Peiljaar 2024")
    assert "door Bob Collega" in card
    rekentool.refresh_from_db()
    assert timezone.localtime(rekentool.updated_at).strftime("%d-%m-%Y %H:%M") in card


def test_a_scored_rekentool_shows_its_level_and_that_step_5_is_next(login, alice, rekentool):
    client = login(alice)
    client.get(reverse("mijnpso:result", args=[rekentool.pk]))  # scores and stores
    card = _card_of(_overview(client), "Peiljaar 2024")
    assert "Trede 2" in card
    assert "stap 5 open" in card
    assert reverse("mijnpso:qualitative", args=[rekentool.pk]) in card
    assert "Beantwoord de kwalitatieve vragen (stap 5)" in card


def test_with_step_5_answered_it_shows_the_final_level(login, alice, rekentool, all_yes):
    rekentool.qualitative = all_yes
    rekentool.save()
    client = login(alice)
    client.get(reverse("mijnpso:result", args=[rekentool.pk]))
    card = _card_of(_overview(client), "Peiljaar 2024")
    assert "<strong>Trede 2</strong>" in card
    assert "stap 5 open" not in card


def test_a_rekentool_without_target_group_rows_is_told_to_fill_in_step_3c(
    login, alice, organisation
):
    tool = Rekentool.objects.create(
        organisation=organisation, name="Nieuw scenario", peiljaar_start=dt.date(2025, 1, 1),
        total_fte=Decimal("20"), created_by=alice,
    )
    card = _card_of(_overview(login(alice)), "Nieuw scenario")
    assert "Vul stap 3C in" in card
    assert reverse("mijnpso:target_group", args=[tool.pk]) in card


def test_a_rekentool_without_staff_figures_is_told_to_fill_in_step_3a(login, alice, organisation):
    tool = Rekentool.objects.create(organisation=organisation, name="Leeg",
                                    peiljaar_start=dt.date(2025, 1, 1), created_by=alice)
    card = _card_of(_overview(login(alice)), "Leeg")
    assert "Vul stap 3A in" in card
    assert reverse("mijnpso:data", args=[tool.pk]) in card


def test_it_keeps_room_for_application_certificate_and_invoices(login, alice, rekentool):
    content = _overview(login(alice))
    for heading in ("Aanvraag", "Certificaat", "Facturen"):
        assert f">{heading}</h3>" in content


def test_a_new_organisation_starts_at_step_1(login, alice):
    response = login(alice).get(OVERVIEW)
    assert response.status_code == 302
    assert response["Location"] == reverse("mijnpso:organisation", args=[alice.memberships.get()
                                                                         .organisation_id])


def test_the_overview_takes_the_same_number_of_queries_for_1_or_10_rekentools(
    login, alice, organisation, rekentool
):
    client = login(alice)
    counts = []
    for extra in (0, 9):
        for n in range(extra):
            tool = Rekentool.objects.create(
                organisation=organisation, name=f"Scenario {n}",
                peiljaar_start=dt.date(2024, 1, 1), total_fte=Decimal("50"), created_by=alice)
            tool.employees.create(ref="X-1", category="wia", contract="regular",
                                  hours_per_week=Decimal("40"),
                                  employed_from=dt.date(2018, 1, 1),
                                  inflow_date=dt.date(2018, 1, 1))
        client.get(OVERVIEW)
        with CaptureQueriesContext(connection) as queries:
            content = _overview(client)
        assert content.count('class="overview-rekentool"') == 1 + extra
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_it_shows_only_the_users_own_organisations(login, alice, charlie, rekentool):
    content = login(charlie).get(OVERVIEW, follow=True).content.decode()
    assert "Ander Bedrijf B.V." in content
    assert "Voorbeeld B.V." not in content
    assert "Peiljaar 2024" not in content


def test_a_member_of_two_organisations_sees_both(login, alice, rekentool):
    other = OrganisationFactory(name="Tweede Bedrijf B.V.")
    MembershipFactory(organisation=other, user=alice, role=Membership.Role.COLLEGA)
    content = _overview(login(alice))
    assert "Voorbeeld B.V." in content and "Tweede Bedrijf B.V." in content
    assert "Deze organisatie heeft nog geen rekentool." in content
