"""Step 4 says one thing: the level the figures reach, what step 5 still needs, and the final
level only once it is known (issue 9 §6). Persona: Alice, whose figures reach Trede 2."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from psoportal.assessments.models import Rekentool
from psoportal.assessments.outcome import outcome_of
from psoportal.methodology.handbook import handbook_get

pytestmark = pytest.mark.django_db


def _result_page(login, alice, rekentool):
    return login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()


def _step_bar_item(content, number):
    start = content.index(f'<span class="step-number">{number}</span>')
    return content[start:content.index("</li>", start)]


def test_with_step_5_open_the_headline_is_the_level_of_the_figures(login, alice, rekentool):
    content = _result_page(login, alice, rekentool)
    assert "Op basis van de cijfers" in content
    assert 'class="level level-trede_2"' in content
    # Never "no level" in the headline while the figures reach Trede 2 and step 5 is open.
    assert 'class="level level-none"' not in content
    assert "Geen trede" not in content


def test_with_step_5_open_it_says_how_many_subjects_remain_and_links_to_step_5(
    login, alice, rekentool
):
    rekentool.qualitative = {"passend_werk": True, "integratie": True}
    rekentool.save()
    content = _result_page(login, alice, rekentool)
    assert "nog 2 onderwerpen met kwalitatieve vragen staan open" in content
    assert reverse("mijnpso:qualitative", args=[rekentool.pk]) in content


def test_with_step_5_open_the_step_bar_says_step_4_waits_for_step_5(login, alice, rekentool):
    content = _result_page(login, alice, rekentool)
    assert "wacht op stap 5" in _step_bar_item(content, 4)
    assert "compleet" not in _step_bar_item(content, 4)


def test_with_every_answer_yes_the_final_level_is_shown_and_step_4_is_complete(
    login, alice, rekentool, all_yes
):
    rekentool.qualitative = all_yes
    rekentool.save()
    content = _result_page(login, alice, rekentool)
    assert "Voorlopige trede" in content
    assert 'class="level level-trede_2"' in content
    assert "Uw voorlopige trede is bekend zodra" not in content
    assert "compleet" in _step_bar_item(content, 4)


def test_a_no_in_step_5_explains_why_the_level_is_lower_than_the_figures(
    login, alice, rekentool, all_yes
):
    rekentool.qualitative = {**all_yes, "integratie": [True, False]}
    rekentool.save()
    content = _result_page(login, alice, rekentool)
    assert "Op basis van de cijfers haalt u" in content
    assert "Bekijk uw antwoorden in stap 5" in content


def test_at_the_top_of_the_ladder_the_advice_speaks_of_the_figures_only(
    login, alice, organisation
):
    tool = Rekentool.objects.create(
        organisation=organisation, name="Veel doelgroep", peiljaar_start=dt.date(2024, 1, 1),
        total_fte=Decimal("10"), average_headcount=Decimal("10"), created_by=alice,
    )
    for n in range(4):
        tool.employees.create(ref=f"T-{n}", category="wsw", contract="regular",
                              hours_per_week=Decimal("40"), employed_from=dt.date(2018, 1, 1),
                              inflow_date=dt.date(2018, 1, 1))
    content = _result_page(login, alice, tool)
    assert "U zit op de hoogste trede" not in content
    assert "Op basis van de cijfers haalt u al de hoogste trede." in content


def test_the_outcome_knows_the_final_level_only_when_every_deciding_aspect_is_answered():
    handbook = handbook_get("2.2")
    result = {"quantitative_level": "trede_3", "level": "none"}
    waiting = outcome_of(result, handbook, {"passend_werk": True})
    assert waiting.final_level is None
    assert {a.code for a in waiting.open_aspects} == {
        "integratie", "functioneren_ontwikkeling", "begeleiding"}
    answered = outcome_of(result, handbook, {
        "passend_werk": True, "integratie": False, "functioneren_ontwikkeling": True,
        "begeleiding": True})
    assert answered.final_level == "none"
    assert answered.qualitative_lowered


def test_below_the_ladder_the_plan_of_action_decides():
    handbook = handbook_get("2.2")
    result = {"quantitative_level": "none", "level": "none"}
    outcome = outcome_of(result, handbook, {})
    assert [a.code for a in outcome.aspects] == [
        a.code for a in handbook.aspects_for(handbook.fallback_level.code)]
    assert outcome.final_level is None
