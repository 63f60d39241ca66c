import datetime as dt

import pytest
from django.urls import reverse

from psoportal.assessments.models import Purchase, Rekentool
from tests.assessments.conftest import count_engine_calls

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
    assert "Uw voorlopige trede is bekend zodra stap 5 is ingevuld" in content


def test_it_shows_the_indirect_cap_when_it_applies(login, alice, rekentool):
    Purchase.objects.create(
        rekentool=rekentool, supplier="SW Bedrijf", kind="sw_company", amount=900000,
        supplier_turnover=1000000, supplier_weighted_fte=100,
    )
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert "(begrensd)" in content
    assert "hoogstens 80\u00a0%" in content


def test_it_lists_what_is_missing_before_it_can_score(login, alice, organisation):
    tool = organisation.rekentools.create(name="Leeg")
    content = login(alice).get(reverse("mijnpso:result", args=[tool.pk])).content.decode()
    assert "Nog te doen" in content
    assert "Totaal fte: ontbreekt; vul deze waarde in." in content
    assert "workforce.total_fte" not in content


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
    assert "step-open" in content  # step 6: quotes and the definitive application



def test_the_page_scores_once_and_then_reads_the_stored_result(
    login, alice, rekentool, all_yes, monkeypatch
):
    rekentool.qualitative = all_yes
    rekentool.save()
    client = login(alice)
    calls = count_engine_calls(monkeypatch)
    url = reverse("mijnpso:result", args=[rekentool.pk])
    first = client.get(url).content.decode()
    second = client.get(url).content.decode()
    client.get(reverse("mijnpso:target_group", args=[rekentool.pk]))
    client.get(reverse("mijnpso:purchases", args=[rekentool.pk]))
    assert len(calls) == 1
    assert 'class="level level-trede_2"' in first
    assert 'class="level level-trede_2"' in second
    assert "5,20\u00a0%" in second


def test_a_change_to_the_data_is_scored_at_the_next_view(
    login, alice, rekentool, all_yes, monkeypatch
):
    rekentool.qualitative = all_yes
    rekentool.save()
    client = login(alice)
    calls = count_engine_calls(monkeypatch)
    url = reverse("mijnpso:result", args=[rekentool.pk])
    client.get(url)
    client.post(reverse("mijnpso:purchases", args=[rekentool.pk]), {
        "version": "1", "supplier": "SW Bedrijf", "kind": "sw_company", "amount": "900000",
        "supplier_turnover": "1000000", "supplier_weighted_fte": "100",
    })
    content = client.get(url).content.decode()
    assert len(calls) == 2
    assert "(begrensd)" in content  # the new purchase counts


@pytest.mark.parametrize("change", ["employee", "staff", "entity", "import"])
def test_every_kind_of_change_makes_the_stored_result_stale(
    login, alice, rekentool, all_yes, monkeypatch, change
):
    from psoportal.assessments.document import rekentool_document
    from psoportal.assessments.services import (
        employee_add,
        rekentool_import_document,
        rekentool_update,
    )
    from psoportal.organisations.models import Entity

    rekentool.qualitative = all_yes
    rekentool.save()
    client = login(alice)
    url = reverse("mijnpso:result", args=[rekentool.pk])
    client.get(url)
    calls = count_engine_calls(monkeypatch)
    rekentool.refresh_from_db()
    if change == "employee":
        employee_add(rekentool=rekentool, user=alice, ref="D-004", category="wia",
                     contract="regular", hours_per_week=40, employed_from=dt.date(2019, 1, 1))
    elif change == "staff":
        rekentool_update(rekentool=rekentool, user=alice, expected_version=rekentool.version,
                         total_fte=100)
    elif change == "entity":
        Entity.objects.create(organisation=rekentool.organisation, name="Noord B.V.",
                              kvk="12345679")
    else:
        document = rekentool_document(rekentool, on=dt.date.today())
        document["workforce"]["total_fte"] = "100"
        rekentool_import_document(rekentool=rekentool, user=alice, document=document)
    client.get(url)
    client.get(url)
    assert len(calls) == 1


def test_a_new_day_rescores_for_the_fees_in_force(login, alice, rekentool, monkeypatch):
    from psoportal.assessments.selectors import rekentool_evaluate

    calls = count_engine_calls(monkeypatch)
    rekentool_evaluate(rekentool, on=dt.date(2026, 1, 5))
    rekentool_evaluate(rekentool, on=dt.date(2026, 1, 5))
    rekentool_evaluate(rekentool, on=dt.date(2026, 1, 6))
    assert len(calls) == 2


def test_an_older_computation_never_replaces_a_newer_stored_result(rekentool, alice):
    from psoportal.assessments.models import RekentoolResult
    from psoportal.assessments.selectors import rekentool_evaluate
    from psoportal.assessments.services import rekentool_update

    stale = Rekentool.objects.get(pk=rekentool.pk)  # loaded before the change
    rekentool_update(rekentool=rekentool, user=alice, expected_version=rekentool.version,
                     total_fte=100)
    rekentool_evaluate(rekentool)  # stores the result of the new revision
    rekentool_evaluate(stale)  # a slow request that read the old revision
    stored = RekentoolResult.objects.get(rekentool=rekentool)
    assert stored.revision == rekentool.data_revision
    assert stored.result["total_fte"] == "100"


def test_below_the_ladder_step_5_asks_the_aspects_of_the_handbooks_level_without_a_norm():
    """The level without a norm is handbook data; a version may name it differently."""
    import tomllib
    from pathlib import Path

    from psoportal.assessments.selectors import step5_aspects
    from psoportal.methodology import handbook as handbook_module

    path = Path(handbook_module.__file__).parent / "handbooks" / "2.2.toml"
    data = tomllib.loads(path.read_text())
    data["levels"][0]["code"] = "starter"
    for aspect in data["aspects"]:
        aspect["levels"] = ["starter" if c == "aspirant" else c for c in aspect["levels"]]
    renamed = handbook_module.parse_handbook(data, source="test")
    aspects = step5_aspects(renamed, "none")
    assert aspects
    assert [a.code for a in aspects] == [
        a.code for a in renamed.aspects if "starter" in a.levels
    ]
