import pytest
from django.urls import reverse

from psoportal.assessments.models import Purchase

pytestmark = pytest.mark.django_db


def test_it_shows_the_provisional_level_chart_and_figures(login, alice, rekentool, all_yes):
    rekentool.qualitative = all_yes
    rekentool.save()
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert "Voorlopige trede" in content
    assert 'class="level level-trede_2"' in content
    assert "<svg" in content and 'role="img"' in content
    assert "<desc" in content  # text alternative inside the chart
    assert "5,20\u00a0%" in content  # direct %, Dutch format
    assert "€\u00a01.575,00" in content  # annual contribution band 50–100
    assert "1 mandag" in content or "1,00 mandag" in content


def test_it_explains_what_the_next_level_takes(login, alice, rekentool, all_yes):
    rekentool.qualitative = all_yes
    rekentool.save()
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert "Wat is nodig voor de volgende trede?" in content
    assert "0,8000" in content  # rule book §12 example 1: 6.8 % of 50 fte − 2.6
    assert "Trede 3" in content


def test_without_qualitative_answers_the_level_waits_for_step_5(login, alice, rekentool):
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert "De kwalitatieve vragen van stap 5" in content


def test_it_shows_the_indirect_cap_when_it_applies(login, alice, rekentool):
    Purchase.objects.create(
        rekentool=rekentool, supplier="SW Bedrijf", kind="sw_company", amount=900000,
        supplier_turnover=1000000, supplier_weighted_fte=100,
    )
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert "(begrensd)" in content
    assert "hoogstens 80 %" in content


def test_it_lists_what_is_missing_before_it_can_score(login, alice, organisation):
    tool = organisation.rekentools.create(name="Leeg")
    content = login(alice).get(reverse("mijnpso:result", args=[tool.pk])).content.decode()
    assert "Nog te doen" in content
    assert "workforce.total_fte" in content


def test_it_marks_an_interpolated_norm_row(login, alice, rekentool, all_yes):
    rekentool.total_fte = 8
    rekentool.qualitative = all_yes
    rekentool.save()
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert "geïnterpoleerd" in content


def test_the_progress_bar_shows_each_steps_state(login, alice, rekentool):
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert 'aria-current="step"' in content
    assert "step-complete" in content
    assert "step-empty" in content  # step 5 not answered yet
    assert "step-later" in content  # step 6 comes with certification
