import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _all(answer: str, form_fields) -> dict:
    return dict.fromkeys(form_fields, answer)


def test_it_asks_the_questions_of_the_provisional_level_with_evidence(login, alice, rekentool):
    content = login(alice).get(reverse("mijnpso:qualitative", args=[rekentool.pk])).content
    text = content.decode()
    assert "Passend werk" in text
    assert "Bewijs:" in text


def test_answering_all_questions_yes_gives_the_trede(login, alice, rekentool):
    client = login(alice)
    page = client.get(reverse("mijnpso:qualitative", args=[rekentool.pk]))
    names = [n for n in page.context["form"].fields if "__" in n]
    response = client.post(
        reverse("mijnpso:qualitative", args=[rekentool.pk]),
        {"version": rekentool.version, **_all("ja", names)},
    )
    assert response.status_code == 302
    rekentool.refresh_from_db()
    assert all(all(answers) for answers in rekentool.qualitative.values())
    result = client.get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert 'class="level level-trede_2"' in result


def test_one_no_means_no_trede(login, alice, rekentool):
    client = login(alice)
    page = client.get(reverse("mijnpso:qualitative", args=[rekentool.pk]))
    names = [n for n in page.context["form"].fields if "__" in n]
    answers = _all("ja", names)
    answers[names[0]] = "nee"
    client.post(
        reverse("mijnpso:qualitative", args=[rekentool.pk]),
        {"version": rekentool.version, **answers},
    )
    result = client.get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert 'class="level level-trede_2"' not in result


def test_step_5_waits_for_the_data_of_step_3(login, alice, organisation):
    tool = organisation.rekentools.create(name="Leeg")
    response = login(alice).get(reverse("mijnpso:qualitative", args=[tool.pk]))
    assert response["Location"] == reverse("mijnpso:data", args=[tool.pk])
