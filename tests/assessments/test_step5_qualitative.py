"""Step 5: the qualitative questions of the provisional level decide the final level (§8).

The `rekentool` fixture reaches Trede 2 on its figures (rule book §12 example 1).
"""

import html

import pytest
from django.urls import reverse

from psoportal.methodology.handbook import handbook_get

pytestmark = pytest.mark.django_db

LEVEL_TREDE_2 = 'class="level level-trede_2"'
LEVEL_NONE = 'class="level level-none"'


def _aspects(level: str):
    return handbook_get("2.2").aspects_for(level)


def _answer_all(client, rekentool, answer: str = "ja", **overrides: str):
    names = [
        f"{aspect.code}__{index}"
        for aspect in _aspects("trede_2")
        for index in range(len(aspect.questions))
    ]
    answers = {**dict.fromkeys(names, answer), **overrides}
    rekentool.refresh_from_db()
    return client.post(
        reverse("mijnpso:qualitative", args=[rekentool.pk]),
        {"version": rekentool.version, **answers},
    )


def _result(client, rekentool) -> str:
    return client.get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()


def test_it_asks_every_question_of_the_provisional_level_with_its_evidence(
    login, alice, rekentool
):
    text = html.unescape(
        login(alice).get(reverse("mijnpso:qualitative", args=[rekentool.pk])).content.decode()
    )
    asked = _aspects("trede_2")
    assert [a.code for a in asked] == [
        "passend_werk", "integratie", "functioneren_ontwikkeling", "begeleiding"
    ]
    for aspect in asked:
        assert aspect.label_nl in text
        for question in aspect.questions:
            assert question.text_nl in text
            assert f"Bewijs: {question.evidence_nl}" in text


def test_it_does_not_ask_the_plan_of_action_questions_of_aspirant_status(
    login, alice, rekentool
):
    text = html.unescape(
        login(alice).get(reverse("mijnpso:qualitative", args=[rekentool.pk])).content.decode()
    )
    (plan,) = _aspects("aspirant")
    assert plan.label_nl not in text
    for question in plan.questions:
        assert question.text_nl not in text


def test_the_form_has_one_yes_no_question_per_handbook_question(login, alice, rekentool):
    page = login(alice).get(reverse("mijnpso:qualitative", args=[rekentool.pk]))
    questions = sorted(name for name in page.context["form"].fields if "__" in name)
    assert questions == sorted(
        f"{aspect.code}__{index}"
        for aspect in _aspects("trede_2")
        for index in range(len(aspect.questions))
    )


def test_without_answers_the_final_level_waits_for_step_5(login, alice, rekentool):
    result = _result(login(alice), rekentool)
    assert LEVEL_NONE not in result
    assert "Uw voorlopige trede is bekend zodra stap 5 is ingevuld" in result


def test_answering_all_questions_yes_saves_the_answers_and_gives_the_trede(
    login, alice, rekentool
):
    client = login(alice)
    response = _answer_all(client, rekentool, "ja")
    assert response["Location"] == reverse("mijnpso:result", args=[rekentool.pk])
    rekentool.refresh_from_db()
    assert rekentool.qualitative == {
        "passend_werk": [True, True],
        "integratie": [True, True],
        "functioneren_ontwikkeling": [True, True],
        "begeleiding": [True, True],
    }
    result = _result(client, rekentool)
    assert LEVEL_TREDE_2 in result
    assert "Uw antwoorden zijn opgeslagen." in result


def test_one_no_is_saved_and_takes_the_trede_away(login, alice, rekentool):
    client = login(alice)
    _answer_all(client, rekentool, "ja")
    assert LEVEL_TREDE_2 in _result(client, rekentool)

    _answer_all(client, rekentool, "ja", integratie__1="nee")
    rekentool.refresh_from_db()
    assert rekentool.qualitative["integratie"] == [True, False]
    assert rekentool.qualitative["passend_werk"] == [True, True]
    result = _result(client, rekentool)
    assert LEVEL_TREDE_2 not in result
    assert LEVEL_NONE in result
    assert "Niet alle kwalitatieve vragen van stap 5 zijn met ja beantwoord" in result


def test_saved_answers_are_shown_when_the_page_is_opened_again(login, alice, rekentool):
    client = login(alice)
    _answer_all(client, rekentool, "ja", begeleiding__0="nee")
    page = client.get(reverse("mijnpso:qualitative", args=[rekentool.pk]))
    form = page.context["form"]
    assert form["begeleiding__0"].value() == "nee"
    assert form["begeleiding__1"].value() == "ja"
    assert form["passend_werk__0"].value() == "ja"


def test_a_stale_version_is_refused_and_keeps_the_saved_answers(login, alice, rekentool):
    client = login(alice)
    _answer_all(client, rekentool, "ja")
    rekentool.refresh_from_db()
    saved = rekentool.qualitative
    stale = {"version": rekentool.version - 1, "passend_werk__0": "nee"}
    response = client.post(reverse("mijnpso:qualitative", args=[rekentool.pk]), stale)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    rekentool.refresh_from_db()
    assert rekentool.qualitative == saved


def test_step_5_waits_for_the_data_of_step_3(login, alice, organisation):
    tool = organisation.rekentools.create(name="Leeg")
    response = login(alice).get(reverse("mijnpso:qualitative", args=[tool.pk]))
    assert response["Location"] == reverse("mijnpso:data", args=[tool.pk])
