"""A bounded same-origin crawl in a real browser that runs axe-core on every page it reaches.

Used by test_every_page_accessible.py: from a role's landing page, follow the `<a href>` links
a user could follow (GET only: forms are never submitted), one page per *kind* of URL, and
collect every axe violation and every error answer of every page, so one run shows them all.

Two URLs are the same kind when they differ only in object ids, opaque codes or the query
string (`/mijnpso/rekentool/7/score/` and `/mijnpso/rekentool/9/score/?x=1` are one kind);
the first one met stands for its kind.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Error as PlaywrightError

from tests.e2e import page_checks

# Paths the crawl never opens: leaving the session, files, feeds, the JSON API, Django's admin
# (its own templates, not the product's), static files and the language switch (a form).
SKIPPED_PATH = re.compile(
    r"/uitloggen/|/logout/|^/beheer/|^/admin/|^/static/|^/media/|^/api/|^/i18n/"
    r"|/feed/?$|/rss/?$|/download|/afbeelding/|/healthz"
    r"|\.(?:pdf|xlsx|xls|csv|ods|json|xml|zip|png|jpe?g|svg|ics|txt)$",
    re.IGNORECASE,
)
# A path segment that names one object: a number, or an opaque code (tokens, verification
# codes, uuids: long, with digits).
_ID_SEGMENT = re.compile(r"^\d+$|^(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{12,}$")

_LINKS_JS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.href)"""


def url_kind(path: str) -> str:
    """The path with every object id replaced by <id> and no query: one representative each."""
    parts = path.split("/")
    return "/".join("<id>" if _ID_SEGMENT.match(part) else part for part in parts)


@dataclass
class CrawlResult:
    role: str
    pages: list[str] = field(default_factory=list)  # the URLs checked, in crawl order
    kinds: set[str] = field(default_factory=set)  # their url_kind()s (reached ones)
    problems: dict[str, list[str]] = field(default_factory=dict)  # URL -> problems
    left_unvisited: int = 0  # kinds found but not opened (the page bound was reached)
    redirects: dict[str, str] = field(default_factory=dict)  # URL asked -> path landed on


def crawl(page, base_url: str, start: str, *, role: str, max_pages: int,
          checked_elsewhere: frozenset[str] = frozenset()) -> CrawlResult:
    """Breadth first from `start`: open each new kind of same-origin URL (at most max_pages),
    run axe-core on it and note any answer >= 400 or a crashed check. Kinds in
    `checked_elsewhere` (checked in another role's crawl) are not opened again."""
    result = CrawlResult(role)
    origin = urlsplit(base_url).netloc
    queue: deque[str] = deque([start])
    queued = {url_kind(urlsplit(start).path)} | set(checked_elsewhere)
    while queue and len(result.pages) < max_pages:
        path = queue.popleft()
        problems = _open(page, path)
        landed = urlsplit(page.url)
        landed_kind = url_kind(landed.path)
        if landed.path != urlsplit(path).path:
            result.redirects[path] = landed.path
        if landed.netloc == origin and landed_kind in result.kinds:
            continue  # a redirect to a page already checked
        result.pages.append(path)
        result.kinds.add(landed_kind)
        result.kinds.add(url_kind(urlsplit(path).path))
        if problems is None:  # not an HTML page: nothing to check, no links to follow
            continue
        problems += _guarded_axe(page)
        if problems:
            result.problems[path] = problems
        for href in _links(page):
            url = urlsplit(urldefrag(href)[0])
            if url.netloc != origin or SKIPPED_PATH.search(url.path):
                continue
            kind = url_kind(url.path)
            if kind not in queued:
                queued.add(kind)
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    result.left_unvisited = len(queue)
    return result


def _open(page, path: str) -> list[str] | None:
    """Go to path; [] for an HTML page that answered well, None for a file, else problems."""
    try:
        # "load", not "networkidle": no page loads content by script after its load event
        # (htmx only polls a running calculation), and networkidle costs 0.5 s a page.
        response = page.goto(path, wait_until="load")
    except PlaywrightError as exc:
        message = exc.message.splitlines()[0]
        if "Download is starting" in message:
            return None
        return [f"could not open: {message}"]
    if response is None:
        return ["no response"]
    if response.status >= 400:
        return [f"answered {response.status}"]
    if "text/html" not in (response.headers.get("content-type") or ""):
        return None
    return []


def _guarded_axe(page) -> list[str]:
    try:
        return page_checks.axe(page)
    except PlaywrightError as exc:
        return [f"axe could not run: {exc.message.splitlines()[0]}"]


def _links(page) -> list[str]:
    try:
        return page.evaluate(_LINKS_JS)
    except PlaywrightError:
        return []


def report(results: list[CrawlResult]) -> str:
    """Every problem of every page of every role, then the pages checked per role."""
    lines = []
    for result in results:
        for url, problems in result.problems.items():
            lines.append(f"\n== {result.role}: {url}")
            lines += [f"  - {problem}" for problem in problems]
    lines.append("\nPages checked: " + ", ".join(
        f"{r.role} {len(r.pages)} (+{r.left_unvisited} unvisited)" for r in results))
    return "\n".join(lines)
