"""The ``pso-assessment/1`` document: parsing into typed values, validation, and writing back.

One document holds what MijnPSO steps 1-5 collect (shared/domain/assessment-format.md). Parsing
collects *every* problem with the path of its field, so a user can fix a file in one go; the
refusals are those of rule book §5.3 plus format checks (KvK number, full-time hours, format id,
handbook version). Numbers become ``Decimal`` (never float) and dates ``datetime.date``.

Checks that need counting (D > T, the target group's unweighted fte above T) are made once
the document is otherwise valid, with ``counting.staff_problems``; ``scoring.score`` repeats
them with the handbook it scores with, and refuses a purchase without supplier figures.

Hostile input is bounded before it costs anything (limits.py): the document's size, the length
of every number as written (before a Decimal is built from it), its digits and decimal places
per field, the length of every text and the number of rows. At most ``MAX_PROBLEMS`` problems
are built; the rest are only counted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from types import MappingProxyType
from typing import Any

from .bsn import find_bsns
from .dates import peiljaar_end
from .handbook import Handbook, HandbookNotFound, HandbookRegistry, default_registry
from .limits import (
    CODE_MAX_LENGTH,
    FTE,
    HEADCOUNT,
    HOURS,
    MAX_DOCUMENT_BYTES,
    MAX_ENTITIES,
    MAX_NUMBER_LENGTH,
    MAX_PROBLEMS,
    MAX_PURCHASES,
    MAX_TARGET_GROUP_ROWS,
    MONEY,
    NAME_MAX_LENGTH,
    REF_MAX_LENGTH,
    NumberLimit,
    has_control_characters,
)
from .problems import InvalidAssessment, Problem
from .rounding import plain

FORMAT = "pso-assessment/1"

Answer = bool | None | tuple[bool | None, ...]

_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_ZERO = Decimal(0)
# Unknown keys are named in a problem's path; a longer or unprintable key is shown shortened.
_KEY_SHOWN = 40


@cache
def _fits_surely(limit: NumberLimit) -> re.Pattern[str]:
    """Decimal strings that certainly fit ``limit`` (the common case, checked by one match)."""
    return re.compile(rf"-?[0-9]{{1,{limit.integer_digits}}}(\.[0-9]{{1,{limit.places}}})?\Z")


class _NumberLiteral:
    """A JSON number the reader would not turn into a Decimal: longer than MAX_NUMBER_LENGTH,
    an exponent beyond what Decimal holds (``1e999999999999999999999``), or NaN/Infinity.
    The field's check reports it with its path."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code


_TOO_LONG = _NumberLiteral("number_too_large")
_NOT_A_NUMBER = _NumberLiteral("not_number")


def _json_number(literal: str) -> Decimal | _NumberLiteral:
    """parse_float/parse_int hook: Decimal keeps every digit the user wrote (a float would
    already be rounded, int() refuses 4300+ digits); a long literal is refused by its length
    before any conversion, so its cost is the scanner's, linear and in C."""
    if len(literal) > MAX_NUMBER_LENGTH:
        return _TOO_LONG
    try:
        return Decimal(literal)
    except InvalidOperation:  # an exponent of 19+ digits
        return _TOO_LONG


def _json_constant(literal: str) -> _NumberLiteral:
    """parse_constant hook: NaN and ±Infinity are not numbers of an assessment."""
    return _NOT_A_NUMBER


@dataclass(frozen=True)
class Entity:
    name: str
    kvk: str


@dataclass(frozen=True)
class Organisation:
    name: str
    kvk: str
    entities: tuple[Entity, ...]
    fulltime_hours: Decimal


@dataclass(frozen=True)
class Peiljaar:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Workforce:
    total_fte: Decimal
    average_headcount: Decimal | None
    sw_seconded_out_fte: Decimal

    @property
    def counted_fte(self) -> Decimal:
        """T: total fte without the SW employees seconded out to others (§3 step 3B, §5.2)."""
        return self.total_fte - self.sw_seconded_out_fte


