"""Comparing two rekentools: a form to pick them, never the same one twice, the whole peiljaar
and the difference B − A."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from psoportal.assessments.models import Rekentool

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario_b(rekentool):
    """A copy of rule book §12 example 1 with T = 100 and another peiljaar."""
    other = Rekentool.objects.create(
        organisation=rekentool.organisation, name="Scenario B",
        peiljaar_start=dt.date(2024, 7, 1), total_fte=100, average_headcount=55,
    )
    for employee in rekentool.employees.all():
        employee.pk = None
        employee.rekentool = other
        employee.save()
    return other


def _compare(client, rekentool, **params):
    return client.get(reverse("mijnpso:compare", args=[rekentool.organisation_id]), params)


def test_without_parameters_the_page_offers_a_form_to_pick_two(login, alice, rekentool,
                                                               scenario_b):
    response = _compare(login(alice), rekentool)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'method="get"' in content
    assert 'name="a"' in content and 'name="b"' in content
    assert f'<option value="{scenario_b.pk}" selected>' in content
    assert "Verschil (B − A)" not in content


def test_two_rekentools_are_shown_with_the_difference_b_minus_a(login, alice, rekentool,
                                                                scenario_b):
    response = _compare(login(alice), rekentool, a=rekentool.pk, b=scenario_b.pk)
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert "Verschil (B − A)" in content
    assert "5,20\u00a0%" in content  # A: T = 50
    assert "2,60\u00a0%" in content  # B: T = 100
    assert "-2,60\u00a0%" in content  # B − A
    assert "+50,00" in content  # T grows by 50 fte


def test_the_whole_peiljaar_of_each_rekentool_is_shown(login, alice, rekentool, scenario_b):
    content = _compare(login(alice), rekentool, a=rekentool.pk, b=scenario_b.pk).content.decode()
    assert "01-01-2024 – 31-12-2024" in content
    assert "01-07-2024 – 30-06-2025" in content


def test_the_same_rekentool_twice_is_refused_with_a_dutch_field_error(login, alice, rekentool,
                                                                      scenario_b):
    response = _compare(login(alice), rekentool, a=rekentool.pk, b=rekentool.pk)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Kies een andere rekentool dan A" in content
    assert "Verschil (B − A)" not in content


def test_a_rekentool_of_another_organisation_is_a_404(login, alice, charlie, rekentool,
                                                      scenario_b):
    from psoportal.organisations.models import Organisation

    foreign_org = Organisation.objects.exclude(pk=rekentool.organisation_id).get()
    foreign = Rekentool.objects.create(organisation=foreign_org, name="Geheim")
    response = _compare(login(alice), rekentool, a=rekentool.pk, b=foreign.pk)
    assert response.status_code == 404


def test_an_outsider_gets_404_for_the_comparison(login, charlie, rekentool, scenario_b):
    response = _compare(login(charlie), rekentool, a=rekentool.pk, b=scenario_b.pk)
    assert response.status_code == 404


def test_with_one_rekentool_the_page_explains_what_to_do(login, alice, rekentool):
    content = _compare(login(alice), rekentool).content.decode()
    assert "minstens twee rekentools" in content


def test_the_level_row_says_what_step_4_says_while_step_5_is_open(login, alice, rekentool,
                                                                  scenario_b):
    content = _compare(login(alice), rekentool, a=rekentool.pk, b=scenario_b.pk).content.decode()
    assert "Trede 2 <span class=\"muted\">(op basis van de cijfers; stap 5 open)</span>" in content
    assert "Geen trede" not in content


def test_the_handbook_row_names_versions_not_bare_numbers(login, alice, rekentool, scenario_b):
    content = _compare(login(alice), rekentool, a=rekentool.pk, b=scenario_b.pk).content.decode()
    assert "versie 2.2" in content
