"""The glossary /begrippen/ explains the words of the PSO method; the footer and the steps link
to it, and every step starts with two sentences on what to enter and why."""


import pytest
from django.template import Context, Template

from psoportal.core.glossary import TERMS

pytestmark = pytest.mark.django_db

WORDS = ["peiljaar", "d", "t", "z", "trede", "basistrede", "indirecte-bijdrage", "lks",
         "banenafspraak", "pso-30-plus"]


def test_the_glossary_explains_every_word_of_the_method_with_an_anchor(client):
    content = client.get("/begrippen/").content.decode()
    for slug in WORDS:
        assert f'<dt id="{slug}">' in content
    assert content.count("<dd>") == len(TERMS) >= len(WORDS)


def test_the_footer_of_every_page_links_to_the_glossary(client):
    content = client.get("/privacy/").content.decode()
    footer = content[content.index("<footer"):]
    assert 'href="/begrippen/"' in footer


def test_the_term_tag_links_a_word_to_its_explanation():
    html = Template('{% load glossary %}{% term "peiljaar" %} {% term "d" "gewogen fte" %}').render(
        Context()
    )
    assert '<a class="term" href="/begrippen/#peiljaar"' in html
    assert ">Peiljaar</a>" in html
    assert 'href="/begrippen/#d"' in html and ">gewogen fte</a>" in html
