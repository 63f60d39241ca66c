"""A handbook file may declare how drafts of the previous version move to it (issue 14 §5):
`[migration]` with `from_version`, renames and removals of categories and questions; the loader
checks them against the version's own codes. An upload is read from its text, bounded."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest

from psoportal.methodology.handbook import (
    HANDBOOK_DIR,
    HANDBOOK_TEXT_MAX_BYTES,
    HandbookError,
    parse_handbook,
    parse_handbook_text,
)

pytestmark = pytest.mark.no_db

SHIPPED = (HANDBOOK_DIR / "2.2.toml").read_text(encoding="utf-8")


def _with(migration: str) -> str:
    return SHIPPED.replace('version = "2.2"', 'version = "2.3"', 1) + "\n" + migration


def test_the_shipped_file_read_from_its_text_is_the_shipped_handbook_without_migration():
    handbook = parse_handbook_text(SHIPPED, source="upload")
    assert handbook.version == "2.2"
    assert handbook.migration is None
    assert handbook == parse_handbook(tomllib.loads(SHIPPED), source="upload")


def test_renames_and_removals_are_read_by_kind():
    handbook = parse_handbook_text(_with('''
[migration]
from_version = "2.2"
[[migration.renames]]
kind = "category"
from = "oude_wsw"
to = "wsw"
[[migration.removals]]
kind = "question"
code = "verdwenen_vraag"
'''), source="upload")
    rules = handbook.migration
    assert rules.from_version == "2.2"
    assert rules.renamed("category") == {"oude_wsw": "wsw"}
    assert rules.removed("question") == frozenset({"verdwenen_vraag"})
    assert rules.renamed("question") == {} and rules.removed("category") == frozenset()


@pytest.mark.parametrize(("migration", "message"), [
    ('[migration]\nfrom_version = "2.3"\n', "migration.from_version"),
    ('[migration]\nfrom_version = "2.2"\n[[migration.renames]]\nkind = "category"\n'
     'from = "x"\nto = "bestaat_niet"\n', "migration.renames[0].to"),
    ('[migration]\nfrom_version = "2.2"\n[[migration.renames]]\nkind = "category"\n'
     'from = "wajong"\nto = "wsw"\n', "migration.renames[0].from"),
    ('[migration]\nfrom_version = "2.2"\n[[migration.removals]]\nkind = "category"\n'
     'code = "wsw"\n', "migration.removals[0].code"),
    ('[migration]\nfrom_version = "2.2"\n[[migration.removals]]\nkind = "level"\n'
     'code = "x"\n', "migration.removals[0].kind"),
    ('[migration]\nfrom_version = "2.2"\n[[migration.removals]]\nkind = "category"\n'
     'code = "x"\n[[migration.removals]]\nkind = "category"\ncode = "x"\n', "twice"),
    ('[migration]\nfrom_version = "2.2"\nextra = 1\n', "migration.extra: unknown key"),
])
def test_a_wrong_migration_table_is_refused_naming_the_key(migration, message):
    with pytest.raises(HandbookError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_handbook_text(_with(migration), source="upload")


def test_an_upload_that_is_too_large_not_utf8_or_not_toml_is_refused_before_parsing():
    with pytest.raises(HandbookError, match="larger than"):
        parse_handbook_text(b"#" * (HANDBOOK_TEXT_MAX_BYTES + 1), source="upload")
    with pytest.raises(HandbookError, match="not UTF-8"):
        parse_handbook_text(b"\xff\xfe", source="upload")
    with pytest.raises(HandbookError, match="not valid TOML"):
        parse_handbook_text("[handbook", source="upload")


SYNTHETIC = HANDBOOK_DIR.parents[2] / "docs" / "handbooks" / "2.3-synthetisch.toml"


def test_the_synthetic_2_3_loads_with_its_migration_from_2_2():
    from psoportal.methodology.handbook import load_handbook

    old = load_handbook(HANDBOOK_DIR / "2.2.toml")
    new = parse_handbook_text(SYNTHETIC.read_bytes(), source="2.3-synthetisch.toml")
    assert (new.version, new.effective.isoformat()) == ("2.3", "2027-04-01")
    assert new.migration.renamed("category") == {"wiw_id": "id_baan"}
    assert new.migration.removed("category") == frozenset({"status_lost"})
    assert set(old.categories) - set(new.categories) == {"wiw_id", "status_lost"}
    assert set(new.categories) - set(old.categories) == {"id_baan"}
    questions = {q.code for a in new.aspects for q in a.questions}
    assert questions - {q.code for a in old.aspects for q in a.questions} == {"inwerkplan"}
    assert new.norm_row(5).norms["trede_1"] == old.norm_row(5).norms["trede_1"] + Decimal("0.5")
    assert new.norm_row(25) == old.norm_row(25)