@dataclass(frozen=True, slots=True)
class TargetGroupRow:
    ref: str
    category: str
    contract: str
    hours_per_week: Decimal
    employed_from: dt.date
    employed_until: dt.date | None
    inflow_date: dt.date | None
    lks_until: dt.date | None
    indication_until: dt.date | None
    school_left: dt.date | None
    indicated_30plus: bool


@dataclass(frozen=True, slots=True)
class Purchase:
    supplier: str
    kvk: str | None
    kind: str
    amount: Decimal
    # Filled from the register for certified suppliers by the web app; required for scoring.
    supplier_turnover: Decimal | None
    supplier_weighted_fte: Decimal | None


@dataclass(frozen=True)
class Assessment:
    handbook: str | None
    date: dt.date
    organisation: Organisation
    peiljaar: Peiljaar
    workforce: Workforce
    target_group: tuple[TargetGroupRow, ...]
    purchases: tuple[Purchase, ...]
    qualitative: Mapping[str, Answer]


# -- reading -----------------------------------------------------------------------------------

_TOP_REQUIRED = ("format", "date", "organisation", "peiljaar", "workforce")
_TOP_OPTIONAL = ("handbook", "target_group", "purchases", "qualitative")
_ROW_REQUIRED = ("ref", "category", "contract", "hours_per_week", "employed_from")
_ROW_OPTIONAL = (
    "employed_until", "inflow_date", "lks_until", "indication_until", "school_left",
    "indicated_30plus",
)  # fmt: skip
_PURCHASE_REQUIRED = ("supplier", "kind", "amount")
_PURCHASE_OPTIONAL = ("kvk", "supplier_turnover", "supplier_weighted_fte")


