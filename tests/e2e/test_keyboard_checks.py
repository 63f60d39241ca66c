"""The keyboard driver's checks catch a missing focus indicator and a focus trap on a static
page, and pass a clean one (so the keyboard-only journey cannot pass by not looking)."""

from __future__ import annotations

import pytest

from tests.e2e.keyboard import Keyboard

pytestmark = [pytest.mark.browser]

FOCUS_RING = ":focus-visible { outline: 3px solid #ffbf47; box-shadow: 0 0 0 5px #000; }"


def _page(page, body: str, style: str = FOCUS_RING) -> Keyboard:
    page.set_content(f"<!doctype html><html lang=\"nl\"><head><title>Test</title>"
                     f"<style>{style}</style></head><body><main>{body}</main></body></html>")
    return Keyboard(page)


def test_a_page_with_a_focus_ring_on_every_stop_passes(page):
    keys = _page(page, "<a href='#x'>Link</a><input id=a><button id=b>Opslaan</button>")
    assert keys.type_into("#a", "tekst")
    assert keys.tab_to("button", "Opslaan")
    keys.walk_page()
    assert keys.problems == []
    assert page.input_value("#a") == "tekst"


def test_an_element_without_a_focus_indicator_is_reported(page):
    keys = _page(page, "<input id=a><button id=b style='outline:none'>Opslaan</button>",
                 style=FOCUS_RING + " #b:focus-visible { outline: none; box-shadow: none; }")
    assert keys.tab_to("#b")
    assert any("no visible focus indicator on button#b" in p for p in keys.problems)


def test_a_field_that_keeps_focus_on_tab_is_reported_as_a_trap(page):
    keys = _page(page, "<input id=a><input id=trap><button id=b>Opslaan</button>")
    page.evaluate("""() => document.getElementById('trap').addEventListener('keydown', e => {
        if (e.key === 'Tab') e.preventDefault(); })""")
    assert not keys.tab_to("#b")
    assert any("focus trapped on input#trap" in p for p in keys.problems)


def test_an_element_that_tab_never_reaches_is_reported(page):
    keys = _page(page, "<input id=a><button id=b tabindex='-1'>Opslaan</button>")
    assert not keys.tab_to("#b", max_presses=10)
    assert any("not reached in 10 presses" in p for p in keys.problems)
