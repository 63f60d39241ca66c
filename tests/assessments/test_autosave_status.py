"""An autosave brings the step bar and the "Nog te doen" list up to date without a reload."""

from __future__ import annotations

import re

import pytest

from psoportal.assessments.models import Rekentool

pytestmark = pytest.mark.django_db


def _step_states(html: str) -> list[str]:
    return re.findall(r'<span class="step-state">([^<]*)</span>', html)


def _todo(html: str) -> str:
    return re.search(r'<div id="todo-status"[^>]*>(.*?)</div>', html, re.S).group(1).strip()


def test_a_successful_autosave_swaps_the_step_states_and_todo_list_out_of_band(
    client, alice, login, organisation
):
    login(alice)
    tool = Rekentool.objects.create(organisation=organisation, name="Leeg", created_by=alice)
    url = f"/mijnpso/rekentool/{tool.pk}/gegevens/"
    before = client.get(url).content.decode()

    response = client.post(url, {
        "version": tool.version, "peiljaar_month": 1, "peiljaar_year": 2024,
        "fulltime_hours": "38", "total_fte": "50", "average_headcount": "55",
        "sw_seconded_out_fte": "0",
    }, HTTP_HX_REQUEST="true")
    swapped = response.content.decode()
    after_reload = client.get(url).content.decode()

    assert 'id="steps-nav" hx-swap-oob="true"' in swapped
    assert 'id="todo-status" hx-swap-oob="true"' in swapped
    assert _step_states(swapped) == _step_states(after_reload)
    assert _step_states(swapped) != _step_states(before)
    assert _todo(swapped) == _todo(after_reload)
    assert _todo(swapped) != _todo(before)
