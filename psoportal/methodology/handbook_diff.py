"""What a new handbook version changes against the one in force (rule book §10, issue 14).

PSO-Nederland checks an uploaded version by its differences before publishing it:

    diff = handbook_diff(handbook_for(today), uploaded)
    for section in diff.sections:
        for change in section.changes:
            change.path, change.kind, change.old, change.new

A change names its place with a code path in the file's words (``norms.14.trede_1``,
``categories.id_baan.weight``), its kind (added, removed, renamed, changed) and the old and new
values as the loader made them (Decimal, date, a Category, ...). Coded things are matched by
code, never by position, so reordering a list is no change; a category or question that the new
version's ``[migration]`` table renames is one "renamed" change (plus its changed fields), not a
removal and an addition. Norm rows are matched by size. Pure: no Django.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .handbook import Aspect, Band, FeeTable, Handbook, NormRow

ADDED = "added"
REMOVED = "removed"
RENAMED = "renamed"
CHANGED = "changed"

# Each Handbook field, the section it is shown in and its path in the file. `source` is where
# the text came from (not part of the version) and `migration` is shown as renames and removals
# in the sections of the things it renames; a test keeps this list complete.
SECTIONS: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    ("handbook", (("version", ("handbook", "version")), ("effective", ("handbook", "effective")),
                  ("title_nl", ("handbook", "title_nl")),
                  ("title_en", ("handbook", "title_en")))),
    ("norms", (("norm_rows", ("norms",)),)),
    ("levels", (("levels", ("levels",)),)),
    ("categories", (("categories", ("categories",)),)),
    ("contracts", (("contracts", ("contracts",)),)),
    ("purchase_kinds", (("purchase_kinds", ("purchase_kinds",)),)),
    ("banenafspraak", (("banenafspraak", ("banenafspraak",)),)),
    ("pso30plus", (("pso30plus", ("pso30plus",)),)),
    ("aspects", (("aspects", ("aspects",)),)),
    ("fees", (("fee_tables", ("fee_tables",)),)),
    ("mandays", (("mandays", ("mandays",)),)),
    ("vat", (("vat_rate_pct", ("vat", "rate_pct")),)),
    ("dates", (("dates", ("dates",)),)),
    ("audit", (("audit", ("audit",)),)),
    ("register", (("register", ("register",)),)),
    ("limits", (("limits", ("limits",)),)),
    ("certification", (("minimum_fte", ("certification", "minimum_fte")),)),
    ("indirect", (("indirect_max_share_pct", ("indirect", "max_share_pct")),)),
)
NOT_COMPARED = frozenset({"source", "migration"})

# Dataclass field names that the file spells differently.
_FILE_NAMES = {"has_norm": "norm"}


@dataclass(frozen=True)
class Change:
    parts: tuple[str | int, ...]  # the code path, e.g. ("norms", 14, "trede_1")
    kind: str  # ADDED, REMOVED, RENAMED or CHANGED
    old: Any  # None when added
    new: Any  # None when removed

    @property
    def path(self) -> str:
        return ".".join(str(p) for p in self.parts)


@dataclass(frozen=True)
class Section:
    name: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class NormSummary:
    """The norm changes of one level: how many rose and fell, over which sizes."""

    level: str
    raised: int
    lowered: int
    smallest_size: int
    largest_size: int
    smallest_step: Decimal  # new − old, the smallest and largest over the changed rows
    largest_step: Decimal


@dataclass(frozen=True)
class HandbookDiff:
    old_version: str
    new_version: str
    sections: tuple[Section, ...]  # in SECTIONS order, only those with changes
    norm_summary: tuple[NormSummary, ...]  # per level with changed norms, in ladder order

    @property
    def is_empty(self) -> bool:
        return not self.sections

    @property
    def count(self) -> int:
        return sum(len(s.changes) for s in self.sections)

    def section(self, name: str) -> tuple[Change, ...]:
        for section in self.sections:
            if section.name == name:
                return section.changes
        return ()

    def changes(self) -> tuple[Change, ...]:
        return tuple(c for s in self.sections for c in s.changes)


def handbook_diff(old: Handbook, new: Handbook) -> HandbookDiff:
    """Every difference between two handbook versions, by section."""
    rules = new.migration
    renames = {kind: rules.renamed(kind) if rules else {} for kind in ("category", "question")}
    sections = []
    for name, fields in SECTIONS:
        changes: list[Change] = []
        for attribute, parts in fields:
            a, b = getattr(old, attribute), getattr(new, attribute)
            if attribute == "norm_rows":
                changes += _norms(parts, a, b)
            elif attribute == "categories":
                changes += _coded(parts, a, b, renames["category"])
            elif attribute == "aspects":
                changes += _aspects(parts, a, b, renames["question"])
            elif attribute == "fee_tables":
                changes += _fee_tables(parts, a, b)
            else:
                changes += _walk(parts, a, b, renames["category"])
        if changes:
            sections.append(Section(name, tuple(changes)))
    return HandbookDiff(
        old_version=old.version,
        new_version=new.version,
        sections=tuple(sections),
        norm_summary=_norm_summary(new, next((s.changes for s in sections if s.name == "norms"),
                                             ())),
    )


# -- the generic walk ----------------------------------------------------------------------------


def _walk(parts: tuple, old: Any, new: Any, renames: Mapping[str, str]) -> list[Change]:
    """Scalars compared, dataclasses field by field, mappings and coded tuples by code, sets of
    codes member by member (old members read through `renames`), other tuples by position."""
    if old == new:
        return []
    if dataclasses.is_dataclass(old) and type(old) is type(new):
        changes = []
        for field in dataclasses.fields(old):
            name = _FILE_NAMES.get(field.name, field.name)
            changes += _walk((*parts, name), getattr(old, field.name), getattr(new, field.name),
                             renames)
        return changes
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return _coded(parts, old, new, {})
    if _all_coded(old) and _all_coded(new):
        changes = _coded(parts, {x.code: x for x in old}, {x.code: x for x in new}, {})
        old_order = [x.code for x in old if x.code in {y.code for y in new}]
        new_order = [x.code for x in new if x.code in {y.code for y in old}]
        if old_order != new_order:
            changes.append(Change((*parts, "order"), CHANGED, tuple(old_order), tuple(new_order)))
        return changes
    if isinstance(old, frozenset) and isinstance(new, frozenset):
        carried = {renames.get(code, code) for code in old}
        return ([Change((*parts, code), REMOVED, code, None) for code in sorted(carried - new)]
                + [Change((*parts, code), ADDED, None, code) for code in sorted(new - carried)])
    if _all_bands(old) and _all_bands(new):
        return _by_position(parts, old, new)
    return [Change(parts, CHANGED, old, new)]


def _all_coded(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and all(
        dataclasses.is_dataclass(x) and hasattr(x, "code") for x in value)


def _all_bands(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(x, Band) for x in value)


def _by_position(parts: tuple, old: tuple, new: tuple) -> list[Change]:
    changes = []
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else None
        b = new[i] if i < len(new) else None
        if a is None:
            changes.append(Change((*parts, i), ADDED, None, b))
        elif b is None:
            changes.append(Change((*parts, i), REMOVED, a, None))
        elif a != b:
            changes.append(Change((*parts, i), CHANGED, a, b))
    return changes


def _coded(parts: tuple, old: Mapping[str, Any], new: Mapping[str, Any],
           renames: Mapping[str, str],
           inner: Callable[[tuple, Any, Any], list[Change]] | None = None) -> list[Change]:
    """Things keyed by code: removed, renamed (declared in [migration] and only when the old code
    is gone and the new one is new), added, then each kept thing's changed fields."""
    inner = inner or (lambda p, a, b: _walk(p, a, b, {}))
    renamed = {o: n for o, n in renames.items() if o in old and o not in new
               and n in new and n not in old}
    changes = [Change((*parts, code), REMOVED, item, None)
               for code, item in old.items() if code not in new and code not in renamed]
    for code, item in new.items():
        if code in old:
            changes += inner((*parts, code), old[code], item)
    for was, now in renamed.items():
        changes.append(Change((*parts, now), RENAMED, old[was], new[now]))
        changes += [c for c in inner((*parts, now), old[was], new[now])
                    if c.parts[len(parts) + 1:] != ("code",)]
    changes += [Change((*parts, code), ADDED, None, item)
                for code, item in new.items() if code not in old and code not in renamed.values()]
    return changes


