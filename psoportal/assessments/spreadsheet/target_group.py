"""Importing the target group (step 3C) from an xlsx or CSV file.

Rule book §5 defines the fields of a target-group row; §5.3 lists what is refused (hours outside
0-80, unknown category or contract, employment end before start, duplicate reference); §2 forbids
names and BSNs. The import is all-or-nothing: rows are returned only when the whole file is
clean, so a user never ends up with half a list.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from openpyxl.utils import get_column_letter

from psoportal.methodology.handbook import Handbook
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
from .errors import RowError, SpreadsheetRefused
from .privacy import contains_bsn, is_personal_header, looks_like_name
from .sources import Rows, open_table

SHEET_NAME = "Doelgroep"
MAX_ROWS = 100_000
# Past this many problems the file is clearly the wrong one; more messages help nobody.
MAX_ERRORS = 500

_HEADERS = header_lookup(TARGET_GROUP_COLUMNS)
_HEADER = {c.key: c.header for c in TARGET_GROUP_COLUMNS}


@dataclass
class TargetGroupImport:
    """The result of reading a target-group file.

    ``rows`` are ``pso-assessment/1`` target_group rows (all keys present, dates ISO, hours a
    decimal string, ``indicated_30plus`` a bool), and only when ``errors`` is empty.
    """

    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    kind: str | None = None  # "xlsx" or "csv" once the content was recognised

    @property
    def ok(self) -> bool:
        return not self.errors


class _TooManyErrors(Exception):
    pass


class _Errors:
    def __init__(self, sheet: str | None) -> None:
        self.sheet = sheet
        self.items: list[RowError] = []

    def add(self, row: int | None, column: str | None, code: str, message: str) -> None:
        if len(self.items) >= MAX_ERRORS:
            self.items.append(
                RowError(
                    row=None,
                    column=None,
                    code="too_many_errors",
                    message=gettext(
                        "Meer dan %(limit)s fouten; de rest is niet getoond. Controleer of dit "
                        "het juiste bestand is."
                    )
                    % {"limit": MAX_ERRORS},
                    sheet=self.sheet,
                )
            )
            raise _TooManyErrors
        self.items.append(RowError(row, column, message, code, self.sheet))


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


def _read_header(number: int, cells: tuple[Any, ...], errors: _Errors) -> _Layout:
    before = len(errors.items)
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
    return _Layout(columns, headers, headers_ok=len(errors.items) == before)


class _RowReader:
    """Reads target-group rows once the header is known; collects errors per cell."""

    def __init__(
        self, handbook: Handbook, errors: _Errors, existing_refs: Set[str], layout: _Layout
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
        before = len(errors.items)
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
        if len(errors.items) != before:
            return None
        row = {key: parsed.get(key) for key in ROW_KEYS}
        row["indicated_30plus"] = bool(row["indicated_30plus"])
        return row

    def value(self, column: Column, raw: Any) -> Any:
        kind = column.kind
        if kind == DATE:
            return values.parse_date(raw)
        if kind == DECIMAL:
            return values.parse_decimal(raw)
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
        return values.parse_text(raw)

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
    *,
    sheet: str | None = None,
    existing_refs: Set[str] = frozenset(),
    allow_empty: bool = False,
) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Target-group rows from (row number, cells) pairs whose first non-empty row is the header.

    Shared by the target-group import and the ``Doelgroep`` sheet of a whole-rekentool workbook
    (where an empty sheet, ``allow_empty``, means no target group). Returns the rows only when
    there are no errors.
    """
    errors = _Errors(sheet)
    out: list[dict[str, Any]] = []
    rows = iter(rows)  # the header search and the row loop share one pass
    try:
        header = next(((n, c) for n, c in rows if not _is_empty(c)), None)
        if header is None:
            if allow_empty:
                return [], []
            errors.add(
                None, None, "empty", gettext("Het bestand bevat geen kopregel en geen gegevens.")
            )
            return [], errors.items
        layout = _read_header(header[0], header[1], errors)
        reader = _RowReader(handbook, errors, existing_refs, layout)
        count = 0
        for number, cells in rows:
            if _is_empty(cells):
                continue  # blank lines (and Excel's trailing empty rows) are no rows
            count += 1
            if count > MAX_ROWS:
                errors.add(
                    number,
                    None,
                    "too_many_rows",
                    gettext("Het bestand heeft meer dan %(limit)s rijen.") % {"limit": MAX_ROWS},
                )
                break
            row = reader.read(number, cells)
            if row is not None and not errors.items:
                out.append(row)
    except _TooManyErrors:
        pass
    return (out if not errors.items else []), errors.items


def read_target_group(
    data: bytes,
    filename: str,
    handbook: Handbook,
    *,
    existing_refs: Set[str] = frozenset(),
) -> TargetGroupImport:
    """Read an uploaded target-group file (xlsx or CSV, decided by content) — step 3C.

    In an xlsx the sheet ``Doelgroep`` is read, else the first sheet. ``existing_refs`` are the
    references already in the rekentool; a clash with one is an error.
    """
    try:
        table = open_table(data, filename, sheet=SHEET_NAME)
    except SpreadsheetRefused as e:
        return TargetGroupImport(errors=[e.error])
    try:
        rows, errors = read_target_group_rows(table.rows, handbook, existing_refs=existing_refs)
    except SpreadsheetRefused as e:  # e.g. a CSV that breaks half-way
        rows, errors = [], [e.error]
    finally:
        table.close()
    return TargetGroupImport(rows=rows, errors=errors, kind=table.kind)
