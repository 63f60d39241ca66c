"""Every item of the main menu marks the page it leads to with aria-current (issue 9 §5)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _current_items(content: str) -> list[str]:
    nav = content[content.index('<nav class="site-nav"'):]
    nav = nav[:nav.index("</nav>")]
    return re.findall(r'<a href="([^"]+)" aria-current="page">', nav)


@pytest.mark.parametrize(("url", "item"), [
    (reverse("core:home"), reverse("core:home")),
    (reverse("register:search"), reverse("register:search")),
    (reverse("accounts:login"), reverse("accounts:login")),
])
def test_an_anonymous_visitor_sees_where_they_are(client, url, item):
    assert _current_items(client.get(url).content.decode()) == [item]


def test_on_a_mijnpso_step_the_overview_item_is_current(login, alice, organisation):
    rekentool = organisation.rekentools.create(name="Scenario")
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert _current_items(content) == [reverse("mijnpso:dashboard")]


def test_on_the_security_page_the_security_item_is_current(login, alice):
    content = login(alice).get(reverse("accounts:security")).content.decode()
    assert _current_items(content) == [reverse("accounts:security")]


def test_on_my_organisation_the_organisation_item_is_current(login, alice):
    content = login(alice).get(reverse("organisations:mine"), follow=True).content.decode()
    assert _current_items(content) == [reverse("organisations:mine")]


def test_a_logged_in_user_is_not_offered_registration_on_the_home_page(login, alice):
    content = login(alice).get(reverse("core:home")).content.decode()
    assert "Naar Mijn overzicht" in content
    assert "Account aanmaken" not in content
    assert reverse("accounts:login") not in content


def test_the_home_page_buttons_cannot_be_confused(client):
    content = client.get(reverse("core:home")).content.decode()
    assert "Account aanmaken" in content
    assert "Bekijk het PSO-register" in content
    assert ">Registreren<" not in content and ">Register<" not in content
