"""Driving a page with the keyboard only, as a user without a mouse does (WCAG 2.1.1, 2.1.2,
2.4.7): Tab and Shift+Tab to move, typing into the focused field, Space and Enter to act.

`Keyboard.tab_to` presses Tab until the wanted element has focus and checks, on every stop on
the way, that the focused element shows a focus indicator (a computed outline or box-shadow)
and is on screen; that focus keeps moving (no trap: the same element may hold focus for a
few presses only, as a date field does while Tab walks its day, month and year); and that
Shift+Tab leaves the element and Tab comes back. Every problem is collected, not raised, so
one run names them all; `walk_page` tabs through a whole page to its end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Which element has focus, and does it show it? Matches a CSS selector and, when given, a
# piece of its text (button and link names).
_FOCUS_JS = r"""([selector, text]) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement)
    return {none: true, matches: false};
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  const shadow = !!cs.boxShadow && cs.boxShadow !== 'none';
  const rect = el.getBoundingClientRect();
  let name = el.tagName.toLowerCase();
  if (el.id) name += '#' + el.id;
  if (el.name) name += '[name=' + el.name + ']';
  const label = (el.innerText || el.value || el.getAttribute('aria-label') || '')
    .trim().replace(/\s+/g, ' ').slice(0, 50);
  // The accessible text, visually hidden parts included ("Accepteren <span>Keurmerk</span>").
  const full = (el.textContent || el.value || '').replace(/\s+/g, ' ').trim();
  const matches = !!selector && el.matches(selector) && (!text || full.includes(text));
  return {none: false, key: name + ' ' + label, name, label, matches,
          indicator: outline || shadow, onScreen: rect.width > 0 && rect.height > 0};
}"""

SAME_ELEMENT_MAX = 4  # presses one element may keep focus (a date field's three parts)


@dataclass
class Keyboard:
    page: object
    problems: list[str] = field(default_factory=list)
    stops: int = 0  # every focus stop checked

    def _focus(self, selector: str | None = None, text: str | None = None) -> dict:
        return self.page.evaluate(_FOCUS_JS, [selector, text])

    def _note(self, where: str, state: dict) -> None:
        self.stops += 1
        if state["none"]:
            return
        if not state["indicator"]:
            self.problems.append(f"{where}: no visible focus indicator on {state['key']}")
        if not state["onScreen"]:
            self.problems.append(f"{where}: focus on an element that is not shown: "
                                 f"{state['key']}")

    def tab_to(self, selector: str, text: str | None = None, *, max_presses: int = 150) -> bool:
        """Tab forward until `selector` (with `text`, if given) has focus; True when reached."""
        where = f"{self.page.url} tab to {selector}{f' {text!r}' if text else ''}"
        previous, same = None, 0
        for _ in range(max_presses):
            self.page.keyboard.press("Tab")
            state = self._focus(selector, text)
            self._note(where, state)
            key = None if state["none"] else state["key"]
            same = same + 1 if key == previous and key is not None else 0
            if state["matches"]:
                self._back_and_forth(where, state)
                return True
            if same >= SAME_ELEMENT_MAX:
                self.problems.append(f"{where}: focus trapped on {key}")
                return False
            previous = key
        self.problems.append(f"{where}: not reached in {max_presses} presses of Tab")
        return False

    def _back_and_forth(self, where: str, state: dict) -> None:
        """Shift+Tab moves focus off the element and Tab brings it back (no trap either way)."""
        self.page.keyboard.press("Shift+Tab")
        back = self._focus()
        self._note(where + " (Shift+Tab)", back)
        if not back["none"] and back["key"] == state["key"]:
            # A date field's parts: Shift+Tab moves inside it first. Leave it entirely.
            for _ in range(SAME_ELEMENT_MAX):
                self.page.keyboard.press("Shift+Tab")
                back = self._focus()
                if back["none"] or back["key"] != state["key"]:
                    break
            else:
                self.problems.append(f"{where}: Shift+Tab does not leave {state['key']}")
                return
        presses = 0
        while presses <= SAME_ELEMENT_MAX:
            self.page.keyboard.press("Tab")
            presses += 1
            now = self._focus()
            if not now["none"] and now["key"] == state["key"]:
                # Back where we were; a date field is entered at its first part again.
                return
        self.problems.append(f"{where}: Tab after Shift+Tab did not come back to {state['key']}")

    def type_into(self, selector: str, value: str, *, replace: bool = True) -> bool:
        """Tab to a field and type `value` (its old value first selected and overwritten)."""
        if not self.tab_to(selector):
            return False
        if replace:
            self.page.keyboard.press("Control+A")
            self.page.keyboard.press("Delete")
        self.page.keyboard.type(value)
        return True

    def press_on(self, selector: str, key: str, text: str | None = None) -> bool:
        """Tab to an element and press a key on it (Enter on a button or link, Space on a box)."""
        if not self.tab_to(selector, text):
            return False
        self.page.keyboard.press(key)
        return True

    def submit(self, selector: str, text: str | None = None) -> bool:
        """Tab to a button (or link) and press Enter; waits for the page that answers."""
        if not self.tab_to(selector, text):
            return False
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.page.wait_for_load_state("networkidle")
        return True

    def follow(self, text: str, selector: str = "a") -> bool:
        """Tab to a link with this text and press Enter; waits for the page it opens."""
        return self.submit(selector, text)

    def walk_page(self, *, max_presses: int = 400) -> int:
        """Tab from where focus is to the end of the page (focus leaves the document or wraps to
        the first stop); every stop checked. Returns the number of stops."""
        where = f"{self.page.url} walk"
        first, previous, same = None, None, 0
        for presses in range(1, max_presses + 1):
            self.page.keyboard.press("Tab")
            state = self._focus()
            self._note(where, state)
            if state["none"]:
                return presses  # past the last element: focus went to the browser
            key = state["key"]
            if key == first:
                return presses
            first = first or key
            same = same + 1 if key == previous else 0
            if same >= SAME_ELEMENT_MAX:
                self.problems.append(f"{where}: focus trapped on {key}")
                return presses
            previous = key
        self.problems.append(f"{where}: the end of the page not reached in {max_presses} presses")
        return max_presses
