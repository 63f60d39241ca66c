"""The glossary (/begrippen/): every term users meet, linked from where it appears, and two
sentences at the start of every step on what to enter and why (issue 9 §9)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from psoportal.core.glossary import TERMS

pytestmark = pytest.mark.django_db

GLOSSARY = reverse("core:glossary")


def test_anyone_can_read_the_glossary(client):
    response = client.get(GLOSSARY)
    assert response.status_code == 200
    assert "<h1>Begrippen</h1>" in response.content.decode()


@pytest.mark.parametrize("code", sorted(TERMS))
def test_every_term_has_a_definition_with_its_anchor(client, code):
    content = client.get(GLOSSARY).content.decode()
    assert f'<dt id="{code}">' in content


def test_the_issue_lists_terms_are_all_there(client):
    content = client.get(GLOSSARY).content.decode()
    for term in ("Peiljaar", "Totaal fte (T)", "Gewogen doelgroep-fte (D)",
                 "Aantal doelgroepmedewerkers (Z)", "Trede", "Basistrede",
                 "Indirecte bijdrage", "Loonkostensubsidie (LKS)", "Banenafspraak", "PSO 30+"):
        assert f">{term}" in content


def test_numbers_in_definitions_come_from_the_handbook(client):
    content = client.get(GLOSSARY).content.decode()
    assert "hoogstens 80\u00a0% van uw totale bijdrage" in content
    assert "25,5 uur per week" in content


def test_the_footer_links_the_glossary_on_every_page(client):
    assert f'href="{GLOSSARY}"' in client.get(reverse("core:home")).content.decode()


def test_the_term_tag_links_to_the_definition():
    html = Template('{% load glossary %}{% term "peiljaar" %}').render(Context())
    assert html == f'<a class="term" href="{GLOSSARY}#peiljaar">peiljaar</a>'


def test_an_unknown_term_is_a_template_error_not_a_dead_link():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load glossary %}{% term "bestaat-niet" %}').render(Context())


def _scored_tool(organisation):
    tool = organisation.rekentools.create(
        name="Scenario", peiljaar_start=dt.date(2024, 1, 1), total_fte=Decimal("50"))
    tool.employees.create(ref="A-1", category="wia", contract="regular",
                          hours_per_week=Decimal("40"), employed_from=dt.date(2018, 1, 1),
                          inflow_date=dt.date(2018, 1, 1))
    return tool


def test_the_result_page_links_its_terms(login, alice, organisation):
    tool = _scored_tool(organisation)
    content = login(alice).get(reverse("mijnpso:result", args=[tool.pk])).content.decode()
    for code in ("t", "d", "z", "indirecte-bijdrage", "banenafspraak", "trede"):
        assert f'href="{GLOSSARY}#{code}"' in content


@pytest.mark.parametrize(("url_name", "needs", "sentence"), [
    ("mijnpso:organisation", "organisation", "Leg vast welke organisatie"),
    ("mijnpso:rekentools", "organisation", "is een scenario voor één"),
    ("mijnpso:data", "rekentool", "Vul het peiljaar, de voltijduren"),
    ("mijnpso:target_group", "rekentool", "Voer elke medewerker uit de PSO-doelgroep"),
    ("mijnpso:purchases", "rekentool", "Vul uw inkopen in bij"),
    ("mijnpso:result", "rekentool", "Hier ziet u uw voorlopige"),
    ("mijnpso:qualitative", "rekentool", "Beantwoord per onderwerp"),
])
def test_every_step_starts_with_what_to_enter_and_why(login, alice, organisation, url_name,
                                                      needs, sentence):
    tool = _scored_tool(organisation)
    pk = organisation.pk if needs == "organisation" else tool.pk
    content = login(alice).get(reverse(url_name, args=[pk])).content.decode()
    intro = re.search(r'<p class="step-intro">(.*?)</p>', content, re.S)
    assert intro and sentence in intro.group(1)