class _Checker:
    """Reads values of the expected type and records a Problem for each one that is not."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.found = 0  # every problem, also those beyond MAX_PROBLEMS that are not built

    def add(self, path: str, code: str, message: str, **params: Any) -> None:
        self.found += 1
        if self.found <= MAX_PROBLEMS:
            self.problems.append(Problem(path, code, message, MappingProxyType(params)))

    def unknown_keys(
        self, value: dict[str, Any], path: str, known: Iterable[str], message: str = "unknown key"
    ) -> None:
        """One problem per unknown key, in document order. The set difference runs at C speed
        and the keys beyond the problem cap are only counted, so an object of millions of
        keys costs no Python work per key."""
        unknown = value.keys() - known
        reported = 0
        if unknown and self.found < MAX_PROBLEMS:
            for key in value:
                if key in unknown:
                    self.add(_join(path, _shown_key(key)), "unknown_key", message)
                    reported += 1
                    if self.found >= MAX_PROBLEMS:
                        break
        self.found += len(unknown) - reported

    def refusal(self) -> InvalidAssessment:
        return InvalidAssessment(self.problems, more=self.found - len(self.problems))

    def fields(
        self,
        value: object,
        path: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> dict[str, Any] | None:
        """An object's keys, after reporting unknown keys and missing required values."""
        if not isinstance(value, dict):
            self.add(path, "not_object", "must be an object")
            return None
        self.unknown_keys(value, path, {*required, *optional})
        for key in required:
            if value.get(key) is None:
                self.add(_join(path, key), "missing", "missing required value")
        return value

    # The value readers take the path as (base, key) and only join it when reporting: a
    # large target group would otherwise build a million path strings nobody reads.

    def text(
        self, value: object, base: str, key: str, max_length: int = NAME_MAX_LENGTH
    ) -> str | None:
        # isprintable() is False for every control character and lone surrogate: the common
        # text passes with two C-speed checks, only an unusual one takes the slow path.
        if (
            type(value) is str
            and len(value) <= max_length
            and value.isprintable()
            and value.strip()
        ):
            return value
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(_join(base, key), "not_string", "must be a string")
        elif len(value) > max_length:
            self.add(
                _join(base, key),
                "too_long",
                f"must be at most {max_length} characters (this has {len(value)})",
                max_length=max_length,
                length=len(value),
            )
        elif has_control_characters(value):
            self.add(
                _join(base, key),
                "control_characters",
                "must not contain control characters (such as NUL, tab or line breaks)",
            )
        elif not value.strip():
            self.add(_join(base, key), "empty", "must not be empty")
        elif not _encodable(value):
            self.add(_join(base, key), "not_text", "contains characters that are not text")
        else:
            return value  # e.g. a no-break space: not printable, but text
        return None

    def number(self, value: object, base: str, key: str, limit: NumberLimit) -> Decimal | None:
        """A Decimal that fits ``limit`` (limits.py), a zero as plain 0; else a problem.

        Nothing here costs more than the length of what was written: strings and JSON
        literals longer than MAX_NUMBER_LENGTH are refused before a Decimal is built, and
        exponents are read, never expanded.
        """
        kind = type(value)
        if kind is str and len(value) <= MAX_NUMBER_LENGTH and _fits_surely(limit).match(value):  # type: ignore[arg-type]
            number = Decimal(value)  # type: ignore[arg-type]  # the common case, checked fully
            return number if number else _ZERO
        path = _join(base, key)
        number = None
        if kind is Decimal:
            if value.is_finite():  # type: ignore[union-attr]
                number = value
        elif kind is _NumberLiteral:
            if value is _TOO_LONG:
                return self._too_large(path, limit)
        elif kind is int:
            if value.bit_length() > 4 * MAX_NUMBER_LENGTH:  # type: ignore[union-attr]
                return self._too_large(path, limit)
            number = Decimal(value)  # type: ignore[arg-type]
        elif kind is str:
            if len(value) > MAX_NUMBER_LENGTH:  # type: ignore[arg-type]
                return self._too_large(path, limit)
            if _DECIMAL.match(value):  # type: ignore[arg-type]
                number = Decimal(value)  # type: ignore[arg-type]
        elif value is None:
            return None
        elif kind is float:
            # A binary float has already lost the digits the user typed; refuse rather than
            # guess. JSON must be read with parse_float=Decimal (see parse_assessment_json).
            self.add(
                path,
                "inexact_number",
                "must be an exact number (a decimal string, or JSON read with parse_float=Decimal)",
            )
            return None
        if number is None:
            self.add(path, "not_number", "must be a number (a JSON number or a decimal string)")
            return None
        # Exact arithmetic on "1e999999" would build a million-digit integer: refuse what
        # does not fit the field's column before it reaches the engine.
        if number.adjusted() >= limit.integer_digits:
            return self._too_large(path, limit)
        if not limit.fits(number):
            self.add(
                path,
                "too_many_decimals",
                f"must have at most {limit.places} decimal places",
                places=limit.places,
            )
            return None
        # A zero that fits ("0.000") is stored and shown as plain 0.
        return number if number else _ZERO

    def _too_large(self, path: str, limit: NumberLimit) -> None:
        self.add(
            path,
            "number_too_large",
            f"must be less than 10^{limit.integer_digits} "
            f"(at most {limit.integer_digits} digits before the decimal point)",
            maximum=limit.maximum,
            places=limit.places,
        )

    def day(self, value: object, base: str, key: str) -> dt.date | None:
        if value is None:
            return None
        if type(value) is not str or not _DATE.match(value):
            self.add(_join(base, key), "not_date", "must be an ISO date (YYYY-MM-DD)")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.add(_join(base, key), "not_date", "is not a valid date", value=value)
            return None

    def flag(self, value: object, base: str, key: str) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        self.add(_join(base, key), "not_boolean", "must be true or false")
        return None

    def items(self, value: object, path: str, maximum: int) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, "not_list", "must be a list")
            return []
        if len(value) > maximum:
            # One problem for the whole list, before any row is read.
            self.add(
                path,
                "too_many_rows",
                f"must have at most {maximum} rows (this has {len(value)})",
                maximum=maximum,
                count=len(value),
            )
            return []
        return value

    def between(
        self, value: Decimal | None, base: str, key: str, low: Decimal, high: Decimal
    ) -> None:
        if value is not None and not low <= value <= high:
            self.add(
                _join(base, key),
                "out_of_range",
                f"must be between {plain(low)} and {plain(high)}",
                minimum=low,
                maximum=high,
            )

    def kvk(self, value: object, base: str, key: str, digits: int) -> str | None:
        text = self.text(value, base, key)
        if text is not None and not (len(text) == digits and text.isascii() and text.isdigit()):
            self.add(
                _join(base, key),
                "kvk_format",
                f"must be a KvK number of {digits} digits",
                digits=digits,
            )
            return None
        return text


