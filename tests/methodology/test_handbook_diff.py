"""The diff of a new handbook version against the one in force (issue 14 §1): by section, coded
things matched by code, renames from the new version's [migration] table, norms by size."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from psoportal.methodology.handbook import HANDBOOK_DIR, Handbook, parse_handbook_text
from psoportal.methodology.handbook_diff import (
    ADDED,
    CHANGED,
    NOT_COMPARED,
    REMOVED,
    RENAMED,
    SECTIONS,
    handbook_diff,
)

pytestmark = pytest.mark.no_db

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (HANDBOOK_DIR / "2.2.toml").read_text(encoding="utf-8")
SYNTHETIC = (ROOT / "docs/handbooks/2.3-synthetisch.toml").read_text(encoding="utf-8")


def _read(text: str) -> Handbook:
    return parse_handbook_text(text, source="test")


def _edited(*replacements: tuple[str, str]) -> Handbook:
    text = SHIPPED
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return _read(text)


OLD = _read(SHIPPED)
NEW = _read(SYNTHETIC)


def _summary(diff) -> set[tuple[str, str]]:
    return {(c.path, c.kind) for c in diff.changes()}


def test_a_version_against_itself_has_no_changes():
    diff = handbook_diff(OLD, OLD)
    assert diff.is_empty and diff.count == 0 and diff.sections == () and diff.norm_summary == ()


def test_the_synthetic_version_raises_trede_1_to_3_by_half_a_point_for_2_to_20_fte():
    norms = handbook_diff(OLD, NEW).section("norms")
    expected = {(size, level) for size in range(2, 21) for level in ("trede_1", "trede_2",
                                                                     "trede_3")}
    assert {(c.parts[1], c.parts[2]) for c in norms} == expected
    assert all(c.kind == CHANGED and c.new - c.old == Decimal("0.5") for c in norms)
    first = norms[0]
    assert (first.path, first.old, first.new) == ("norms.2.trede_1", Decimal("21.4"),
                                                  Decimal("21.9"))


def test_the_norm_summary_counts_the_raised_norms_per_level():
    summary = handbook_diff(OLD, NEW).norm_summary
    assert [(s.level, s.raised, s.lowered, s.smallest_size, s.largest_size) for s in summary] == [
        ("trede_1", 19, 0, 2, 20), ("trede_2", 19, 0, 2, 20), ("trede_3", 19, 0, 2, 20)]
    assert {s.smallest_step for s in summary} == {s.largest_step for s in summary} == {
        Decimal("0.5")}


def test_a_declared_rename_is_one_renamed_change_with_its_changed_labels():
    categories = handbook_diff(OLD, NEW).section("categories")
    renamed = [c for c in categories if c.kind == RENAMED]
    assert len(renamed) == 1
    assert (renamed[0].path, renamed[0].old.code, renamed[0].new.code) == (
        "categories.id_baan", "wiw_id", "id_baan")
    assert {(c.path, c.old, c.new) for c in categories if c.kind == CHANGED} == {
        ("categories.id_baan.label_nl", "WIW/ID-baan", "ID-baan"),
        ("categories.id_baan.label_en", "WIW/ID job", "ID job")}
    assert not [c for c in categories if c.kind == ADDED]


def test_the_removed_category_is_removed_and_leaves_its_pso30plus_set():
    diff = handbook_diff(OLD, NEW)
    assert [(c.path, c.kind, c.old.code) for c in diff.section("categories")
            if c.kind == REMOVED] == [("categories.status_lost", REMOVED, "status_lost")]
    # wiw_id → id_baan is carried by the rename; only the removed category leaves the set.
    assert _summary(diff) >= {("pso30plus.categories_indicated.status_lost", REMOVED)}
    assert [c.path for c in diff.section("pso30plus")] == [
        "pso30plus.categories_indicated.status_lost"]


def test_the_new_question_is_added_to_its_aspect():
    questions = handbook_diff(OLD, NEW).section("aspects")
    assert [(c.path, c.kind, c.new.code) for c in questions] == [
        ("aspects.passend_werk.questions.inwerkplan", ADDED, "inwerkplan")]


def test_the_synthetic_version_changes_exactly_these_things():
    diff = handbook_diff(OLD, NEW)
    assert [s.name for s in diff.sections] == [
        "handbook", "norms", "categories", "pso30plus", "aspects"]
    assert {c.path for c in diff.section("handbook")} == {
        "handbook.version", "handbook.effective", "handbook.title_nl", "handbook.title_en"}
    assert diff.section("handbook")[1].new == date(2027, 4, 1)
    assert diff.count == 4 + 57 + 4 + 1 + 1


def test_every_handbook_field_is_compared_or_named_as_not_compared():
    covered = {attribute for _, fields in SECTIONS for attribute, _ in fields}
    assert covered | NOT_COMPARED == {f.name for f in dataclasses.fields(Handbook)}
    assert not covered & NOT_COMPARED


def test_a_rename_without_a_declaration_is_a_removal_and_an_addition():
    new = _edited(('code = "wiw_id"', 'code = "id_baan"'), ('"wiw_id", "status_lost"',
                                                           '"id_baan", "status_lost"'))
    categories = handbook_diff(OLD, new).section("categories")
    assert [(c.path, c.kind) for c in categories] == [
        ("categories.wiw_id", REMOVED), ("categories.id_baan", ADDED)]


def test_a_declared_question_rename_is_one_renamed_change():
    new = _edited(('version = "2.2"', 'version = "2.3"'),
                  ('code = "taken_passen"', 'code = "taken_passend"'),
                  ("[[norms]]", '[migration]\nfrom_version = "2.2"\n[[migration.renames]]\n'
                   'kind = "question"\nfrom = "taken_passen"\nto = "taken_passend"\n\n'
                   "[[norms]]"))
    questions = handbook_diff(OLD, new).section("aspects")
    assert [(c.path, c.kind, c.old.code) for c in questions] == [
        ("aspects.passend_werk.questions.taken_passend", RENAMED, "taken_passen")]


def test_changed_weights_fees_and_vat_are_changes_with_old_and_new_values():
    new = _edited(('weight = "0.9"', 'weight = "0.8"'),
                  ('pso30plus_fee = "150.00"', 'pso30plus_fee = "175.00"'),
                  ('to = "25"\namount = "525.00"', 'to = "25"\namount = "550.00"'),
                  ('amount = "250.00"', 'amount = "275.00"'),
                  ('rate_pct = "21"', 'rate_pct = "22"'))
    diff = handbook_diff(OLD, new)
    assert {(c.path, c.old, c.new) for c in diff.changes()} == {
        ("contracts.secondment.weight", Decimal("0.9"), Decimal("0.8")),
        ("fee_tables.2023-04-01.pso30plus_fee", Decimal("150.00"), Decimal("175.00")),
        ("fee_tables.2023-04-01.events.withdrawal_in_window.amount", Decimal("250.00"),
         Decimal("275.00")),
        ("vat.rate_pct", Decimal("21"), Decimal("22")),
    } | {(c.path, c.old, c.new) for c in diff.section("fees")
         if c.path == "fee_tables.2023-04-01.annual_contribution.0"}
    band = next(c for c in diff.section("fees") if c.path.endswith("annual_contribution.0"))
    assert (band.old.value, band.new.value) == (Decimal("525.00"), Decimal("550.00"))


def test_reordering_categories_is_no_change_but_reordering_aspects_is():
    a = SHIPPED.index("[[categories]]")
    b = SHIPPED.index("[[categories]]", a + 1)
    c = SHIPPED.index("[[categories]]", b + 1)
    swapped = SHIPPED[:a] + SHIPPED[b:c] + SHIPPED[a:b] + SHIPPED[c:]
    assert handbook_diff(OLD, _read(swapped)).is_empty
    x = SHIPPED.index("[[aspects]]")
    y = SHIPPED.index("[[aspects]]", x + 1)
    z = SHIPPED.index("[[aspects]]", y + 1)
    swapped = SHIPPED[:x] + SHIPPED[y:z] + SHIPPED[x:y] + SHIPPED[z:]
    assert [c.path for c in handbook_diff(OLD, _read(swapped)).changes()] == ["aspects.order"]


def test_a_changed_scalar_in_a_rules_table_is_named_by_its_key():
    new = _edited(("payment_term_days = ", "payment_term_days = 1"))
    assert [c.path for c in handbook_diff(OLD, new).changes()] == ["dates.payment_term_days"]