# -- the parts that need more than the walk ------------------------------------------------------


def _norms(parts: tuple, old: tuple[NormRow, ...], new: tuple[NormRow, ...]) -> list[Change]:
    """Norm rows by size: each changed norm of a level, rows added or removed, `published`."""
    old_rows = {row.size: row for row in old}
    new_rows = {row.size: row for row in new}
    changes = []
    for size in sorted(old_rows.keys() | new_rows.keys()):
        a, b = old_rows.get(size), new_rows.get(size)
        if a is None:
            changes.append(Change((*parts, size), ADDED, None, b))
        elif b is None:
            changes.append(Change((*parts, size), REMOVED, a, None))
        else:
            for level in [*a.norms, *(code for code in b.norms if code not in a.norms)]:
                x, y = a.norms.get(level), b.norms.get(level)
                if x != y:
                    kind = ADDED if x is None else REMOVED if y is None else CHANGED
                    changes.append(Change((*parts, size, level), kind, x, y))
            if a.published != b.published:
                changes.append(Change((*parts, size, "published"), CHANGED, a.published,
                                      b.published))
    return changes


def _norm_summary(new: Handbook, changes: Iterable[Change]) -> tuple[NormSummary, ...]:
    steps: dict[str, list[tuple[int, Decimal]]] = {}
    for change in changes:
        if change.kind == CHANGED and len(change.parts) == 3 and change.parts[2] != "published":
            steps.setdefault(str(change.parts[2]), []).append(
                (int(change.parts[1]), change.new - change.old))
    order = [level.code for level in new.levels]
    summary = []
    for level in sorted(steps, key=lambda c: order.index(c) if c in order else len(order)):
        rows = steps[level]
        summary.append(NormSummary(
            level=level,
            raised=sum(1 for _, step in rows if step > 0),
            lowered=sum(1 for _, step in rows if step < 0),
            smallest_size=min(size for size, _ in rows),
            largest_size=max(size for size, _ in rows),
            smallest_step=min(step for _, step in rows),
            largest_step=max(step for _, step in rows),
        ))
    return tuple(summary)


def _aspects(parts: tuple, old: tuple[Aspect, ...], new: tuple[Aspect, ...],
             question_renames: Mapping[str, str]) -> list[Change]:
    def inner(path: tuple, a: Aspect, b: Aspect) -> list[Change]:
        changes = []
        for field in ("label_nl", "label_en", "levels"):
            x, y = getattr(a, field), getattr(b, field)
            if x != y:
                changes.append(Change((*path, field), CHANGED, x, y))
        changes += _coded((*path, "questions"), {q.code: q for q in a.questions},
                          {q.code: q for q in b.questions}, question_renames)
        return changes

    changes = _coded(parts, {a.code: a for a in old}, {a.code: a for a in new}, {}, inner)
    old_order = [a.code for a in old if a.code in {b.code for b in new}]
    new_order = [a.code for a in new if a.code in {b.code for b in old}]
    if old_order != new_order:
        changes.append(Change((*parts, "order"), CHANGED, tuple(old_order), tuple(new_order)))
    return changes


def _fee_tables(parts: tuple, old: tuple[FeeTable, ...],
                new: tuple[FeeTable, ...]) -> list[Change]:
    """Fee tables by their effective date (an application keeps its agreement's table, §9)."""
    return _coded(parts, {t.effective.isoformat(): t for t in old},
                  {t.effective.isoformat(): t for t in new}, {})