def _encodable(text: str) -> bool:
    """False for strings with lone surrogates (a JSON "\\ud800" escape): no UTF-8 file,
    terminal or database can hold them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _shown_key(key: str) -> str:
    """An unknown key as it can be shown in a path: short, on one line."""
    if len(key) <= _KEY_SHOWN and key.isprintable():
        return key
    return ascii(key[:_KEY_SHOWN]) + ("…" if len(key) > _KEY_SHOWN else "")


# A JSON string (escapes included), collapsed before counting the values around it.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
# The separators (commas) of the largest document there can be: every key of every row,
# purchase and entity, and room for the other fields and the qualitative answers.
MAX_JSON_SEPARATORS = (
    MAX_TARGET_GROUP_ROWS * (len(_ROW_REQUIRED) + len(_ROW_OPTIONAL))
    + MAX_PURCHASES * (len(_PURCHASE_REQUIRED) + len(_PURCHASE_OPTIONAL))
    + MAX_ENTITIES * 2
    + 1_000
)


def _too_many_values(text: str) -> bool:
    """True when a JSON text holds more values than any assessment can.

    Counted on the text before parsing (C speed): ``[0,0,0,…]`` of 20 MB would become ten
    million Decimals, and 2.5 million tiny keys take ``json.loads`` seconds, before any check
    could see them.
    """
    if text.count(",") <= MAX_JSON_SEPARATORS:
        return False  # commas inside strings only make the raw count larger
    return _JSON_STRING.sub('""', text).count(",") > MAX_JSON_SEPARATORS


def parse_assessment_json(
    text: str | bytes, *, registry: HandbookRegistry | None = None
) -> Assessment:
    """Parse a ``pso-assessment/1`` JSON text. Raises InvalidAssessment listing every problem
    (the first MAX_PROBLEMS of them)."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise InvalidAssessment(
            [
                Problem(
                    "",
                    "document_too_large",
                    f"the document is larger than {MAX_DOCUMENT_BYTES // 2**20} MB",
                    MappingProxyType({"maximum_bytes": MAX_DOCUMENT_BYTES}),
                )
            ]
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidAssessment([Problem("", "not_json", "not JSON: not UTF-8 text")]) from None
    if not text.strip():
        raise InvalidAssessment([Problem("", "not_json", "not JSON: the input is empty")])
    if _too_many_values(text):
        raise InvalidAssessment(
            [
                Problem(
                    "",
                    "too_many_values",
                    "the document holds more values than any assessment can "
                    f"(at most {MAX_TARGET_GROUP_ROWS} target-group rows and {MAX_PURCHASES} "
                    "purchases)",
                    MappingProxyType({"rows": MAX_TARGET_GROUP_ROWS,
                                      "purchases": MAX_PURCHASES}),
                )
            ]
        )
    try:
        doc = json.loads(
            text, parse_float=_json_number, parse_int=_json_number, parse_constant=_json_constant
        )
    except (json.JSONDecodeError, RecursionError) as e:
        where = (
            f" (line {e.lineno}, column {e.colno})" if isinstance(e, json.JSONDecodeError) else ""
        )
        raise InvalidAssessment(
            [Problem("", "not_json", f"not JSON{where}: {getattr(e, 'msg', 'nested too deeply')}")]
        ) from None
    return parse_assessment(doc, registry=registry)


