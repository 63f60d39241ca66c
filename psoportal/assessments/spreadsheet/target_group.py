"""Importing the target group (step 3C) from an xlsx or CSV file.

Rule book §5 defines the fields of a target-group row; §5.3 lists what is refused (hours outside
the handbook's range, unknown category or contract, employment end before start, duplicate
reference); §2 forbids names and BSNs. The import is all-or-nothing: rows are returned only
when the whole file is clean, so a user never ends up with half a list.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from openpyxl.utils import get_column_letter

from psoportal.core.lib.numbers import as_count
from psoportal.methodology.handbook import Handbook
from psoportal.methodology.limits import (
    HOURS,
    MAX_TARGET_GROUP_ROWS,
    REF_MAX_LENGTH,
    has_control_characters,
)
from psoportal.methodology.rounding import plain

from . import values
from .columns import (
    BOOL,
    CATEGORY,
    CONTRACT,
    DATE,
    DECIMAL,
    ROW_KEYS,
    TARGET_GROUP_COLUMNS,
    Column,
    header_key,
    header_lookup,
)
from .errors import Errors, RowError, SheetErrors, SpreadsheetRefused, TooManyErrors
from .privacy import contains_bsn, is_personal_header, looks_like_name
from .sources import Rows, open_table

SHEET_NAME = "Doelgroep"
# The header row plus one row per employee, empty rows included.
MAX_ROWS = MAX_TARGET_GROUP_ROWS + 1

_HEADERS = header_lookup(TARGET_GROUP_COLUMNS)
_HEADER = {c.key: c.header for c in TARGET_GROUP_COLUMNS}


def rows_hint() -> str:
    """Why the row cap is what it is (the second sentence of the too-many-rows message)."""
    return gettext(
        "Een rekentool heeft hoogstens %(limit)s doelgroepmedewerkers (plus de kopregel); "
        "verwijder lege en overbodige regels."
    ) % {"limit": as_count(MAX_TARGET_GROUP_ROWS)}


@dataclass
class TargetGroupImport:
    """The result of reading a target-group file.

    ``rows`` are ``pso-assessment/1`` target_group rows (all keys present, dates ISO, hours a
    decimal string, ``indicated_30plus`` a bool), and only when ``errors`` is empty.
    ``errors`` holds at most ``MAX_SHOWN_ERRORS`` problems and then one line counting the rest.
    """

    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    kind: str | None = None  # "xlsx" or "csv" once the content was recognised

    @property
    def ok(self) -> bool:
        return not self.errors


def _is_empty(cells: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)


@dataclass
class _Layout:
    """What each position of a row holds: a known column, or only a label for messages."""

    columns: list[Column | None]
    headers: list[str | None]  # the header text as written, None for a blank header cell
    headers_ok: bool

    def label(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else None
        if header:
            return header
        return gettext("kolom %(letter)s") % {"letter": get_column_letter(index + 1)}


def _read_header(number: int, cells: tuple[Any, ...], errors: SheetErrors) -> _Layout:
    before = errors.count
    columns: list[Column | None] = []
    headers: list[str | None] = []
    seen: set[str] = set()
    for raw in cells:
        text = "" if raw is None else str(raw).strip()
        if not text:
            columns.append(None)
            headers.append(None)
            continue
        headers.append(text)
        column = _HEADERS.get(header_key(text))
        if column is None:
            columns.append(None)
            if is_personal_header(text):
                errors.add(
                    number,
                    text,
                    "personal_header",
                    gettext(
                        "De kolom '%(header)s' vraagt om persoonsgegevens. Namen, BSN's en "
                        "andere persoonsgegevens horen niet in de rekentool (gebruik een "
                        "anonieme referentie); verwijder deze kolom."
                    )
                    % {"header": text},
                )
            else:
                errors.add(
                    number,
                    text,
                    "unknown_header",
                    gettext("Onbekende kolom '%(header)s'. Toegestane kolommen: %(allowed)s.")
                    % {
                        "header": text,
                        "allowed": ", ".join(c.header for c in TARGET_GROUP_COLUMNS),
                    },
                )
        elif column.key in seen:
            columns.append(None)
            errors.add(
                number,
                text,
                "duplicate_header",
                gettext("De kolom '%(header)s' staat er twee keer in.") % {"header": column.header},
            )
        else:
            seen.add(column.key)
            columns.append(column)
    for column in TARGET_GROUP_COLUMNS:
        if column.required and column.key not in seen:
            errors.add(
                number,
                column.header,
                "missing_header",
                gettext("De verplichte kolom '%(header)s' ontbreekt.") % {"header": column.header},
            )
    return _Layout(columns, headers, headers_ok=errors.count == before)


class _RowReader:
    """Reads target-group rows once the header is known; collects errors per cell."""

    def __init__(
        self, handbook: Handbook, errors: SheetErrors, existing_refs: Set[str], layout: _Layout
    ) -> None:
        self.handbook = handbook
        self.errors = errors
        self.existing = existing_refs
        self.layout = layout
        self.categories = values.label_lookup(handbook.categories)
        self.contracts = values.label_lookup(handbook.contracts)
        self.low = handbook.limits.hours_per_week_min
        self.high = handbook.limits.hours_per_week_max
        self.first_row_of: dict[str, int] = {}

    def read(self, number: int, cells: tuple[Any, ...]) -> dict[str, Any] | None:
        errors, layout = self.errors, self.layout
        before = errors.count
        parsed: dict[str, Any] = {}
        failed: set[str] = set()
        for index, raw in enumerate(cells):
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            column = layout.columns[index] if index < len(layout.columns) else None
            # §2: a BSN is refused wherever it is, including columns the import ignores.
            if contains_bsn(raw):
                errors.add(
                    number,
                    layout.label(index),
                    "bsn",
                    gettext(
                        "Deze cel bevat een BSN (burgerservicenummer). Gebruik alleen een "
                        "anonieme interne referentie; een aanvraag met BSN's wordt geannuleerd."
                    ),
                )
                if column is not None:
                    failed.add(column.key)
                continue
            if column is None:
                if index >= len(layout.headers) or layout.headers[index] is None:
                    errors.add(
                        number,
                        layout.label(index),
                        "unlabelled_column",
                        gettext("Er staat een waarde in een kolom zonder kop."),
                    )
                continue
            if not layout.headers_ok:
                continue
            if isinstance(raw, str) and has_control_characters(raw.strip()):
                failed.add(column.key)
                errors.add(
                    number,
                    column.header,
                    "control_characters",
                    gettext(
                        "Deze cel bevat een stuurteken (zoals een tab of een NUL-teken); "
                        "verwijder het."
                    ),
                )
                continue
            try:
                parsed[column.key] = self.value(column, raw)
            except values.BadValue as e:
                failed.add(column.key)
                errors.add(number, column.header, e.code, e.message)
        if not layout.headers_ok:
            return None
        for column in TARGET_GROUP_COLUMNS:
            if column.required and parsed.get(column.key) is None and column.key not in failed:
                errors.add(
                    number,
                    column.header,
                    "required",
                    gettext("'%(header)s' is verplicht.") % {"header": column.header},
                )
        self.check_row(number, parsed)
        if errors.count != before:
            return None
        row = {key: parsed.get(key) for key in ROW_KEYS}
        row["indicated_30plus"] = bool(row["indicated_30plus"])
        return row

    def value(self, column: Column, raw: Any) -> Any:
        kind = column.kind
        if kind == DATE:
            return values.parse_date(raw)
        if kind == DECIMAL:
            hours = values.parse_decimal(raw)
            if hours is not None and not HOURS.fits(Decimal(hours)):
                raise values.BadValue(
                    "hours_digits",
                    gettext(
                        "'%(value)s' heeft te veel cijfers; gebruik hoogstens %(places)s "
                        "decimalen (bijvoorbeeld 32,25)."
                    )
                    % {"value": raw, "places": HOURS.places},
                )
            return hours
        if kind == BOOL:
            return values.parse_bool(raw)
        if kind == CATEGORY:
            try:
                return values.parse_code(raw, self.handbook.categories, self.categories)
            except KeyError:
                raise values.BadValue(
                    "unknown_category",
                    gettext(
                        "Onbekende categorie '%(value)s'. Kies een omschrijving of code uit "
                        "de lijst in het werkblad Toelichting van het sjabloon."
                    )
                    % {"value": raw},
                ) from None
        if kind == CONTRACT:
            try:
                return values.parse_code(raw, self.handbook.contracts, self.contracts)
            except KeyError:
                raise values.BadValue(
                    "unknown_contract",
                    gettext(
                        "Onbekende contractvorm '%(value)s'. Kies een omschrijving of code uit "
                        "de lijst in het werkblad Toelichting van het sjabloon."
                    )
                    % {"value": raw},
                ) from None
        text = values.parse_text(raw)
        if text is not None and len(text) > REF_MAX_LENGTH:
            raise values.BadValue(
                "too_long",
                gettext("De referentie is %(length)s tekens lang; hoogstens %(limit)s mag.")
                % {"length": len(text), "limit": REF_MAX_LENGTH},
            )
        return text

    def check_row(self, number: int, row: dict[str, Any]) -> None:
        """The checks across cells of a row and across rows (§2, §5.3)."""
        add = self.errors.add
        ref = row.get("ref")
        if ref is not None:
            if looks_like_name(ref):
                add(
                    number,
                    _HEADER["ref"],
                    "name_like",
                    gettext(
                        "De referentie '%(ref)s' lijkt op een naam. Gebruik een anonieme "
                        "interne code (bijvoorbeeld D-001), nooit de naam van de medewerker."
                    )
                    % {"ref": ref},
                )
            other = self.first_row_of.get(ref)
            if other is not None:
                add(
                    number,
                    _HEADER["ref"],
                    "duplicate_ref",
                    gettext("De referentie '%(ref)s' komt ook voor in rij %(other)s.")
                    % {"ref": ref, "other": other},
                )
            else:
                self.first_row_of[ref] = number
            if ref in self.existing:
                add(
                    number,
                    _HEADER["ref"],
                    "existing_ref",
                    gettext("De referentie '%(ref)s' staat al in deze rekentool.") % {"ref": ref},
                )
        hours = row.get("hours_per_week")
        if hours is not None and not self.low <= Decimal(hours) <= self.high:
            add(
                number,
                _HEADER["hours_per_week"],
                "hours_range",
                gettext("Uren per week moet tussen %(low)s en %(high)s liggen (nu %(value)s).")
                % {"low": plain(self.low), "high": plain(self.high), "value": hours},
            )
        start, until = row.get("employed_from"), row.get("employed_until")
        # ISO dates compare correctly as text.
        if start is not None and until is not None and until < start:
            add(
                number,
                _HEADER["employed_until"],
                "end_before_start",
                gettext("'In dienst tot' ligt vóór 'In dienst vanaf'."),
            )


def read_target_group_rows(
    rows: Rows,
    handbook: Handbook,
    errors: SheetErrors,
    *,
    existing_refs: Set[str] = frozenset(),
    allow_empty: bool = False,
) -> list[dict[str, Any]]:
    """Target-group rows from (row number, cells) pairs whose first non-empty row is the header.

    Shared by the target-group import and the ``Doelgroep`` sheet of a whole-rekentool workbook
    (where an empty sheet, ``allow_empty``, means no target group). Problems go to ``errors``;
    the rows are only meaningful when there are none. ``rows`` must be bounded (see
    ``sources.bounded``): this reads them to the end, raising ``TooManyErrors`` from
    ``errors`` when a file holds nothing but errors.
    """
    out: list[dict[str, Any]] = []
    rows = iter(rows)  # the header search and the row loop share one pass
    header = next(((n, c) for n, c in rows if not _is_empty(c)), None)
    if header is None:
        if not allow_empty:
            errors.add(
                None, None, "empty", gettext("Het bestand bevat geen kopregel en geen gegevens.")
            )
        return []
    layout = _read_header(header[0], header[1], errors)
    reader = _RowReader(handbook, errors, existing_refs, layout)
    for number, cells in rows:
        if _is_empty(cells):
            continue  # blank lines are no rows (they do count against the row cap)
        row = reader.read(number, cells)
        if row is not None and not errors.count:
            out.append(row)
    return out


def read_target_group(
    data: bytes,
    filename: str,
    handbook: Handbook,
    *,
    existing_refs: Set[str] = frozenset(),
) -> TargetGroupImport:
    """Read an uploaded target-group file (xlsx or CSV, decided by content) — step 3C.

    In an xlsx the sheet ``Doelgroep`` is read, else the first sheet. ``existing_refs`` are the
    references already in the rekentool; a clash with one is an error. A file past the row
    cap (empty rows included), with too many columns or an over-long cell is refused as a
    whole with one message.
    """
    try:
        table = open_table(data, filename, sheet=SHEET_NAME, max_rows=MAX_ROWS, hint=rows_hint())
    except SpreadsheetRefused as e:
        return TargetGroupImport(errors=[e.error])
    errors = Errors()
    try:
        rows = read_target_group_rows(
            table.rows, handbook, errors.sheet(None), existing_refs=existing_refs
        )
    except SpreadsheetRefused as e:  # too many rows, a CSV that breaks half-way …
        return TargetGroupImport(errors=[e.error], kind=table.kind)
    except TooManyErrors:
        rows = []
    finally:
        table.close()
    if errors:
        return TargetGroupImport(errors=errors.result(), kind=table.kind)
    return TargetGroupImport(rows=rows, kind=table.kind)
