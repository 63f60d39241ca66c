"""The authorization matrix (issue 15 item 5): every URL pattern of the site × every persona,
asked of the site and compared with the committed table, tests/authorization/expected.txt.

A URL pattern the table does not list fails the first test: a new view cannot be added without
deciding who may use it. docs/authorization.md is written from the same table
(`python -m tests.authorization.doc`) and must be up to date.

One world (tests/authorization/world.py) serves every cell; each request runs in a savepoint
rolled back afterwards. POST-only endpoints get an empty POST (CSRF checks off, as for every
test client); a persona it refuses must not change a single row of the database. A page a
persona is refused (403 or 404) must refuse that persona's POST as well.
"""

from __future__ import annotations

import pytest

from tests.authorization import doc
from tests.authorization.matrix import (
    PERSONA_KEYS,
    REFUSED,
    VIEW_REFUSALS,
    Fingerprint,
    Personas,
    ask,
    expected_rows,
    observe,
    stub_pdf_layout,
    uninstrumented_templates,
)
from tests.authorization.patterns import concrete_url, url_patterns
from tests.authorization.world import build_world


def test_every_url_pattern_of_the_site_has_a_row_in_the_table():
    listed = set(expected_rows())
    keys = [pattern.key for pattern in url_patterns()]
    assert len(keys) == len(set(keys)), "two URL patterns share a name"
    assert not sorted(set(keys) - listed), (
        "URL patterns without a row in tests/authorization/expected.txt: decide who may use "
        "them and add their rows")
    assert not sorted(listed - set(keys)), "rows of tests/authorization/expected.txt for no URL"


def test_docs_authorization_md_is_written_from_the_table():
    assert doc.DOC_PATH.read_text(encoding="utf-8") == doc.render(), (
        "docs/authorization.md is out of date: run `python -m tests.authorization.doc`")


@pytest.mark.django_db
def test_every_persona_gets_what_the_table_says_from_every_url(monkeypatch):
    stub_pdf_layout(monkeypatch)
    uninstrumented_templates(monkeypatch)
    world = build_world()
    personas = Personas(world)
    fingerprint = Fingerprint()
    expected = expected_rows()
    differences: list[str] = []
    for pattern in url_patterns():
        row = expected.get(pattern.key)
        if row is None:
            # The first test names it; here, what the site answers, ready to be judged.
            differences.append("unlisted: " + observe(pattern, world, personas).line(50))
            continue
        url = concrete_url(pattern, world)
        for persona, wanted in zip(PERSONA_KEYS, row.outcomes, strict=True):
            watch = fingerprint if row.method == "POST" and wanted in REFUSED else None
            got, changed = ask(personas, persona, row.method, url, watch)
            if got != wanted:
                differences.append(f"{pattern.key} {row.method} {url} as {persona}: "
                                   f"expected {wanted}, got {got}")
            if changed:
                differences.append(f"{pattern.key} POST {url} as {persona}: refused with "
                                   f"{got}, yet the database changed")
            if row.method == "GET" and wanted in VIEW_REFUSALS:
                # A page the persona may not see takes no form from them either.
                posted, _ = ask(personas, persona, "POST", url)
                if posted not in REFUSED:
                    differences.append(f"{pattern.key} POST {url} as {persona}: the page is "
                                       f"refused ({wanted}), its POST answered {posted}")
    assert not differences, "\n".join(differences)