def parse_assessment(doc: object, *, registry: HandbookRegistry | None = None) -> Assessment:
    """Parse a decoded ``pso-assessment/1`` document (dicts, lists, str, int, Decimal, bool).

    Raises InvalidAssessment with one Problem per refused value, in document order.
    """
    registry = registry or default_registry()
    c = _Checker()
    top = c.fields(doc, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    if top is None:
        raise c.refusal()

    fmt = top.get("format")
    if fmt is not None and fmt != FORMAT:
        c.add("format", "wrong_format", f"must be {FORMAT!r}", expected=FORMAT)
    version = c.text(top.get("handbook"), "", "handbook")
    day = c.day(top.get("date"), "", "date")
    handbook = _resolve(c, registry, version, day)

    organisation = _organisation(c, top.get("organisation"), handbook)
    peiljaar = _peiljaar(c, top.get("peiljaar"), handbook)
    workforce = _workforce(c, top.get("workforce"))
    rows = _target_group(c, top.get("target_group"), handbook)
    purchases = _purchases(c, top.get("purchases"), handbook)
    qualitative = _qualitative(c, top.get("qualitative"), handbook)

    if c.found:
        raise c.refusal()
    assert day and organisation and peiljaar and workforce  # guaranteed when no problems
    assessment = Assessment(
        handbook=version,
        date=day,
        organisation=organisation,
        peiljaar=peiljaar,
        workforce=workforce,
        target_group=rows,
        purchases=purchases,
        qualitative=qualitative,
    )
    # Staff data that contradicts itself is bad input too (§5.3), refused by every reader of a
    # document (an import as much as `pso score`), not only when it is scored.
    from .counting import staff_problems, tally  # counting builds on this module

    problems = staff_problems(assessment, handbook, tally(assessment, handbook))
    if problems:
        raise InvalidAssessment(problems)
    return assessment


def _resolve(
    c: _Checker, registry: HandbookRegistry, version: str | None, day: dt.date | None
) -> Handbook:
    """The handbook the codes and limits are checked against.

    When the requested one cannot be found the newest is used instead, so the rest of the
    document is still checked and the user sees every problem at once.
    """
    try:
        if version is not None:
            return registry.get(version)
        if day is not None:
            return registry.for_date(day)
    except HandbookNotFound as e:
        path = "handbook" if version is not None else "date"
        c.add(path, "unknown_handbook" if version else "no_handbook", str(e))
    return registry.versions()[-1]


def _organisation(c: _Checker, value: object, hb: Handbook) -> Organisation | None:
    if value is None:
        return None  # reported as missing already
    t = c.fields(value, "organisation", ("name", "kvk", "fulltime_hours"), ("entities",))
    if t is None:
        return None
    digits = hb.limits.kvk_digits
    name = c.text(t.get("name"), "organisation", "name")
    kvk = c.kvk(t.get("kvk"), "organisation", "kvk", digits)
    entities = []
    items = c.items(t.get("entities"), "organisation.entities", MAX_ENTITIES)
    for i, item in enumerate(items):
        path = f"organisation.entities[{i}]"
        e = c.fields(item, path, ("name", "kvk"))
        if e is None:
            continue
        e_name = c.text(e.get("name"), path, "name")
        e_kvk = c.kvk(e.get("kvk"), path, "kvk", digits)
        if e_name is not None and e_kvk is not None:
            entities.append(Entity(e_name, e_kvk))
    hours = c.number(t.get("fulltime_hours"), "organisation", "fulltime_hours", HOURS)
    c.between(
        hours,
        "organisation",
        "fulltime_hours",
        hb.limits.fulltime_hours_min,
        hb.limits.fulltime_hours_max,
    )
    if name is None or kvk is None or hours is None:
        return None
    return Organisation(name, kvk, tuple(entities), hours)


def _peiljaar(c: _Checker, value: object, hb: Handbook) -> Peiljaar | None:
    if value is None:
        return None  # reported as missing already
    t = c.fields(value, "peiljaar", ("start", "end"))
    if t is None:
        return None
    start = c.day(t.get("start"), "peiljaar", "start")
    end = c.day(t.get("end"), "peiljaar", "end")
    if start is None or end is None:
        return None
    months = hb.limits.peiljaar_months
    expected = peiljaar_end(start, months)
    if end != expected:
        c.add(
            "peiljaar.end",
            "peiljaar_length",
            f"must be {expected.isoformat()}: the peiljaar is {months} consecutive months "
            f"(end = start + {months} months - 1 day)",
            expected=expected,
        )
        return None
    return Peiljaar(start, end)


def _workforce(c: _Checker, value: object) -> Workforce | None:
    if value is None:
        return None  # reported as missing already
    t = c.fields(value, "workforce", ("total_fte",), ("average_headcount", "sw_seconded_out_fte"))
    if t is None:
        return None
    total = c.number(t.get("total_fte"), "workforce", "total_fte", FTE)
    if total is not None and total <= 0:
        c.add("workforce.total_fte", "not_positive", "must be greater than 0")
        total = None
    headcount = c.number(t.get("average_headcount"), "workforce", "average_headcount", HEADCOUNT)
    if headcount is not None and headcount < 0:
        c.add("workforce.average_headcount", "negative", "must not be negative")
    seconded = c.number(t.get("sw_seconded_out_fte"), "workforce", "sw_seconded_out_fte", FTE)
    if seconded is not None:
        if seconded < 0:
            c.add("workforce.sw_seconded_out_fte", "negative", "must not be negative")
        elif total is not None and seconded >= total:
            c.add(
                "workforce.sw_seconded_out_fte",
                "not_below_total",
                "must be less than workforce.total_fte (they are excluded from it)",
            )
    if total is None:
        return None
    return Workforce(total, headcount, seconded if seconded is not None else Decimal(0))


def _target_group(c: _Checker, value: object, hb: Handbook) -> tuple[TargetGroupRow, ...]:
    rows: list[TargetGroupRow] = []
    first_ref: dict[str, int] = {}
    allowed = frozenset(_ROW_REQUIRED + _ROW_OPTIONAL)
    categories, contracts = hb.categories, hb.contracts
    low, high = hb.limits.hours_per_week_min, hb.limits.hours_per_week_max
    number, day, text = c.number, c.day, c.text
    for i, item in enumerate(c.items(value, "target_group", MAX_TARGET_GROUP_ROWS)):
        path = f"target_group[{i}]"
        before = c.found
        # The common, valid row is checked with set operations; only a bad one takes the
        # slow path that names each key.
        if type(item) is not dict or not allowed.issuperset(item):
            if c.fields(item, path, _ROW_REQUIRED, _ROW_OPTIONAL) is None:
                continue
        else:
            for key in _ROW_REQUIRED:
                if item.get(key) is None:
                    c.add(f"{path}.{key}", "missing", "missing required value")
        get = item.get
        ref = text(get("ref"), path, "ref", REF_MAX_LENGTH)
        if ref is not None:
            key = ref.strip()
            if key in first_ref:
                other = first_ref[key]
                c.add(
                    f"{path}.ref",
                    "duplicate_ref",
                    f"duplicate reference (also target_group[{other}].ref)",
                    other=other,
                )
            else:
                first_ref[key] = i
            for bsn in find_bsns(ref):
                c.add(
                    f"{path}.ref",
                    "bsn_in_ref",
                    "contains a valid BSN; use an anonymous internal reference",
                    bsn=bsn,
                )
        category = text(get("category"), path, "category", CODE_MAX_LENGTH)
        if category is not None and category not in categories:
            c.add(
                f"{path}.category",
                "unknown_category",
                f"unknown category {category!r} (handbook {hb.version})",
                value=category,
            )
        contract = text(get("contract"), path, "contract", CODE_MAX_LENGTH)
        if contract is not None and contract not in contracts:
            c.add(
                f"{path}.contract",
                "unknown_contract",
                f"unknown contract type {contract!r} (handbook {hb.version})",
                value=contract,
            )
        hours = number(get("hours_per_week"), path, "hours_per_week", HOURS)
        if hours is not None and not low <= hours <= high:
            c.between(hours, path, "hours_per_week", low, high)
        start = day(get("employed_from"), path, "employed_from")
        until = None if (v := get("employed_until")) is None else day(v, path, "employed_until")
        if start is not None and until is not None and until < start:
            c.add(
                f"{path}.employed_until",
                "end_before_start",
                "must not be before employed_from",
            )
        inflow = None if (v := get("inflow_date")) is None else day(v, path, "inflow_date")
        lks = None if (v := get("lks_until")) is None else day(v, path, "lks_until")
        indication = (
            None if (v := get("indication_until")) is None else day(v, path, "indication_until")
        )
        school = None if (v := get("school_left")) is None else day(v, path, "school_left")
        indicated = c.flag(get("indicated_30plus"), path, "indicated_30plus")
        if c.found == before:
            rows.append(
                TargetGroupRow(
                    ref,  # type: ignore[arg-type]
                    category,  # type: ignore[arg-type]
                    contract,  # type: ignore[arg-type]
                    hours,  # type: ignore[arg-type]
                    start,  # type: ignore[arg-type]
                    until,
                    inflow,
                    lks,
                    indication,
                    school,
                    bool(indicated),
                )
            )
    return tuple(rows)


def _purchases(c: _Checker, value: object, hb: Handbook) -> tuple[Purchase, ...]:
    purchases = []
    for i, item in enumerate(c.items(value, "purchases", MAX_PURCHASES)):
        path = f"purchases[{i}]"
        t = c.fields(item, path, _PURCHASE_REQUIRED, _PURCHASE_OPTIONAL)
        if t is None:
            continue
        before = c.found
        supplier = c.text(t.get("supplier"), path, "supplier")
        kvk = c.kvk(t.get("kvk"), path, "kvk", hb.limits.kvk_digits)
        kind = c.text(t.get("kind"), path, "kind", CODE_MAX_LENGTH)
        if kind is not None and kind not in hb.purchase_kinds:
            c.add(
                f"{path}.kind",
                "unknown_kind",
                f"unknown kind {kind!r}; expected one of {', '.join(hb.purchase_kinds)}",
                value=kind,
            )
        amount = c.number(t.get("amount"), path, "amount", MONEY)
        turnover = c.number(t.get("supplier_turnover"), path, "supplier_turnover", MONEY)
        weighted = c.number(t.get("supplier_weighted_fte"), path, "supplier_weighted_fte", FTE)
        if amount is not None and amount < 0:
            c.add(f"{path}.amount", "negative", "must not be negative")
        if turnover is not None and turnover <= 0:
            c.add(f"{path}.supplier_turnover", "not_positive", "must be greater than 0")
        elif turnover is not None and amount is not None and amount > turnover:
            c.add(
                f"{path}.amount",
                "above_turnover",
                "must not be more than the supplier's turnover (supplier_turnover)",
            )
        if weighted is not None and weighted < 0:
            c.add(f"{path}.supplier_weighted_fte", "negative", "must not be negative")
        if c.found == before:
            purchases.append(Purchase(supplier, kvk, kind, amount, turnover, weighted))  # type: ignore[arg-type]
    return tuple(purchases)


def _qualitative(c: _Checker, value: object, hb: Handbook) -> Mapping[str, Answer]:
    """Answers per aspect: one bool, or one bool per question; null means not answered."""
    aspects = {a.code: a for a in hb.aspects}
    answers: dict[str, Answer] = {}
    if value is None:
        return MappingProxyType(answers)
    if not isinstance(value, dict):
        c.add("qualitative", "not_object", "must be an object")
        return MappingProxyType(answers)
    c.unknown_keys(
        value, "qualitative", aspects, f"unknown key (no such aspect in handbook {hb.version})"
    )
    for code, answer in value.items():
        if code not in aspects:
            continue
        path = f"qualitative.{code}"
        if answer is None or isinstance(answer, bool):
            answers[code] = answer
        elif isinstance(answer, list):
            expected = len(aspects[code].questions)
            if len(answer) != expected:
                c.add(
                    path,
                    "answer_count",
                    f"must give one answer per question ({expected})",
                    expected=expected,
                )
            bad = [j for j, a in enumerate(answer) if a is not None and not isinstance(a, bool)]
            for j in bad:
                c.add(f"{path}[{j}]", "not_boolean", "must be true or false")
            answers[code] = tuple(answer)
        else:
            c.add(path, "not_boolean", "must be true or false, or a list of them")
    return MappingProxyType(answers)


# -- writing -----------------------------------------------------------------------------------


def _quantity(value: Decimal) -> int | str:
    """Counts that people write as JSON numbers (hours, headcount) stay numbers when whole."""
    return int(value) if value == value.to_integral_value() else plain(value)


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def assessment_to_dict(assessment: Assessment) -> dict[str, Any]:
    """The ``pso-assessment/1`` document for an Assessment (the inverse of parse_assessment).

    Decimal quantities are written as strings; full-time hours and average headcount as JSON
    numbers when whole, as in the format document's examples.
    """
    a = assessment
    org, wf = a.organisation, a.workforce
    return {
        "format": FORMAT,
        "handbook": a.handbook,
        "date": a.date.isoformat(),
        "organisation": {
            "name": org.name,
            "kvk": org.kvk,
            "entities": [{"name": e.name, "kvk": e.kvk} for e in org.entities],
            "fulltime_hours": _quantity(org.fulltime_hours),
        },
        "peiljaar": {"start": a.peiljaar.start.isoformat(), "end": a.peiljaar.end.isoformat()},
        "workforce": {
            "total_fte": plain(wf.total_fte),
            "average_headcount": None
            if wf.average_headcount is None
            else _quantity(wf.average_headcount),
            "sw_seconded_out_fte": plain(wf.sw_seconded_out_fte),
        },
        "target_group": [
            {
                "ref": r.ref,
                "category": r.category,
                "contract": r.contract,
                "hours_per_week": plain(r.hours_per_week),
                "employed_from": r.employed_from.isoformat(),
                "employed_until": _day(r.employed_until),
                "inflow_date": _day(r.inflow_date),
                "lks_until": _day(r.lks_until),
                "indication_until": _day(r.indication_until),
                "school_left": _day(r.school_left),
                "indicated_30plus": r.indicated_30plus,
            }
            for r in a.target_group
        ],
        "purchases": [
            {
                "supplier": p.supplier,
                "kvk": p.kvk,
                "kind": p.kind,
                "amount": plain(p.amount),
                "supplier_turnover": _opt(p.supplier_turnover),
                "supplier_weighted_fte": _opt(p.supplier_weighted_fte),
            }
            for p in a.purchases
        ],
        "qualitative": {
            code: list(answer) if isinstance(answer, tuple) else answer
            for code, answer in a.qualitative.items()
        },
    }


def resolve_handbook(
    assessment: Assessment, *, registry: HandbookRegistry | None = None
) -> Handbook:
    """The handbook an assessment is scored with: the one it names, else the one in force on
    its date (§10)."""
    registry = registry or default_registry()
    if assessment.handbook is not None:
        return registry.get(assessment.handbook)
    return registry.for_date(assessment.date)
