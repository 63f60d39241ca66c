"""What a browser sees of the site: the POST forms on the pages a persona can reach.

``crawl`` follows the links of every HTML page from a few start pages (GET only, this site
only), the way a user clicking around would, and ``Form`` is one ``<form method=post>`` with
its fields as the HTML declares them (name, type, value, options), parsed with the standard
library. The form fuzzer (test_forms.py) posts hostile values into these forms; the coverage
test compares the URLs they post to with every URL pattern whose view accepts POST.
"""

from __future__ import annotations

import os
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

# Links the crawl never follows: Django's admin (its own forms, tested upstream and reachable
# only by verified staff), the JSON API (schemathesis drives it, test_api_schemathesis.py),
# static files, and the language switch (a form, not a page).
NOT_FOLLOWED = ("/beheer/", "/api/", "/static/", "/media/", "/i18n/")
# Downloads and feeds (PDF, spreadsheets, JSON, text, images): links to them are collected
# (test_export_formula_injection.py fetches the spreadsheets) but not followed, they hold no
# form and a PDF takes a second to make.
DOWNLOAD = re.compile(r"\.\w+$|/(pdf|docx|bestand|afbeelding|feed|rss|download)(/|$)")
# Pages of one URL pattern are alike (one per employee, supplier, page of results): a sample
# of each finds the forms the pattern renders (`make fuzz`: two samples).
PAGES_PER_PATTERN = int(os.environ.get("FUZZ_PAGES_PER_PATTERN", "1"))


@dataclass
class Field:
    name: str
    kind: str  # text, number, email, date, checkbox, radio, select, textarea, file, hidden, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    multiple: bool = False


@dataclass
class Form:
    page: str  # the page the form is on
    action: str  # the URL it posts to (path and query)
    enctype: str
    fields: list[Field]
    buttons: list[tuple[str, str]]  # named submit buttons: (name, value)

    @property
    def url_name(self) -> str:
        return url_name(self.action)

    def defaults(self) -> dict[str, list[str]]:
        """What a browser submits untouched (no named button pressed)."""
        data: dict[str, list[str]] = {}
        for f in self.fields:
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    data.setdefault(f.name, []).append(f.value or "on")
            elif f.kind == "select":
                data.setdefault(f.name, []).append(f.value if f.value else
                                                   (f.options[0] if f.options else ""))
            elif f.kind in ("file", "submit", "button", "reset", "image"):
                continue
            else:
                data.setdefault(f.name, []).append(f.value)
        return data

    @property
    def is_multipart(self) -> bool:
        return "multipart" in self.enctype or any(f.kind == "file" for f in self.fields)


class _FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: str | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.page, a.get("action") or self.page)
                self._form = Form(self.page, action, a.get("enctype", ""), [], [])
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                form.buttons.append((name, a.get("value", "")))
            else:
                form.fields.append(Field(name, kind, a.get("value", ""),
                                         checked="checked" in a))
        elif tag == "button" and name and a.get("type", "submit").lower() == "submit":
            form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = Field(name, "select", multiple="multiple" in a)
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = a.get("value")
            if self._option is not None:
                self._select.options.append(self._option)
                if "selected" in a:
                    self._select.value = self._option
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea")
            form.fields.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        elif self._select is not None and self._option is None and data.strip():
            # <option>label</option> without a value submits its text.
            self._select.options.append(data.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None


def parse(page: str, html: str) -> tuple[list[Form], list[str]]:
    parser = _FormParser(page)
    parser.feed(html)
    links = [urljoin(page, href) for href in parser.links]
    return parser.forms, links


def url_name(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return "<unresolved>"
    return match.view_name


def _local(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith(NOT_FOLLOWED):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _followed(url: str) -> bool:
    return not DOWNLOAD.search(urlsplit(url).path)


@dataclass
class Crawl:
    pages: dict[str, str] = field(default_factory=dict)  # url -> HTML
    forms: list[Form] = field(default_factory=list)
    links: set[str] = field(default_factory=set)  # every local link on those pages


def crawl(client, start: list[str], *, skip: tuple[str, ...] = (), max_pages: int = 400) -> Crawl:
    """Every HTML page reachable by links from ``start`` (a few per URL pattern, none whose
    URL name starts with one of ``skip``), and the POST forms on them. A 5xx on the way fails
    at once: that is a bug no fuzzing is needed for."""
    result = Crawl()
    seen: set[str] = set()
    per_pattern: Counter[str] = Counter()
    queue = deque(start)
    while queue and len(result.pages) < max_pages:
        url = _local(queue.popleft())
        if url is None or url in seen or not _followed(url):
            continue
        seen.add(url)
        name = url_name(url)
        if (name == "<unresolved>" or per_pattern[name] >= PAGES_PER_PATTERN
                or (skip and name.startswith(skip))):
            continue
        per_pattern[name] += 1
        response = client.get(url)
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        if response.status_code in (301, 302, 303, 307, 308):
            per_pattern[name] -= 1  # a redirect is not a page
            queue.appendleft(urljoin(url, response["Location"]))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        result.pages[url] = html
        forms, links = parse(url, html)
        result.forms.extend(forms)
        result.links.update(filter(None, map(_local, links)))
        queue.extend(links)
    return result


def post_url_names() -> set[str]:
    """Every named URL pattern (outside the admin and the JSON API) whose view accepts POST:
    from the methods its @require_http_methods / @require_POST declares, or the class-based
    view's handlers. An undeclared function view accepts every method."""
    names: set[str] = set()

    def walk(resolver, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}{entry.name}"
                if name.startswith(("admin:", "api:")):
                    continue
                methods = view_methods(entry.callback)
                if methods is None or "POST" in methods:
                    names.add(name)

    walk(get_resolver(), "")
    return names


def view_methods(view) -> set[str] | None:
    """The methods a view accepts, or None when it does not say (any method)."""
    seen: set[int] = set()
    func = view
    while func is not None and id(func) not in seen:
        seen.add(id(func))
        # require_http_methods(request_method_list) keeps the list in its closure.
        for cell in getattr(func, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if (isinstance(value, list) and value
                    and all(isinstance(m, str) and m.isupper() for m in value)):
                return set(value)
        func = getattr(func, "__wrapped__", None)
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    return None
