"""No |safe on user data: templates stay autoescaped and no SQL is built from strings."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BANNED_IN_TEMPLATES = re.compile(r"\|\s*safe\b|{%\s*autoescape\s+off")
BANNED_IN_CODE = re.compile(r"\bmark_safe\(|\bSafeString\(|\.raw\(|\.extra\(|RawSQL\(")
# The one module that may mark HTML safe, each with the reason.
MAY_MARK_SAFE = {
    # News items in Markdown: the output of nh3's allow-list sanitiser, never the author's
    # text as typed (tests/news/test_markdown.py).
    "psoportal/news/markdown.py",
}


def _files(pattern: str):
    for folder in ("psoportal", "templates"):
        yield from (ROOT / folder).rglob(pattern)


def test_no_template_turns_autoescaping_off():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _files("*.html")
        if BANNED_IN_TEMPLATES.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_code_marks_text_safe_or_builds_raw_sql():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _files("*.py")
        if "migrations" not in path.parts
        and str(path.relative_to(ROOT)) not in MAY_MARK_SAFE
        and BANNED_IN_CODE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []

