"""Handbook versions: every number and list the rekentool uses (rule book §4-§10).

A handbook is one TOML file in ``handbooks/``, named after its version. The loader checks every
key and type and stops at the first problem with a message naming the key, e.g.
``handbooks/2.2.toml: norms[14].trede_1: expected a decimal string``. Loaded handbooks are
immutable and cached for the life of the process.

The version that applies is the one in force on a date: the greatest effective date on or before
it (rule book §10).
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from .limits import CODE_MAX_LENGTH

HANDBOOK_DIR = Path(__file__).parent / "handbooks"

# Field names of a target-group row a counting period may start from or run until; the loader
# refuses any other so a typo in a handbook cannot silently make a period run on forever.
PERIOD_START_FIELDS = ("inflow_date", "school_left")
PERIOD_UNTIL_FIELDS = ("lks_until", "indication_until")
COUNTING_PERIODS = ("while_employed", "years", "until", "years_or_until")

_DECIMAL = re.compile(r"-?\d+(\.\d+)?\Z")
# A code fits the columns that store it (limits.CODE_MAX_LENGTH).
_CODE = re.compile(rf"[a-z][a-z0-9_]{{0,{CODE_MAX_LENGTH - 1}}}")


class HandbookError(ValueError):
    """A handbook file is missing, unreadable or has a wrong key or value."""


class HandbookNotFound(LookupError):
    """No handbook with that version, or none in force on that date."""


@dataclass(frozen=True)
class Level:
    code: str
    label_nl: str
    label_en: str
    has_norm: bool
    norm_provisional: bool


@dataclass(frozen=True)
class NormRow:
    size: int
    norms: Mapping[str, Decimal]
    published: bool


@dataclass(frozen=True)
class Category:
    code: str
    label_nl: str
    label_en: str
    weight: Decimal
    provisional: bool
    counting_period: str
    start: str
    years: int | None
    until: str | None
    period_nl: str
    period_en: str


@dataclass(frozen=True)
class Contract:
    code: str
    label_nl: str
    label_en: str
    weight: Decimal
    max_years: int | None


@dataclass(frozen=True)
class PurchaseKind:
    code: str
    label_nl: str
    label_en: str


@dataclass(frozen=True)
class Banenafspraak:
    categories: frozenset[str]
    hours_per_baan: Decimal


@dataclass(frozen=True)
class Pso30Plus:
    level: str
    minimum_pct: Decimal
    categories_auto: frozenset[str]
    categories_indicated: frozenset[str]
    categories_never: frozenset[str]
    contracts: frozenset[str]


@dataclass(frozen=True)
class Question:
    code: str
    text_nl: str
    text_en: str
    evidence_nl: str
    evidence_en: str


@dataclass(frozen=True)
class Aspect:
    code: str
    label_nl: str
    label_en: str
    levels: tuple[str, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Band:
    """One row of a banded table: applies when ``lower ≤ x < upper`` (no upper: no limit)."""

    lower: Decimal
    upper: Decimal | None
    value: Decimal

    def contains(self, x: Decimal | int) -> bool:
        return self.lower <= x and (self.upper is None or x < self.upper)


@dataclass(frozen=True)
class FeeEvent:
    code: str
    amount: Decimal
    label_nl: str
    label_en: str


@dataclass(frozen=True)
class FeeTable:
    effective: date
    annual_contribution: tuple[Band, ...]
    pso30plus_fee: Decimal
    events: Mapping[str, FeeEvent]


@dataclass(frozen=True)
class Mandays:
    aspirant: tuple[Band, ...]
    trede: tuple[Band, ...]


@dataclass(frozen=True)
class DateRules:
    first_invoice_after_days: int
    second_invoice_after_years: int
    payment_term_days: int
    certificate_years: int
    expiry_notice_months: int
    cancellation_window_months: int
    half_credit_window_months: int
    three_month_rule_months: int
    payment_reminder_after_days: int


@dataclass(frozen=True)
class AuditRules:
    report_due_days: int
    aspirant_max_extensions: int
    # Target-group rows the auditor samples, by Z (all rows when Z is smaller).
    sample: tuple[Band, ...]

    def sample_size(self, z: int) -> int:
        for band in self.sample:
            if band.contains(z):
                return min(z, int(band.value))
        return z


@dataclass(frozen=True)
class RegisterRules:
    # §11: a certificate in force is shown as "verloopt binnenkort" when it ends within this
    # many months of the day asked about.
    expiring_soon_months: int


@dataclass(frozen=True)
class Limits:
    peiljaar_months: int
    hours_per_week_min: Decimal
    hours_per_week_max: Decimal
    fulltime_hours_min: Decimal
    fulltime_hours_max: Decimal
    kvk_digits: int


@dataclass(frozen=True)
class Rename:
    """A code of the previous version that this version calls differently (rule book §10)."""

    kind: str  # "category" or "question"
    old: str
    new: str


@dataclass(frozen=True)
class Removal:
    """A code of the previous version that this version no longer has: the data that used it
    cannot be carried over and is kept aside when drafts migrate (rule book §10)."""

    kind: str  # "category" or "question"
    code: str


@dataclass(frozen=True)
class MigrationRules:
    """How drafts of `from_version` move to this version: the `[migration]` table."""

    from_version: str
    renames: tuple[Rename, ...]
    removals: tuple[Removal, ...]

    def renamed(self, kind: str) -> dict[str, str]:
        return {r.old: r.new for r in self.renames if r.kind == kind}

    def removed(self, kind: str) -> frozenset[str]:
        return frozenset(r.code for r in self.removals if r.kind == kind)


MIGRATION_KINDS = ("category", "question")


@dataclass(frozen=True)
class Handbook:
    version: str
    effective: date
    title_nl: str
    title_en: str
    source: str
    minimum_fte: Decimal
    limits: Limits
    levels: tuple[Level, ...]
    norm_rows: tuple[NormRow, ...]
    categories: Mapping[str, Category]
    contracts: Mapping[str, Contract]
    purchase_kinds: Mapping[str, PurchaseKind]
    indirect_max_share_pct: Decimal
    banenafspraak: Banenafspraak
    pso30plus: Pso30Plus
    aspects: tuple[Aspect, ...]
    fee_tables: tuple[FeeTable, ...]
    mandays: Mandays
    vat_rate_pct: Decimal
    dates: DateRules
    audit: AuditRules
    register: RegisterRules
    # How drafts of the previous version move to this one; None for the first version.
    migration: MigrationRules | None = None

    @property
    def fallback_level(self) -> Level:
        """The level without a norm (Aspirant-status), reached through its own aspects."""
        return self.levels[0]

    @property
    def normed_levels(self) -> tuple[Level, ...]:
        """The quantitative ladder, low to high."""
        return self.levels[1:]

    def level(self, code: str) -> Level:
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(code)

    @property
    def smallest_size(self) -> int:
        return self.norm_rows[0].size

    @property
    def largest_size(self) -> int:
        return self.norm_rows[-1].size

    def norm_row(self, size: int) -> NormRow:
        """The norm row for a size (rows run without gaps from the smallest to the largest)."""
        if not self.smallest_size <= size <= self.largest_size:
            raise KeyError(size)
        return self.norm_rows[size - self.smallest_size]

    def aspects_for(self, level_code: str) -> tuple[Aspect, ...]:
        return tuple(a for a in self.aspects if level_code in a.levels)

    def fee_table_for(self, on: date) -> FeeTable | None:
        """The fee table in force on a date (§9: an application keeps its agreement's table)."""
        found = None
        for table in self.fee_tables:
            if table.effective <= on:
                found = table
        return found


# -- loading -----------------------------------------------------------------------------------


class _Reader:
    """Typed access to the parsed TOML that names the offending key when something is wrong."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, message: str) -> NoReturn:
        raise HandbookError(f"{self.source}: {path}: {message}")

    def table(
        self, value: object, path: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, "expected a table")
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.fail(_join(path, key), "unknown key")
        for key in required:
            if key not in value:
                self.fail(_join(path, key), "missing")
        return value

    def tables(self, value: object, path: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            self.fail(path, "expected a non-empty array of tables")
        return value

    def text(self, data: dict[str, Any], key: str, path: str) -> str:
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.fail(_join(path, key), "expected a non-empty string")
        return value

    def code(self, data: dict[str, Any], key: str, path: str) -> str:
        value = data[key]
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            self.fail(
                _join(path, key),
                f"expected a code (lower case letters, digits, _; at most {CODE_MAX_LENGTH})",
            )
        return value

    def decimal(self, data: dict[str, Any], key: str, path: str) -> Decimal:
        value = data[key]
        if not isinstance(value, str) or not _DECIMAL.match(value):
            self.fail(_join(path, key), "expected a decimal string")
        return Decimal(value)

    def integer(self, data: dict[str, Any], key: str, path: str, minimum: int = 0) -> int:
        value = data[key]
        if type(value) is not int or value < minimum:
            self.fail(_join(path, key), f"expected a whole number ≥ {minimum}")
        return value

    def boolean(self, data: dict[str, Any], key: str, path: str) -> bool:
        value = data[key]
        if not isinstance(value, bool):
            self.fail(_join(path, key), "expected true or false")
        return value

    def day(self, data: dict[str, Any], key: str, path: str) -> date:
        value = data[key]
        # tomllib gives datetime for date-times; only a bare local date is meaningful here.
        if type(value) is not date:
            self.fail(_join(path, key), "expected a date (YYYY-MM-DD, unquoted)")
        return value

    def codes(
        self, data: dict[str, Any], key: str, path: str, known: Iterable[str]
    ) -> tuple[str, ...]:
        value = data[key]
        known = set(known)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(_join(path, key), "expected an array of strings")
        for i, item in enumerate(value):
            if item not in known:
                self.fail(f"{_join(path, key)}[{i}]", f"unknown code {item!r}")
        if len(set(value)) != len(value):
            self.fail(_join(path, key), "lists a code twice")
        return tuple(value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def load_handbook(path: Path | str, *, source: str | None = None) -> Handbook:
    """Read and check one handbook file. Raises HandbookError naming the offending key."""
    path = Path(path)
    source = source or f"handbooks/{path.name}"
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise HandbookError(f"{source}: cannot read: {e.strerror or e}") from e
    except tomllib.TOMLDecodeError as e:
        raise HandbookError(f"{source}: not valid TOML: {e}") from e
    handbook = parse_handbook(data, source=source)
    if handbook.version != path.stem:
        raise HandbookError(
            f"{source}: handbook.version: {handbook.version!r} does not match the file name"
        )
    return handbook


# An uploaded handbook file (the back office's new version) is refused above this size before it
# is parsed: the shipped 2.2 file is about 40 KB.
HANDBOOK_TEXT_MAX_BYTES = 1024 * 1024


def parse_handbook_text(text: str | bytes, *, source: str) -> Handbook:
    """Read and check a handbook from its TOML text (an upload). Raises HandbookError."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > HANDBOOK_TEXT_MAX_BYTES:
        raise HandbookError(f"{source}: larger than {HANDBOOK_TEXT_MAX_BYTES // 1024} KB")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise HandbookError(f"{source}: not UTF-8 text") from e
    except tomllib.TOMLDecodeError as e:
        raise HandbookError(f"{source}: not valid TOML: {e}") from e
    return parse_handbook(data, source=source)


def parse_handbook(data: dict[str, Any], *, source: str) -> Handbook:
    """Build a Handbook from parsed TOML, checking every key and type."""
    r = _Reader(source)
    top = r.table(
        data,
        "",
        required=(
            "handbook", "certification", "limits", "levels", "categories", "contracts",
            "purchase_kinds", "indirect", "banenafspraak", "pso30plus", "aspects",
            "fee_tables", "mandays", "vat", "dates", "norms", "audit", "register",
        ),
        optional=("migration",),
    )  # fmt: skip

    head = r.table(top["handbook"], "handbook", ("version", "effective", "title_nl", "title_en"))
    version = r.text(head, "version", "handbook")
    if not re.fullmatch(r"\d+(\.\d+)*", version):
        r.fail("handbook.version", 'expected a version number such as "2.2"')

    cert = r.table(top["certification"], "certification", ("minimum_fte",))
    limits = _limits(r, top["limits"])
    levels = _levels(r, top["levels"])
    categories = _categories(r, top["categories"])
    contracts = _contracts(r, top["contracts"])
    kinds = _purchase_kinds(r, top["purchase_kinds"])

    indirect = r.table(top["indirect"], "indirect", ("max_share_pct",))
    max_share = r.decimal(indirect, "max_share_pct", "indirect")
    if not 0 <= max_share < 100:
        r.fail("indirect.max_share_pct", "expected a percentage from 0 up to 100")

    ba = r.table(top["banenafspraak"], "banenafspraak", ("categories", "hours_per_baan"))
    banenafspraak = Banenafspraak(
        categories=frozenset(r.codes(ba, "categories", "banenafspraak", categories)),
        hours_per_baan=_positive(r, ba, "hours_per_baan", "banenafspraak"),
    )
    pso30plus = _pso30plus(r, top["pso30plus"], levels, categories, contracts)
    aspects = _aspects(r, top["aspects"], levels)
    norm_rows = _norms(r, top["norms"], levels)

    return Handbook(
        version=version,
        effective=r.day(head, "effective", "handbook"),
        title_nl=r.text(head, "title_nl", "handbook"),
        title_en=r.text(head, "title_en", "handbook"),
        source=source,
        minimum_fte=_positive(r, cert, "minimum_fte", "certification"),
        limits=limits,
        levels=levels,
        norm_rows=norm_rows,
        categories=MappingProxyType(categories),
        contracts=MappingProxyType(contracts),
        purchase_kinds=MappingProxyType(kinds),
        indirect_max_share_pct=max_share,
        banenafspraak=banenafspraak,
        pso30plus=pso30plus,
        aspects=aspects,
        fee_tables=_fee_tables(r, top["fee_tables"]),
        mandays=_mandays(r, top["mandays"]),
        vat_rate_pct=_vat(r, top["vat"]),
        dates=_dates(r, top["dates"]),
        audit=_audit(r, top["audit"]),
        register=_register(r, top["register"]),
        migration=(_migration(r, top["migration"], version, categories, aspects)
                   if "migration" in top else None),
    )


def _positive(r: _Reader, data: dict[str, Any], key: str, path: str) -> Decimal:
    value = r.decimal(data, key, path)
    if value <= 0:
        r.fail(_join(path, key), "expected a number greater than 0")
    return value


def _limits(r: _Reader, value: object) -> Limits:
    fields = (
        "peiljaar_months", "hours_per_week_min", "hours_per_week_max",
        "fulltime_hours_min", "fulltime_hours_max", "kvk_digits",
    )  # fmt: skip
    t = r.table(value, "limits", fields)
    limits = Limits(
        peiljaar_months=r.integer(t, "peiljaar_months", "limits", minimum=1),
        hours_per_week_min=r.decimal(t, "hours_per_week_min", "limits"),
        hours_per_week_max=_positive(r, t, "hours_per_week_max", "limits"),
        fulltime_hours_min=_positive(r, t, "fulltime_hours_min", "limits"),
        fulltime_hours_max=_positive(r, t, "fulltime_hours_max", "limits"),
        kvk_digits=r.integer(t, "kvk_digits", "limits", minimum=1),
    )
    if limits.hours_per_week_min > limits.hours_per_week_max:
        r.fail("limits.hours_per_week_min", "greater than hours_per_week_max")
    if limits.fulltime_hours_min > limits.fulltime_hours_max:
        r.fail("limits.fulltime_hours_min", "greater than fulltime_hours_max")
    return limits


def _levels(r: _Reader, value: object) -> tuple[Level, ...]:
    levels = []
    for i, item in enumerate(r.tables(value, "levels")):
        path = f"levels[{i}]"
        t = r.table(item, path, ("code", "label_nl", "label_en", "norm", "norm_provisional"))
        levels.append(
            Level(
                code=r.code(t, "code", path),
                label_nl=r.text(t, "label_nl", path),
                label_en=r.text(t, "label_en", path),
                has_norm=r.boolean(t, "norm", path),
                norm_provisional=r.boolean(t, "norm_provisional", path),
            )
        )
    # The engine's ladder: one level without a norm at the bottom, then at least one with.
    if levels[0].has_norm:
        r.fail("levels[0].norm", "the lowest level must have no norm (Aspirant-status)")
    for i, level in enumerate(levels[1:], start=1):
        if not level.has_norm:
            r.fail(f"levels[{i}].norm", "only the lowest level may be without a norm")
    if len(levels) < 2:
        r.fail("levels", "expected at least one level with a norm")
    _unique(r, "levels", [lv.code for lv in levels])
    if "none" in {lv.code for lv in levels}:
        r.fail("levels", "'none' is reserved for 'no level'")
    return tuple(levels)


def _categories(r: _Reader, value: object) -> dict[str, Category]:
    result: dict[str, Category] = {}
    for i, item in enumerate(r.tables(value, "categories")):
        path = f"categories[{i}]"
        t = r.table(
            item,
            path,
            required=(
                "code", "label_nl", "label_en", "weight", "provisional", "counting_period",
                "start", "period_nl", "period_en",
            ),
            optional=("years", "until"),
        )  # fmt: skip
        kind = t["counting_period"]
        if kind not in COUNTING_PERIODS:
            r.fail(f"{path}.counting_period", f"expected one of {', '.join(COUNTING_PERIODS)}")
        if t["start"] not in PERIOD_START_FIELDS:
            r.fail(f"{path}.start", f"expected one of {', '.join(PERIOD_START_FIELDS)}")
        needs_years = kind in ("years", "years_or_until")
        needs_until = kind in ("until", "years_or_until")
        if needs_years != ("years" in t):
            r.fail(f"{path}.years", "required for this counting period" if needs_years
                   else "not used by this counting period")  # fmt: skip
        if needs_until != ("until" in t):
            r.fail(f"{path}.until", "required for this counting period" if needs_until
                   else "not used by this counting period")  # fmt: skip
        if needs_until and t["until"] not in PERIOD_UNTIL_FIELDS:
            r.fail(f"{path}.until", f"expected one of {', '.join(PERIOD_UNTIL_FIELDS)}")
        weight = r.decimal(t, "weight", path)
        if not 0 < weight <= 1:
            r.fail(f"{path}.weight", "expected a weight greater than 0 and at most 1")
        category = Category(
            code=r.code(t, "code", path),
            label_nl=r.text(t, "label_nl", path),
            label_en=r.text(t, "label_en", path),
            weight=weight,
            provisional=r.boolean(t, "provisional", path),
            counting_period=kind,
            start=t["start"],
            years=r.integer(t, "years", path, minimum=1) if needs_years else None,
            until=t["until"] if needs_until else None,
            period_nl=r.text(t, "period_nl", path),
            period_en=r.text(t, "period_en", path),
        )
        if category.code in result:
            r.fail(f"{path}.code", f"{category.code!r} appears twice")
        result[category.code] = category
    return result


def _contracts(r: _Reader, value: object) -> dict[str, Contract]:
    result: dict[str, Contract] = {}
    for i, item in enumerate(r.tables(value, "contracts")):
        path = f"contracts[{i}]"
        t = r.table(item, path, ("code", "label_nl", "label_en", "weight"), ("max_years",))
        weight = r.decimal(t, "weight", path)
        if not 0 < weight <= 1:
            r.fail(f"{path}.weight", "expected a weight greater than 0 and at most 1")
        contract = Contract(
            code=r.code(t, "code", path),
            label_nl=r.text(t, "label_nl", path),
            label_en=r.text(t, "label_en", path),
            weight=weight,
            max_years=r.integer(t, "max_years", path, minimum=1) if "max_years" in t else None,
        )
        if contract.code in result:
            r.fail(f"{path}.code", f"{contract.code!r} appears twice")
        result[contract.code] = contract
    return result


def _purchase_kinds(r: _Reader, value: object) -> dict[str, PurchaseKind]:
    result: dict[str, PurchaseKind] = {}
    for i, item in enumerate(r.tables(value, "purchase_kinds")):
        path = f"purchase_kinds[{i}]"
        t = r.table(item, path, ("code", "label_nl", "label_en"))
        kind = PurchaseKind(
            code=r.code(t, "code", path),
            label_nl=r.text(t, "label_nl", path),
            label_en=r.text(t, "label_en", path),
        )
        if kind.code in result:
            r.fail(f"{path}.code", f"{kind.code!r} appears twice")
        result[kind.code] = kind
    return result


def _pso30plus(
    r: _Reader,
    value: object,
    levels: tuple[Level, ...],
    categories: Mapping[str, Category],
    contracts: Mapping[str, Contract],
) -> Pso30Plus:
    path = "pso30plus"
    t = r.table(
        value,
        path,
        ("level", "minimum_pct", "categories_auto", "categories_indicated",
         "categories_never", "contracts"),
    )  # fmt: skip
    level = r.code(t, "level", path)
    if level not in {lv.code for lv in levels if lv.has_norm}:
        r.fail(f"{path}.level", f"unknown level with a norm {level!r}")
    sets = {
        key: frozenset(r.codes(t, key, path, categories))
        for key in ("categories_auto", "categories_indicated", "categories_never")
    }
    # §7.4 sorts every category into exactly one of the three sets.
    seen: dict[str, str] = {}
    for key, codes in sets.items():
        for code in sorted(codes):
            if code in seen:
                r.fail(f"{path}.{key}", f"{code!r} is also in {seen[code]}")
            seen[code] = key
    missing = sorted(set(categories) - set(seen))
    if missing:
        r.fail(path, f"categories not in any set: {', '.join(missing)}")
    return Pso30Plus(
        level=level,
        minimum_pct=r.decimal(t, "minimum_pct", path),
        categories_auto=sets["categories_auto"],
        categories_indicated=sets["categories_indicated"],
        categories_never=sets["categories_never"],
        contracts=frozenset(r.codes(t, "contracts", path, contracts)),
    )


def _aspects(r: _Reader, value: object, levels: tuple[Level, ...]) -> tuple[Aspect, ...]:
    level_codes = [lv.code for lv in levels]
    aspects = []
    for i, item in enumerate(r.tables(value, "aspects")):
        path = f"aspects[{i}]"
        t = r.table(item, path, ("code", "label_nl", "label_en", "levels", "questions"))
        questions = []
        for j, q in enumerate(r.tables(t["questions"], f"{path}.questions")):
            qpath = f"{path}.questions[{j}]"
            qt = r.table(q, qpath, ("code", "text_nl", "text_en", "evidence_nl", "evidence_en"))
            questions.append(
                Question(
                    code=r.code(qt, "code", qpath),
                    text_nl=r.text(qt, "text_nl", qpath),
                    text_en=r.text(qt, "text_en", qpath),
                    evidence_nl=r.text(qt, "evidence_nl", qpath),
                    evidence_en=r.text(qt, "evidence_en", qpath),
                )
            )
        _unique(r, f"{path}.questions", [q.code for q in questions])
        aspect_levels = r.codes(t, "levels", path, level_codes)
        if not aspect_levels:
            r.fail(f"{path}.levels", "expected at least one level")
        aspects.append(
            Aspect(
                code=r.code(t, "code", path),
                label_nl=r.text(t, "label_nl", path),
                label_en=r.text(t, "label_en", path),
                levels=aspect_levels,
                questions=tuple(questions),
            )
        )
    _unique(r, "aspects", [a.code for a in aspects])
    # Without an aspect for the fallback level nobody could ever reach Aspirant-status.
    if not any(levels[0].code in a.levels for a in aspects):
        r.fail("aspects", f"no aspect applies to {levels[0].code!r}")
    return tuple(aspects)


def _norms(r: _Reader, value: object, levels: tuple[Level, ...]) -> tuple[NormRow, ...]:
    columns = [lv.code for lv in levels if lv.has_norm]
    rows: list[NormRow] = []
    for i, item in enumerate(r.tables(value, "norms")):
        path = f"norms[{i}]"
        t = r.table(item, path, ("size", "published", *columns))
        size = r.integer(t, "size", path, minimum=1)
        if rows and size != rows[-1].size + 1:
            r.fail(f"{path}.size", f"expected {rows[-1].size + 1} (one row per size, in order)")
        norms = {code: r.decimal(t, code, path) for code in columns}
        for low, high in itertools.pairwise(columns):
            if not 0 <= norms[low] < norms[high]:
                r.fail(f"{path}.{high}", f"expected a norm above {low}")
        if norms[columns[-1]] > 100:
            r.fail(f"{path}.{columns[-1]}", "expected a percentage of at most 100")
        # Norms never rise with size: the next-level advice relies on it when new staff make
        # the organisation grow into a larger row.
        if rows:
            for code in columns:
                if norms[code] > rows[-1].norms[code]:
                    r.fail(f"{path}.{code}", "expected a norm not above the previous row's")
        rows.append(
            NormRow(
                size=size, norms=MappingProxyType(norms), published=r.boolean(t, "published", path)
            )
        )
    return tuple(rows)


def _bands(r: _Reader, value: object, path: str, value_key: str) -> tuple[Band, ...]:
    bands = []
    items = r.tables(value, path)
    for i, item in enumerate(items):
        bpath = f"{path}[{i}]"
        last = i == len(items) - 1
        t = r.table(item, bpath, ("from", value_key) if last else ("from", "to", value_key))
        lower = r.decimal(t, "from", bpath)
        upper = None if last else r.decimal(t, "to", bpath)
        if upper is not None and upper <= lower:
            r.fail(f"{bpath}.to", "expected a value above 'from'")
        if bands and lower != bands[-1].upper:
            r.fail(f"{bpath}.from", "expected the previous band's 'to' (bands without gaps)")
        bands.append(Band(lower=lower, upper=upper, value=r.decimal(t, value_key, bpath)))
    return tuple(bands)


def _fee_tables(r: _Reader, value: object) -> tuple[FeeTable, ...]:
    tables = []
    for i, item in enumerate(r.tables(value, "fee_tables")):
        path = f"fee_tables[{i}]"
        t = r.table(item, path, ("effective", "pso30plus_fee", "annual_contribution", "events"))
        events: dict[str, FeeEvent] = {}
        for j, e in enumerate(r.tables(t["events"], f"{path}.events")):
            epath = f"{path}.events[{j}]"
            et = r.table(e, epath, ("code", "amount", "label_nl", "label_en"))
            event = FeeEvent(
                code=r.code(et, "code", epath),
                amount=r.decimal(et, "amount", epath),
                label_nl=r.text(et, "label_nl", epath),
                label_en=r.text(et, "label_en", epath),
            )
            if event.code in events:
                r.fail(f"{epath}.code", f"{event.code!r} appears twice")
            events[event.code] = event
        table = FeeTable(
            effective=r.day(t, "effective", path),
            annual_contribution=_bands(
                r, t["annual_contribution"], f"{path}.annual_contribution", "amount"
            ),
            pso30plus_fee=r.decimal(t, "pso30plus_fee", path),
            events=MappingProxyType(events),
        )
        if tables and table.effective <= tables[-1].effective:
            r.fail(f"{path}.effective", "expected a date after the previous table's")
        tables.append(table)
    return tuple(tables)


def _mandays(r: _Reader, value: object) -> Mandays:
    t = r.table(value, "mandays", ("aspirant", "trede"))
    return Mandays(
        aspirant=_bands(r, t["aspirant"], "mandays.aspirant", "days"),
        trede=_bands(r, t["trede"], "mandays.trede", "days"),
    )


def _vat(r: _Reader, value: object) -> Decimal:
    t = r.table(value, "vat", ("rate_pct",))
    rate = r.decimal(t, "rate_pct", "vat")
    if not 0 <= rate <= 100:
        r.fail("vat.rate_pct", "expected a percentage from 0 to 100")
    return rate


def _dates(r: _Reader, value: object) -> DateRules:
    fields = DateRules.__dataclass_fields__
    t = r.table(value, "dates", fields)
    return DateRules(**{name: r.integer(t, name, "dates") for name in fields})


def _audit(r: _Reader, value: object) -> AuditRules:
    t = r.table(value, "audit", ("report_due_days", "aspirant_max_extensions", "sample"))
    return AuditRules(
        report_due_days=r.integer(t, "report_due_days", "audit", minimum=1),
        aspirant_max_extensions=r.integer(t, "aspirant_max_extensions", "audit"),
        sample=_bands(r, t["sample"], "audit.sample", "size"),
    )


def _register(r: _Reader, value: object) -> RegisterRules:
    t = r.table(value, "register", ("expiring_soon_months",))
    return RegisterRules(
        expiring_soon_months=r.integer(t, "expiring_soon_months", "register", minimum=1),
    )


def _migration(r: _Reader, value: object, version: str, categories: dict[str, Category],
               aspects: tuple[Aspect, ...]) -> MigrationRules:
    """The `[migration]` table: `from_version`, then `[[migration.renames]]` (kind, from, to)
    and `[[migration.removals]]` (kind, code), kind "category" or "question". A rename leads to
    a code of this version; a removed or renamed-away code is no longer one of its codes."""
    t = r.table(value, "migration", ("from_version",), ("renames", "removals"))
    from_version = r.text(t, "from_version", "migration")
    if not re.fullmatch(r"\d+(\.\d+)*", from_version) or from_version == version:
        r.fail("migration.from_version", "expected the previous version, such as \"2.2\"")
    current = {"category": set(categories),
               "question": {q.code for a in aspects for q in a.questions}}
    renames: list[Rename] = []
    for i, item in enumerate(t.get("renames", [])):
        path = f"migration.renames[{i}]"
        rt = r.table(item, path, ("kind", "from", "to"))
        kind = _migration_kind(r, rt, path)
        old, new = r.code(rt, "from", path), r.code(rt, "to", path)
        if new not in current[kind]:
            r.fail(f"{path}.to", f"{new!r} is not a {kind} of this version")
        if old in current[kind]:
            r.fail(f"{path}.from", f"{old!r} is still a {kind} of this version")
        renames.append(Rename(kind, old, new))
    removals: list[Removal] = []
    for i, item in enumerate(t.get("removals", [])):
        path = f"migration.removals[{i}]"
        rt = r.table(item, path, ("kind", "code"))
        kind = _migration_kind(r, rt, path)
        code = r.code(rt, "code", path)
        if code in current[kind]:
            r.fail(f"{path}.code", f"{code!r} is still a {kind} of this version")
        removals.append(Removal(kind, code))
    for kind in MIGRATION_KINDS:
        olds = [x.old for x in renames if x.kind == kind] + [
            x.code for x in removals if x.kind == kind]
        if len(set(olds)) != len(olds):
            r.fail("migration", f"a {kind} code is renamed or removed twice")
    return MigrationRules(from_version, tuple(renames), tuple(removals))


def _migration_kind(r: _Reader, data: dict[str, Any], path: str) -> str:
    kind = r.text(data, "kind", path)
    if kind not in MIGRATION_KINDS:
        r.fail(f"{path}.kind", 'expected "category" or "question"')
    return kind


def _unique(r: _Reader, path: str, codes: list[str]) -> None:
    seen = set()
    for code in codes:
        if code in seen:
            r.fail(path, f"{code!r} appears twice")
        seen.add(code)


# -- versions ----------------------------------------------------------------------------------


class HandbookRegistry:
    """The known handbook versions, ordered by effective date."""

    def __init__(self, handbooks: Iterable[Handbook]) -> None:
        ordered = sorted(handbooks, key=lambda h: h.effective)
        if not ordered:
            raise HandbookError("no handbook versions found")
        for earlier, later in itertools.pairwise(ordered):
            if earlier.effective == later.effective:
                raise HandbookError(
                    f"{later.source}: handbook.effective: same date as {earlier.source}"
                )
        versions = [h.version for h in ordered]
        if len(set(versions)) != len(versions):
            raise HandbookError("two handbook files with the same version")
        self._handbooks = tuple(ordered)

    @classmethod
    def from_directory(cls, directory: Path | str) -> HandbookRegistry:
        return cls(load_handbook(p) for p in sorted(Path(directory).glob("*.toml")))

    def versions(self) -> tuple[Handbook, ...]:
        return self._handbooks

    def get(self, version: str) -> Handbook:
        for handbook in self._handbooks:
            if handbook.version == version:
                return handbook
        known = ", ".join(h.version for h in self._handbooks)
        raise HandbookNotFound(f"unknown handbook version {version!r} (known: {known})")

    def for_date(self, on: date) -> Handbook:
        """The version in force on a date: the greatest effective date on or before it (§10)."""
        found = None
        for handbook in self._handbooks:
            if handbook.effective <= on:
                found = handbook
        if found is None:
            first = self._handbooks[0]
            raise HandbookNotFound(
                f"no handbook in force on {on.isoformat()}: the first, {first.version}, "
                f"takes effect on {first.effective.isoformat()}"
            )
        return found


@functools.cache
def shipped_handbooks() -> tuple[Handbook, ...]:
    """The handbooks shipped with the code, loaded once per process."""
    return HandbookRegistry.from_directory(HANDBOOK_DIR).versions()


class HandbookSource:
    """Versions published after the code shipped (PSO-Nederland's uploads, rule book §10).

    The engine imports nothing of the project, so the Django layer installs one of these
    (handbook_source_set): `token()` is cheap and changes whenever the set of published
    versions does; `texts()` gives each one's (source, TOML text). The registry is rebuilt only
    when the token changes."""

    def token(self) -> object:  # pragma: no cover - an interface
        raise NotImplementedError

    def texts(self) -> tuple[tuple[str, str], ...]:  # pragma: no cover - an interface
        raise NotImplementedError


_source: HandbookSource | None = None
_built: tuple[object, HandbookRegistry] | None = None


def handbook_source_set(source: HandbookSource | None) -> None:
    global _source, _built
    _source, _built = source, None


def default_registry() -> HandbookRegistry:
    """The shipped handbooks and the published ones of the installed source."""
    global _built
    token = _source.token() if _source is not None else None
    built = _built
    if built is not None and built[0] == token:
        return built[1]
    extra = ([parse_handbook_text(text, source=source) for source, text in _source.texts()]
             if _source is not None and token is not None else [])
    registry = HandbookRegistry([*shipped_handbooks(), *extra])
    _built = (token, registry)
    return registry


def handbook_for(on: date) -> Handbook:
    """The handbook version in force on a date."""
    return default_registry().for_date(on)


def handbook_get(version: str) -> Handbook:
    """A handbook by version id, e.g. ``"2.2"``."""
    return default_registry().get(version)


def handbook_list() -> tuple[Handbook, ...]:
    """All known versions, oldest first."""
    return default_registry().versions()
