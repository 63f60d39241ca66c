"""The score page speaks in words and plain figures: plural forms instead of "medewerker(s)" or
"mandag(en)", no unexplained "€ 0,00" or "–" rows, and extra fte also as people and hours."""

from decimal import Decimal

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(client, rekentool) -> str:
    return client.get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()


def test_counts_use_plural_forms_not_brackets(login, alice, rekentool, all_yes):
    rekentool.qualitative = all_yes
    rekentool.save()
    content = _page(login(alice), rekentool)
    assert "(s)" not in content and "(en)" not in content
    assert "medewerkers uit de doelgroep werkten" in content
    assert "1 mandag<" in content or " mandagen<" in content


def test_extra_fte_is_also_said_as_people_and_hours_per_week(login, alice, rekentool, all_yes):
    rekentool.qualitative = all_yes
    rekentool.save()
    content = _page(login(alice), rekentool)
    # rule book §12 example 1: 0,8000 weighted fte at a 40-hour week
    hours = int(0.8 * rekentool.fulltime_hours + 0.9999)
    assert f"ongeveer 1 extra medewerker van {hours} uur per week" in content


def test_no_zero_euro_fee_without_a_reason(login, alice, rekentool, all_yes):
    rekentool.qualitative = all_yes
    rekentool.save()
    content = _page(login(alice), rekentool)
    assert "€\u00a00,00" not in content
    assert "niet in aanmerking voor PSO 30+" in content


def test_a_missing_audit_guideline_is_explained(login, alice, rekentool):
    rekentool.employees.all().delete()
    rekentool.total_fte = Decimal("1.5")  # too small to be certified: no level, no audit
    rekentool.save()
    content = _page(login(alice), rekentool)
    costs = content[content.index('id="costs-title"'):]
    assert "volgt uit de trede" in costs
    assert "€\u00a00,00" not in costs


@pytest.mark.parametrize(
    ("fte", "hours", "words"),
    [
        ("0.2710", 40, "ongeveer 1 extra medewerker van 11 uur per week"),
        ("1.5000", 40, "ongeveer 2 extra medewerkers van elk 30 uur per week"),
        ("0", 40, ""),
    ],
)
def test_fte_as_people_rounds_up_to_whole_hours(fte, hours, words):
    from django.utils import translation

    from psoportal.core.templatetags.pso_format import fte_as_people

    with translation.override("nl"):
        assert fte_as_people(fte, hours) == words
