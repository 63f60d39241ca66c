"""The six-step bar is on every step, also steps 1 and 2 before a rekentool is chosen
(issue 9 §5)."""

import pytest
from django.urls import reverse

from tests.conftest import full_login, give_sudo

pytestmark = pytest.mark.django_db


def _bar(content):
    start = content.index('<nav class="steps-nav"')
    return content[start:content.index("</nav>", start)]


def test_step_1_without_a_rekentool_shows_the_bar_with_step_1_current(login, alice, organisation):
    content = login(alice).get(
        reverse("mijnpso:organisation", args=[organisation.pk])).content.decode()
    bar = _bar(content)
    assert bar.count('class="step-number"') == 6
    assert 'aria-current="step"' in bar
    url = reverse("mijnpso:organisation", args=[organisation.pk])
    assert f'href="{url}" aria-current="step"' in bar


def test_step_2_shows_the_bar_with_step_2_current(login, alice, organisation, rekentool):
    url = reverse("mijnpso:rekentools", args=[organisation.pk])
    bar = _bar(login(alice).get(url).content.decode())
    assert f'href="{url}" aria-current="step"' in bar


def test_a_new_organisation_gets_a_way_on_to_step_2(login, alice, organisation):
    content = login(alice).get(
        reverse("mijnpso:organisation", args=[organisation.pk])).content.decode()
    assert "Verder naar stap 2: Rekentools" in content


def test_the_recovery_codes_continue_to_the_overview(client, alice):
    full_login(client, alice)
    give_sudo(client)
    content = client.post(reverse("accounts:recovery_codes")).content.decode()
    assert f'href="{reverse("mijnpso:dashboard")}">Ik heb de codes bewaard' in content
