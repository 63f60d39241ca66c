"""No |safe on user data: templates stay autoescaped and no SQL is built from strings."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BANNED_IN_TEMPLATES = re.compile(r"\|\s*safe\b|{%\s*autoescape\s+off")
BANNED_IN_CODE = re.compile(r"\bmark_safe\(|\bSafeString\(|\.raw\(|\.extra\(|RawSQL\(")


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
        and BANNED_IN_CODE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []

