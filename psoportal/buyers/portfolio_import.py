"""Reading a buyer's supplier list from a .csv or .xlsx file (issue 13 §2): no writes.

The file is untrusted, so the work is bounded by rows and cells, not only by bytes: at most
MAX_BYTES, MAX_ROWS rows after the header (empty rows count), MAX_COLUMNS named columns, and the
spreadsheet readers' own caps on cells per row and characters per cell (the readers of the
register import and the rekentool: assessments.spreadsheet.sources, openpyxl in read-only mode,
defusedxml, a zip bomb refused before it is unpacked, CSV read lazily with its delimiter
sniffed, UTF-8 with or without BOM). A formula cell counts with the value Excel last computed,
never its text.

Every problem is a RowError pinned to the row number Excel shows and the column's header, in
Dutch saying what to fix; the first MAX_SHOWN_ERRORS are listed and the rest counted. The
caller (services_portfolio.portfolio_import) writes nothing unless the whole file is clean.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from openpyxl.utils import get_column_letter

from psoportal.assessments.spreadsheet.errors import (
    Errors,
    RowError,
    SpreadsheetRefused,
    TooManyErrors,
)
from psoportal.assessments.spreadsheet.sources import open_table
from psoportal.assessments.spreadsheet.values import (
    BadValue,
    normalise_label,
    parse_date,
    parse_decimal,
    parse_text,
)
from psoportal.buyers.models import PurchasingCategory, Supplier
from psoportal.core.lib.numbers import as_count
from psoportal.methodology.handbook import Handbook
from psoportal.methodology.limits import NumberLimit
from psoportal.register.import_file import level_lookup, level_names

# -- the bounds of one file (what one import may cost; not rule book numbers) ----------------

MAX_BYTES = 5 * 1024 * 1024
# Suppliers per file; a longer list is read in parts.
MAX_ROWS = 5_000
# Columns with a header; the format has 9.
MAX_COLUMNS = 15
SHEET_NAME = "Leveranciers"

# Contract dates a person means; the same bounds as the form.
DATE_EARLIEST = dt.date(1990, 1, 1)
DATE_LATEST = dt.date(2199, 12, 31)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_KVK_NOISE = re.compile(r"[\s.]")


def _max_length(name: str) -> int:
    return Supplier._meta.get_field(name).max_length


def _limit(name: str) -> NumberLimit:
    column = Supplier._meta.get_field(name)
    return NumberLimit(max_digits=column.max_digits, places=column.decimal_places)


KVK_LENGTH = _max_length("kvk")


# -- the columns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the Supplier field it fills
    header: str  # as documented and in the template; the file's header is compared loosely
    required: bool
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("kvk", "KvK-nummer", True,
           ("kvk", "kvk nummer", "kvknummer", "kvk number", "coc number",
            "chamber of commerce number")),
    Column("name", "Naam", True,
           ("naam leverancier", "leverancier", "leveranciersnaam", "name", "supplier",
            "supplier name")),
    Column("category", "Inkoopcategorie", False,
           ("categorie", "purchasing category", "category")),
    Column("reference", "Contractkenmerk", False,
           ("kenmerk", "referentie", "contractreferentie", "reference", "contract reference")),
    Column("contract_start", "Contract vanaf", False,
           ("contractbegin", "begin contract", "startdatum contract", "contract start",
            "contract start date", "start date")),
    Column("contract_end", "Contract tot en met", False,
           ("contract t/m", "contracteinde", "einde contract", "einddatum contract",
            "contract tot", "contract end", "contract end date", "end date")),
    Column("required_level", "Vereiste trede", False,
           ("trede", "vereiste pso-trede", "required level", "level")),
    Column("contract_value", "Opdrachtwaarde", False,
           ("opdrachtwaarde (€)", "opdrachtwaarde (eur)", "contractwaarde", "waarde",
            "contract value", "value")),
    Column("social_return_percentage", "Social return (%)", False,
           ("social return", "social-returnverplichting (%)", "social-returnverplichting",
            "social return percentage", "social return %")),
)
_BY_KEY = {column.key: column for column in COLUMNS}


def _header_key(text: str) -> str:
    return normalise_label(text).rstrip("*: ").strip()


_HEADERS = {
    _header_key(spelling): column
    for column in COLUMNS for spelling in (column.header, *column.aliases)
}


def header(key: str) -> str:
    return _BY_KEY[key].header


# -- what the file says ------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierFacts:
    """One supplier as the file gives it. ``values`` holds the fields of the columns the file
    has (an empty cell: blank or None); a column the file lacks leaves the field as it is."""

    row: int
    kvk: str
    values: dict[str, Any]


@dataclass
class ReadResult:
    kind: str = ""
    rows: list[SupplierFacts] = field(default_factory=list)
    data_rows: int = 0  # non-empty rows after the header, with or without errors
    errors: Errors = field(default_factory=Errors)

    @property
    def ok(self) -> bool:
        return self.errors.count == 0

    def messages(self) -> list[RowError]:
        return self.errors.result()


def read_supplier_file(data: bytes, file_name: str, *, categories: Iterable[PurchasingCategory],
                       handbook: Handbook) -> ReadResult:
    """The suppliers of an uploaded file, checked row by row against the buyer's categories
    and the level ladder of ``handbook``. A row with any error yields no SupplierFacts."""
    result = ReadResult()
    errors = result.errors.sheet(None)
    if len(data) > MAX_BYTES:
        errors.add(None, None, "too_large", gettext(
            "Het bestand is te groot (%(size)s MB); de grens is %(limit)s MB. Splits het "
            "bestand in delen en lees ze een voor een in.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024})
        return result
    try:
        table = open_table(data, file_name, sheet=SHEET_NAME, max_rows=MAX_ROWS + 1,
                           hint=_rows_hint())
    except SpreadsheetRefused as refused:
        result.errors.shown.append(refused.error)
        result.errors.count += 1
        return result
    result.kind = table.kind
    try:
        _read_rows(table.rows, result, _RowReader(errors, categories, handbook))
    except SpreadsheetRefused as refused:  # too many rows, a CSV that breaks half-way …
        result.rows = []
        result.errors.shown.insert(0, refused.error)
        result.errors.count += 1
    except TooManyErrors:
        result.rows = []
    finally:
        table.close()
    return result


def _rows_hint() -> str:
    return gettext("Lees hoogstens %(limit)s leveranciers per bestand in; splits een langere "
                   "lijst in delen.") % {"limit": as_count(MAX_ROWS)}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_rows(rows: Iterable[tuple[int, tuple[Any, ...]]], result: ReadResult,
               reader: _RowReader) -> None:
    rows = iter(rows)
    errors = reader.errors
    first = next(((n, cells) for n, cells in rows if not all(map(_blank, cells))), None)
    if first is None:
        errors.add(None, None, "empty", gettext(
            "Het bestand bevat geen kopregel en geen leveranciers. Gebruik het sjabloon."))
        return
    layout = _read_header(*first, errors)
    if layout is None:
        return
    reader.layout = layout
    for number, cells in rows:
        if all(map(_blank, cells)):
            continue  # no supplier; it did count against the row cap
        result.data_rows += 1
        row = reader.read(number, cells)
        if row is not None:
            result.rows.append(row)
    if result.data_rows == 0:
        errors.add(None, None, "no_rows", gettext(
            "Het bestand bevat alleen een kopregel; zet onder de kopregel één leverancier per "
            "regel."))


def _read_header(number: int, cells: tuple[Any, ...], errors) -> dict[int, Column] | None:
    """Position → column; None when the header is unusable (the errors say why)."""
    before = errors.count
    named = [(i, str(v).strip()) for i, v in enumerate(cells) if not _blank(v)]
    if len(named) > MAX_COLUMNS:
        errors.add(number, None, "too_many_columns", gettext(
            "De kopregel heeft %(count)s kolommen; een leverancierslijst heeft er hoogstens "
            "%(limit)s. Verwijder de kolommen die niet in de beschrijving staan.")
            % {"count": len(named), "limit": MAX_COLUMNS})
        return None
    layout: dict[int, Column] = {}
    seen: set[str] = set()
    allowed = ", ".join(column.header for column in COLUMNS)
    for index, text in named:
        column = _HEADERS.get(_header_key(text))
        if column is None:
            errors.add(number, text[:50], "unknown_column", gettext(
                "Onbekende kolom '%(header)s'. Gebruik deze kolomnamen: %(allowed)s; "
                "verwijder andere kolommen.") % {"header": text[:50], "allowed": allowed})
        elif column.key in seen:
            errors.add(number, text[:50], "duplicate_column", gettext(
                "De kolom '%(header)s' staat twee keer in de kopregel.")
                % {"header": column.header})
        else:
            seen.add(column.key)
            layout[index] = column
    for column in COLUMNS:
        if column.required and column.key not in seen:
            errors.add(number, column.header, "missing_column", gettext(
                "De verplichte kolom '%(header)s' ontbreekt in de kopregel.")
                % {"header": column.header})
    return layout if errors.count == before else None


class _RowReader:
    """Reads one data row: each cell, then what the cells say together; also finds a KvK
    number used twice in the file."""

    def __init__(self, errors, categories: Iterable[PurchasingCategory],
                 handbook: Handbook) -> None:
        self.errors = errors
        self.layout: dict[int, Column] = {}
        self.categories = {normalise_label(c.name): c for c in categories}
        self.category_names = ", ".join(c.name for c in self.categories.values())
        self.handbook = handbook
        self.levels = level_lookup(handbook)
        self.kvks: dict[str, int] = {}  # KvK number → the row that has it

    def read(self, number: int, cells: tuple[Any, ...]) -> SupplierFacts | None:
        self.row = number
        before = self.errors.count
        self.failed: set[str] = set()
        values: dict[str, Any] = {}
        # The columns of the file; one it lacks leaves the supplier's field as it is.
        present = {column.key for column in self.layout.values()}
        for index, raw in enumerate(cells):
            column = self.layout.get(index)
            if column is None:
                if not _blank(raw):
                    self._error(gettext("kolom %(letter)s") % {
                        "letter": get_column_letter(index + 1)}, "no_header", gettext(
                        "Deze cel staat in een kolom zonder kolomnaam; zet de kolomnaam in de "
                        "kopregel of maak de cel leeg."))
                continue
            values[column.key] = self._cell(column, raw)
        for column in COLUMNS:
            if column.required and values.get(column.key) in (None, "") \
                    and column.header not in self.failed:
                self._error(column.header, "required", gettext(
                    "'%(header)s' is leeg; vul het in.") % {"header": column.header})
        self._period(values)
        kvk = values.get("kvk")
        if kvk:
            earlier = self.kvks.get(kvk)
            if earlier is not None:
                self._error(header("kvk"), "duplicate_kvk", gettext(
                    "KvK-nummer %(kvk)s staat ook in rij %(row)s; zet elke leverancier één "
                    "keer in het bestand.") % {"kvk": kvk, "row": earlier})
            else:
                self.kvks[kvk] = number
        if self.errors.count != before:
            return None
        facts = {key: values.get(key) for key in present if key != "kvk"}
        for key in ("reference", "required_level"):
            if key in facts and facts[key] is None:
                facts[key] = ""
        return SupplierFacts(row=number, kvk=kvk, values=facts)

    def _error(self, column: str | None, code: str, message: str) -> None:
        self.errors.add(self.row, column, code, message)
        self.failed.add(column or "")

    def _cell(self, column: Column, raw: Any) -> Any:
        try:
            if column.key in ("contract_start", "contract_end"):
                return self._date(column, raw)
            if column.key in ("contract_value", "social_return_percentage"):
                return self._decimal(column, raw)
            if column.key == "kvk":
                return self._kvk(column, raw)
            text = parse_text(raw)
        except BadValue as bad:
            self._error(column.header, bad.code, bad.message)
            return None
        if text is None:
            return None
        text = " ".join(text.split())
        if _CONTROL.search(text):
            self._error(column.header, "control_characters", gettext(
                "Deze cel bevat onzichtbare stuurtekens; typ de tekst opnieuw."))
            return None
        if column.key == "category":
            return self._category(column, text)
        if column.key == "required_level":
            return self._level(column, text)
        limit = _max_length(column.key)
        if len(text) > limit:
            self._error(column.header, "too_long", gettext(
                "Deze tekst is %(length)s tekens lang; hoogstens %(limit)s mag.")
                % {"length": as_count(len(text)), "limit": limit})
            return None
        return text

    def _kvk(self, column: Column, raw: Any) -> str | None:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = parse_text(raw)
        if text is None:
            return None
        kvk = _KVK_NOISE.sub("", text)
        if not (kvk.isascii() and kvk.isdigit() and len(kvk) == KVK_LENGTH):
            message = gettext("'%(value)s' is geen KvK-nummer: een KvK-nummer heeft "
                              "%(digits)s cijfers.") % {"value": text[:20], "digits": KVK_LENGTH}
            if kvk.isascii() and kvk.isdigit() and len(kvk) < KVK_LENGTH:
                message += " " + gettext("Is er een voorloopnul weggevallen? Maak de kolom in "
                                         "Excel dan tekst en typ het nummer opnieuw.")
            self._error(column.header, "bad_kvk", message)
            return None
        return kvk

    def _date(self, column: Column, raw: Any) -> dt.date | None:
        text = parse_date(raw)
        if text is None:
            return None
        day = dt.date.fromisoformat(text)
        if not DATE_EARLIEST <= day <= DATE_LATEST:
            self._error(column.header, "date_out_of_range", gettext(
                "%(day)s ligt niet tussen %(earliest)s en %(latest)s; gebruik dd-mm-jjjj.")
                % {"day": f"{day:%d-%m-%Y}", "earliest": f"{DATE_EARLIEST:%d-%m-%Y}",
                   "latest": f"{DATE_LATEST:%d-%m-%Y}"})
            return None
        return day

    def _decimal(self, column: Column, raw: Any) -> Decimal | None:
        text = parse_decimal(raw)
        if text is None:
            return None
        number = Decimal(text)
        limit = _limit(column.key)
        percentage = column.key == "social_return_percentage"
        maximum = Decimal(100) if percentage else limit.maximum
        if number < 0 or number > maximum or not limit.fits(number):
            self._error(column.header, "bad_number", gettext(
                "'%(value)s' past niet: een getal van 0 tot en met %(maximum)s met hoogstens "
                "%(places)s cijfers achter de komma.")
                % {"value": text[:50], "places": limit.places,
                   "maximum": "100" if percentage else as_count(int(limit.maximum))})
            return None
        return limit.canonical(number)

    def _category(self, column: Column, text: str) -> PurchasingCategory | None:
        category = self.categories.get(normalise_label(text))
        if category is None:
            self._error(column.header, "unknown_category", gettext(
                "Onbekende inkoopcategorie '%(value)s'. Gebruik een van uw inkoopcategorieën: "
                "%(categories)s; of voeg de categorie eerst toe aan uw inkoopbeleid.")
                % {"value": text[:60], "categories": self.category_names})
        return category

    def _level(self, column: Column, text: str) -> str | None:
        code = self.levels.get(normalise_label(text))
        if code is None:
            self._error(column.header, "unknown_level", gettext(
                "'%(value)s' is geen trede; gebruik een van: %(levels)s, of laat de cel leeg.")
                % {"value": text[:40], "levels": level_names(self.handbook)})
        return code

    def _period(self, values: dict[str, Any]) -> None:
        start, end = values.get("contract_start"), values.get("contract_end")
        if start and end and end < start:
            self._error(header("contract_end"), "end_before_start", gettext(
                "Het contracteinde (%(end)s) ligt vóór het begin (%(start)s); controleer "
                "beide datums.") % {"end": f"{end:%d-%m-%Y}", "start": f"{start:%d-%m-%Y}"})
