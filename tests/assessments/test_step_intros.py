"""Every step starts with two sentences on what to enter and why, linking the method's words to
the glossary."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _intro(content: str) -> str:
    match = re.search(r'<div class="step-intro">(.*?)</div>', content, re.S)
    assert match, "the step has no introduction"
    return match[1]


@pytest.mark.parametrize(
    ("name", "link"),
    [
        ("mijnpso:data", "/begrippen/#peiljaar"),
        ("mijnpso:target_group", "/begrippen/#d"),
        ("mijnpso:purchases", "/begrippen/#indirecte-bijdrage"),
        ("mijnpso:result", "/begrippen/#trede"),
        ("mijnpso:qualitative", None),
    ],
)
def test_each_step_starts_with_two_sentences_that_link_their_terms(
    login, alice, rekentool, name, link
):
    content = login(alice).get(reverse(name, args=[rekentool.pk])).content.decode()
    text = re.sub(r"<[^>]+>", "", _intro(content)).strip()
    assert text.count(". ") + text.endswith(".") >= 2
    if link:
        assert f'<a class="term" href="{link}"' in _intro(content)


def test_steps_one_and_two_start_with_an_introduction(login, alice, rekentool):
    client = login(alice)
    organisation = rekentool.organisation_id
    for name in ("mijnpso:organisation", "mijnpso:rekentools"):
        content = client.get(reverse(name, args=[organisation])).content.decode()
        assert len(re.sub(r"<[^>]+>", "", _intro(content)).strip()) > 80
