import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_dutch_text_has_an_english_translation():
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_the_english_catalogue_holds_every_text_the_code_and_templates_use(tmp_path):
    """A text added or changed in the code without `make messages` would be shown in Dutch on an
    English page, or (with an old translation matched fuzzily) as the wrong English text."""
    root = PO.parents[3]
    for folder in ("psoportal", "templates", "locale"):
        shutil.copytree(root / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path, check=True, capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "psoportal.settings"},
    )
    with (tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle)
    missing = sorted(
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    )
    assert missing == [], "run `make messages` and translate these texts"


def test_no_translation_carries_a_previous_msgid_that_was_never_reviewed():
    """A `#| msgid "…"` comment is left by a fuzzy match: the English beside it was guessed for
    that other (older) Dutch text. Once the fuzzy flag is gone it looks reviewed but may say
    something else entirely ("Herstelcode" shown as "postcode"). Review the translation and delete
    the comment."""
    leftovers = [line for line in PO.read_text(encoding="utf-8").splitlines()
                 if re.match(r"^# ?\| msgid", line)]
    assert leftovers == []


def test_the_english_catalogue_compiles_with_every_check_of_msgfmt():
    """msgfmt --check refuses a translation that drops or changes a %(placeholder)s (it would
    raise at render time) and plural forms without a Plural-Forms header."""
    result = subprocess.run(  # noqa: S603 (our own catalogue)
        ["msgfmt", "--check", "--output-file", os.devnull, str(PO)],  # noqa: S607 (gettext)
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
