"""A browser's user-agent string in words: "Chrome op Windows" instead of
"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 … Chrome/120.0 Safari/537.36".

Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", Android also says
"Linux", iOS also says "Mac OS X".
"""

from __future__ import annotations

from django.utils.translation import gettext as _

_BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("Opera", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chromium", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


def _first(user_agent: str, table: tuple[tuple[str, str], ...]) -> str | None:
    return next((name for marker, name in table if marker in user_agent), None)


def describe(user_agent: str | None) -> str:
    """"Chrome op Windows", "Safari op iOS", "Firefox" or "Onbekende browser"."""
    user_agent = user_agent or ""
    browser = _first(user_agent, _BROWSERS)
    system = _first(user_agent, _SYSTEMS)
    if browser and system:
        return _("%(browser)s op %(system)s") % {"browser": browser, "system": system}
    if browser or system:
        return browser or system
    return _("Onbekende browser")
