"""Reading the old portal's register from a .csv or .xlsx file (issue 12 §5): pure, no database.

The file is untrusted and may be large, so the work is bounded by rows and cells, not only by
bytes: at most MAX_BYTES, MAX_DATA_ROWS rows after the header (empty rows count), MAX_COLUMNS
named columns, and a cell of at most MAX_CELL_LENGTH characters. The readers of the rekentool's
spreadsheets do the streaming (openpyxl in read-only mode, iter_rows with a max_col; CSV read
lazily, its delimiter sniffed, UTF-8 with or without BOM); this module names the columns,
reads each cell and checks each row on its own. What needs the register (numbers already
issued, supersession) is checked by register_import.py.

Every problem is an ImportError pinned to the row number Excel shows and the column header, in
Dutch saying what to fix; at most MAX_LISTED_ERRORS are kept, the rest counted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from psoportal.assessments.spreadsheet.errors import RowError, SpreadsheetRefused
from psoportal.assessments.spreadsheet.sources import open_table
from psoportal.assessments.spreadsheet.values import (
    BadValue,
    normalise_label,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_text,
)
from psoportal.certification.certificates import NUMBER_DIGITS, NUMBER_PREFIX
from psoportal.certification.models import Certificate
from psoportal.core.lib.numbers import as_count
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.handbook import Handbook, HandbookNotFound, handbook_for, handbook_list
from psoportal.methodology.limits import (
    FTE,
    MONEY,
    NAME_MAX_LENGTH,
    NumberLimit,
)

# -- the bounds of one file (not rule book numbers: what one import may cost) -------------------

MAX_BYTES = 16 * 1024 * 1024
# Certificates per file; a larger register is imported in parts (the command takes any number
# of files one after the other).
MAX_DATA_ROWS = 50_000
# Columns with a header; the format has 14.
MAX_COLUMNS = 20
# Errors listed; one more line counts the rest ("… en nog N fouten").
MAX_LISTED_ERRORS = 200

SHEET_NAME = "Register"
# Certificate.number and Certificate.city, as declared on the model.
NUMBER_MAX_LENGTH = Certificate._meta.get_field("number").max_length
CITY_MAX_LENGTH = Certificate._meta.get_field("city").max_length
# Letters, digits and . / - and single spaces inside; stored upper case, as the verification
# form looks numbers up (selectors.certificate_by_number).
_NUMBER = re.compile(r"[A-Z0-9](?:[A-Z0-9./ -]*[A-Z0-9])?\Z")
# This portal's own numbers (PSO-2026-000123): one of that shape taken over from the old
# register must be exactly like them, or the next award would count on from a wrong "last".
_OWN_NUMBER = re.compile(rf"{re.escape(NUMBER_PREFIX)}-\d{{4}}-")
_OWN_NUMBER_EXACT = re.compile(rf"{re.escape(NUMBER_PREFIX)}-\d{{4}}-\d{{{NUMBER_DIGITS}}}\Z")
_KVK_SEPARATORS = re.compile(r"[\s,;]+")
# limits.is_control_character as one regular expression: a cell is checked at C speed.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


# -- the columns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as documented and in the template; the file's header is compared loosely
    required: bool
    help: Promise
    example: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("number", "certificaatnummer", True,
           _("Het nummer op het certificaat, uniek in het register. Letters, cijfers, punten, "
             "streepjes en schuine strepen."), "P23-0412", ("certificaatnr", "nummer")),
    Column("organisation", "organisatie", True,
           _("De naam van de gecertificeerde organisatie (de hoofdaanvrager)."),
           "Schoonmaakbedrijf Zuidwest B.V.", ("organisatienaam", "naam")),
    Column("city", "plaats", False, _("De vestigingsplaats."), "Breda", ("vestigingsplaats",)),
    Column("kvks", "kvk-nummers", True,
           _("Een of meer KvK-nummers van %(digits)s cijfers, gescheiden door spaties, komma's "
             "of puntkomma's. Het eerste is de hoofdaanvrager, de andere vallen onder het "
             "certificaat."), "64000101 64000102",
           ("kvk-nummer", "kvk nummers", "kvk nummer", "kvk")),
    Column("level", "trede", True,
           _("De trede: de naam of de code uit het handboek (%(levels)s)."), "trede_2",
           ("niveau",)),
    Column("pso30plus", "pso 30+", False,
           _("Ja als de organisatie ook een PSO 30+-certificaat heeft (alleen bij %(level)s); "
             "leeg of nee als dat niet zo is."), "nee", ("pso30+",)),
    Column("pso30plus_number", "certificaatnummer pso 30+", False,
           _("Het nummer van het PSO 30+-certificaat: een eigen nummer, verplicht als PSO 30+ "
             "ja is. Het krijgt dezelfde gegevens als het certificaat van de trede."), "",
           ("certificaatnummer pso30+",)),
    Column("start", "ingangsdatum", True,
           _("De eerste geldige dag: dd-mm-jjjj, jjjj-mm-dd of een datum in Excel."),
           "01-03-2025", ("begindatum",)),
    Column("end", "einddatum", True,
           _("De laatste geldige dag, niet vóór de ingangsdatum."), "28-02-2027",
           ("geldig tot",)),
    Column("institution", "certificerende instelling", True,
           _("De certificerende instelling die de audit deed."), "Keurmerk Certificering B.V.",
           ("instelling",)),
    Column("handbook_version", "handboekversie", False,
           _("Optioneel. Leeg: de versie die op de ingangsdatum gold (%(versions)s; vóór de "
             "eerste bekende versie geldt die eerste)."), "", ("handboek",)),
    Column("revoked_on", "ingetrokken per", False,
           _("Optioneel: de dag waarop het certificaat is ingetrokken, tussen de ingangs- en "
             "de einddatum."), "", ("ingetrokken op",)),
    Column("turnover", "omzet", False,
           _("Optioneel en vertrouwelijk: de omzet in het peiljaar in euro's, groter dan 0. "
             "Inkopers die deze organisatie als leverancier opgeven, rekenen ermee (stap 3D); "
             "ze zien het bedrag nooit."), "2.450.000,00", ("omzet in het peiljaar",)),
    Column("weighted_fte", "gewogen doelgroep-fte", False,
           _("Optioneel en vertrouwelijk: het gewogen aantal doelgroep-fte, 0 of meer. Vul "
             "omzet en gewogen doelgroep-fte samen in, of laat beide leeg."), "12,5",
           ("gewogen doelgroep fte",)),
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


# -- what one row says ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """One certificate as the file describes it: the fields an import writes and compares."""

    number: str
    kind: str
    organisation_name: str
    city: str
    kvks: tuple[str, ...]  # the main applicant first
    level: str
    institution_name: str
    handbook_version: str
    start: dt.date
    end: dt.date
    revoked_on: dt.date | None
    supplier_turnover: Decimal | None
    supplier_weighted_fte: Decimal | None


@dataclass(frozen=True)
class FileRow:
    """A row without errors: its level certificate and, with PSO 30+, the separate one."""

    row: int
    certificates: tuple[Facts, ...]

    @property
    def main(self) -> Facts:
        return self.certificates[0]


@dataclass(frozen=True)
class ImportError:
    row: int | None  # as Excel numbers it (1 = the header); None for the file as a whole
    column: str | None  # the column's header as documented
    message: str
    code: str


class ImportErrors:
    """The first MAX_LISTED_ERRORS errors and a count of all of them."""

    def __init__(self) -> None:
        self.listed: list[ImportError] = []
        self.count = 0

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, row: int | None, column: str | None, code: str, message: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED_ERRORS:
            self.listed.append(ImportError(row, column, message, code))

    def lines(self) -> list[ImportError]:
        """The listed errors by row, then one counting the others."""
        items = sorted(self.listed, key=lambda e: (e.row or 0))
        hidden = self.count - len(items)
        if hidden > 0:
            items.append(ImportError(None, None, ngettext(
                "… en nog %(count)s fout (alleen de eerste %(shown)s staan hierboven).",
                "… en nog %(count)s fouten (alleen de eerste %(shown)s staan hierboven).",
                hidden) % {"count": as_count(hidden), "shown": as_count(len(items))},
                "too_many_errors"))
        return items


@dataclass
class ReadResult:
    kind: str = ""
    rows: list[FileRow] = field(default_factory=list)
    data_rows: int = 0  # non-empty rows after the header, with or without errors
    errors: ImportErrors = field(default_factory=ImportErrors)


# -- reading --------------------------------------------------------------------------------------


def read_register_file(data: bytes, file_name: str) -> ReadResult:
    """The rows of an uploaded register file; a row with any error yields no FileRow."""
    result = ReadResult()
    if len(data) > MAX_BYTES:
        result.errors.add(None, None, "too_large", gettext(
            "Het bestand is te groot (%(size)s MB); de grens is %(limit)s MB. Splits het "
            "bestand in delen en lees ze een voor een in.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024})
        return result
    try:
        table = open_table(data, file_name, sheet=SHEET_NAME, max_rows=MAX_DATA_ROWS + 1,
                           hint=_rows_hint())
    except SpreadsheetRefused as refused:
        _refused(result.errors, refused.error)
        return result
    result.kind = table.kind
    try:
        _read_rows(table.rows, result)
    except SpreadsheetRefused as refused:  # too many rows, a CSV that breaks half-way …
        result.rows = []
        _refused(result.errors, refused.error)
    finally:
        table.close()
    return result


def _rows_hint() -> str:
    return gettext("Een import heeft hoogstens %(limit)s certificaten (plus de kopregel); "
                   "splits het bestand of verwijder lege regels.") % {
        "limit": as_count(MAX_DATA_ROWS)}


def _refused(errors: ImportErrors, error: RowError) -> None:
    """The shared readers' refusal, in this import's words where theirs speak of a rekentool."""
    message = error.message
    if error.code == "line_too_long":
        message = gettext("Een regel van het bestand is langer dan een certificaat ooit nodig "
                          "heeft; dit is geen register met één certificaat per regel.")
    elif error.code == "too_large":
        message = gettext("Het Excel-bestand is uitgepakt te groot voor een register; "
                          "verwijder overbodige werkbladen, opmaak en regels.")
    elif error.code == "too_many_columns" and error.row is None:
        message = gettext("Het werkblad heeft meer cellen dan een register kan vullen; "
                          "verwijder de kolommen rechts van uw gegevens (ook lege, opgemaakte "
                          "cellen) en sla het bestand opnieuw op.")
    errors.add(error.row, None, error.code, message)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_rows(rows: Iterable[tuple[int, tuple[Any, ...]]], result: ReadResult) -> None:
    rows = iter(rows)
    first = next(((n, cells) for n, cells in rows if not all(map(_blank, cells))), None)
    if first is None:
        result.errors.add(None, None, "empty", gettext("Het bestand bevat geen kopregel en "
                                                       "geen certificaten."))
        return
    layout = _read_header(*first, result.errors)
    if layout is None:
        return
    reader = _RowReader(layout, result.errors)
    for number, cells in rows:
        if all(map(_blank, cells)):
            continue  # no certificate; it did count against the row cap
        result.data_rows += 1
        row = reader.read(number, cells)
        if row is not None:
            # Kept even when other rows have errors: the register's own checks then report
            # theirs in the same go. Nothing is applied while any error remains.
            result.rows.append(row)
    if result.data_rows == 0:
        result.errors.add(None, None, "no_rows", gettext(
            "Het bestand bevat alleen een kopregel; zet onder de kopregel één certificaat per "
            "regel."))


def _read_header(number: int, cells: tuple[Any, ...], errors: ImportErrors
                 ) -> dict[int, Column] | None:
    """Position → column; None when the header is unusable (the errors say why)."""
    before = errors.count
    named = [(i, str(v).strip()) for i, v in enumerate(cells) if not _blank(v)]
    if len(named) > MAX_COLUMNS:
        errors.add(number, None, "too_many_columns", gettext(
            "De kopregel heeft %(count)s kolommen; een register heeft er hoogstens %(limit)s. "
            "Verwijder de kolommen die niet in de beschrijving staan.")
            % {"count": len(named), "limit": MAX_COLUMNS})
        return None
    layout: dict[int, Column] = {}
    seen: set[str] = set()
    allowed = ", ".join(column.header for column in COLUMNS)
    for index, text in named:
        column = _HEADERS.get(_header_key(text))
        if column is None:
            errors.add(number, text, "unknown_column", gettext(
                "Onbekende kolom '%(header)s'. Gebruik deze kolomnamen: %(allowed)s; "
                "verwijder andere kolommen.") % {"header": text, "allowed": allowed})
        elif column.key in seen:
            errors.add(number, text, "duplicate_column", gettext(
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


def default_handbook(start: dt.date) -> Handbook:
    """The version in force on the start date; before the first known version, that first one
    (the register only needs its level names)."""
    try:
        return handbook_for(start)
    except HandbookNotFound:
        return handbook_list()[0]


def level_lookup(handbook: Handbook) -> dict[str, str]:
    """Code, Dutch and English name (also without "-status") → level code."""
    lookup: dict[str, str] = {}
    for level in handbook.levels:
        for spelling in (level.label_en, level.label_nl, level.code):
            key = normalise_label(spelling)
            lookup[key] = level.code
            for suffix in ("-status", " status"):
                if key.endswith(suffix):
                    lookup.setdefault(key.removesuffix(suffix), level.code)
    return lookup


def versions_text() -> str:
    """The known handbook versions as a page writes them: "versie 2.2, versie 2.3"."""
    return ", ".join(gettext("versie %(version)s") % {"version": handbook.version}
                     for handbook in handbook_list())


def level_names(handbook: Handbook) -> str:
    """The ladder in the active language (the import takes Dutch and English names)."""
    return ", ".join(label(level) for level in handbook.levels)


class _RowReader:
    """Reads one data row: each cell, then what the cells say together. Also finds numbers and
    (KvK number, start) pairs used twice in the file."""

    def __init__(self, layout: dict[int, Column], errors: ImportErrors) -> None:
        self.layout = layout
        self.errors = errors
        self.numbers: dict[str, int] = {}  # number → the row that has it
        self.starts: dict[tuple[str, dt.date], int] = {}
        self.versions = {h.version: h for h in handbook_list()}
        self.levels = {version: level_lookup(h) for version, h in self.versions.items()}

    def read(self, number: int, cells: tuple[Any, ...]) -> FileRow | None:
        self.row = number
        self.before = self.errors.count
        self.failed: set[str] = set()  # headers of the columns with an error in this row
        values: dict[str, Any] = {}
        for index, raw in enumerate(cells):
            column = self.layout.get(index)
            if column is None:
                if not _blank(raw):
                    self._error(gettext("kolom %(letter)s") % {
                        "letter": get_column_letter(index + 1)}, "no_header", gettext(
                        "Deze cel staat in een kolom zonder kolomnaam; zet de kolomnaam in de "
                        "kopregel of maak de cel leeg."))
                continue
            value = self._cell(column, raw)
            if value is not None:
                values[column.key] = value
        for column in COLUMNS:
            if column.required and column.key not in values and not self._failed(column.key):
                self._error(column.header, "required", gettext(
                    "'%(header)s' is leeg; vul het in.") % {"header": column.header})
        row = self._row(values)
        if row is None and self.errors.count == self.before:
            # Never drop a row silently: every path above that yields no row reports why; this
            # catches one that would not.
            self._error(None, "unreadable", gettext("Deze regel kon niet worden gelezen; "
                                                     "controleer elke cel."))
        return row

    # -- single cells

    def _error(self, column: str | None, code: str, message: str) -> None:
        self.errors.add(self.row, column, code, message)
        self.failed.add(column or "")

    def _failed(self, key: str) -> bool:
        return _BY_KEY[key].header in self.failed

    def _cell(self, column: Column, raw: Any) -> Any:
        try:
            if column.key in ("start", "end", "revoked_on"):
                text = parse_date(raw)
                return dt.date.fromisoformat(text) if text else None
            if column.key == "pso30plus":
                return parse_bool(raw)
            if column.key in ("turnover", "weighted_fte"):
                return self._decimal(column, raw)
            if column.key == "kvks":
                return self._kvks(column, raw)
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
        if column.key in ("number", "pso30plus_number"):
            return self._number(column, text)
        limit = CITY_MAX_LENGTH if column.key == "city" else NAME_MAX_LENGTH
        if len(text) > limit:
            self._error(column.header, "too_long", gettext(
                "Deze tekst is %(length)s tekens lang; hoogstens %(limit)s mag.")
                % {"length": len(text), "limit": limit})
            return None
        return text

    def _number(self, column: Column, text: str) -> str | None:
        number = text.upper()
        if len(number) > NUMBER_MAX_LENGTH or not _NUMBER.match(number):
            self._error(column.header, "bad_number", gettext(
                "'%(value)s' is geen geldig certificaatnummer: gebruik letters, cijfers, punten, "
                "streepjes en schuine strepen, hoogstens %(limit)s tekens.")
                % {"value": text[:50], "limit": NUMBER_MAX_LENGTH})
            return None
        if _OWN_NUMBER.match(number) and not _OWN_NUMBER_EXACT.match(number):
            self._error(column.header, "own_number_shape", gettext(
                "Nummers die beginnen met %(prefix)s-jjjj- geeft MijnPSO zelf uit, met "
                "%(digits)s cijfers na het jaar; schrijf dit nummer zo (bijvoorbeeld "
                "%(example)s) of houd het zoals het op het certificaat staat met een ander "
                "begin.") % {"prefix": NUMBER_PREFIX, "digits": NUMBER_DIGITS,
                            "example": f"{NUMBER_PREFIX}-2021-{7:0{NUMBER_DIGITS}d}"})
            return None
        return number

    def _kvks(self, column: Column, raw: Any) -> tuple[str, ...] | None:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        text = parse_text(raw)
        if text is None:
            return None
        # Only separators (", ;") is an empty cell: the required check reports it.
        return tuple(part for part in _KVK_SEPARATORS.split(text) if part) or None

    def _decimal(self, column: Column, raw: Any) -> Decimal | None:
        text = parse_decimal(raw)
        if text is None:
            return None
        number = Decimal(text)
        limit: NumberLimit = MONEY if column.key == "turnover" else FTE
        if not limit.fits(number):
            self._error(column.header, "bad_number", gettext(
                "'%(value)s' past niet: hoogstens %(places)s decimalen en kleiner dan "
                "%(maximum)s.") % {"value": text[:50], "places": limit.places,
                                   "maximum": as_count(10 ** limit.integer_digits)})
            return None
        if column.key == "turnover" and number <= 0:
            self._error(column.header, "not_positive", gettext(
                "De omzet moet groter dan 0 zijn; laat de cel leeg als u hem niet weet."))
            return None
        if number < 0:
            self._error(column.header, "negative", gettext(
                "Het gewogen aantal doelgroep-fte kan niet negatief zijn."))
            return None
        return limit.canonical(number)

    # -- the row as a whole

    def _row(self, v: dict[str, Any]) -> FileRow | None:
        handbook = self._handbook(v)
        kvks = self._check_kvks(v.get("kvks"), handbook)
        level = self._level(v, handbook)
        self._dates(v)
        pso30plus = self._pso30plus(v, handbook, level)
        if ("turnover" in v) != ("weighted_fte" in v) and not (
                self._failed("turnover") or self._failed("weighted_fte")):
            missing = "weighted_fte" if "turnover" in v else "turnover"
            self._error(header(missing), "figures_incomplete", gettext(
                "Vul omzet en gewogen doelgroep-fte allebei in, of laat beide leeg."))
        self._unique_numbers(v, pso30plus)
        if self.errors.count != self.before or handbook is None or level is None or not kvks:
            return None
        self._unique_starts(v, kvks)
        if self.errors.count != self.before:
            return None
        common = {
            "organisation_name": v["organisation"], "city": v.get("city", ""), "kvks": kvks,
            "level": level, "institution_name": v["institution"],
            "handbook_version": handbook.version, "start": v["start"], "end": v["end"],
            "revoked_on": v.get("revoked_on"), "supplier_turnover": v.get("turnover"),
            "supplier_weighted_fte": v.get("weighted_fte"),
        }
        certificates = [Facts(number=v["number"], kind=Certificate.Kind.LEVEL, **common)]
        if pso30plus:
            certificates.append(Facts(number=v["pso30plus_number"],
                                      kind=Certificate.Kind.PSO30PLUS, **common))
        return FileRow(self.row, tuple(certificates))

    def _handbook(self, v: dict[str, Any]) -> Handbook | None:
        version = v.get("handbook_version")
        if version is None:
            return default_handbook(v["start"]) if "start" in v else None
        found = self.versions.get(version)
        if found is None:
            self._error(header("handbook_version"), "unknown_version", gettext(
                "Handboekversie '%(value)s' bestaat niet; bekend zijn: %(versions)s. Laat de "
                "cel leeg voor de versie die op de ingangsdatum gold.")
                % {"value": version[:20], "versions": versions_text()})
        return found

    def _check_kvks(self, parts: tuple[str, ...] | None, handbook: Handbook | None
                    ) -> tuple[str, ...]:
        if not parts:
            return ()
        digits = (handbook or handbook_list()[-1]).limits.kvk_digits
        column = header("kvks")
        good: list[str] = []
        for part in parts:
            if not (part.isascii() and part.isdigit() and len(part) == digits):
                message = gettext("'%(value)s' is geen KvK-nummer: een KvK-nummer heeft "
                                  "%(digits)s cijfers.") % {"value": part[:20], "digits": digits}
                if part.isascii() and part.isdigit() and len(part) < digits:
                    message += " " + gettext("Is er een voorloopnul weggevallen? Maak de kolom "
                                             "in Excel dan tekst en typ het nummer opnieuw.")
                self._error(column, "bad_kvk", message)
            elif part in good:
                self._error(column, "duplicate_kvk", gettext(
                    "KvK-nummer %(kvk)s staat twee keer in deze cel.") % {"kvk": part})
            else:
                good.append(part)
        return tuple(good) if len(good) == len(parts) else ()

    def _level(self, v: dict[str, Any], handbook: Handbook | None) -> str | None:
        text = v.get("level")
        if text is None or (handbook is None and self._failed("handbook_version")):
            return None
        # Without a start date the version is unknown; the newest one still catches a typo.
        handbook = handbook or handbook_list()[-1]
        code = self.levels[handbook.version].get(normalise_label(text))
        if code is None:
            self._error(header("level"), "unknown_level", gettext(
                "'%(value)s' is geen trede van handboekversie %(version)s; gebruik een van: "
                "%(levels)s.") % {"value": text[:40], "version": handbook.version,
                                  "levels": level_names(handbook)})
        return code

    def _dates(self, v: dict[str, Any]) -> None:
        start, end, revoked = v.get("start"), v.get("end"), v.get("revoked_on")
        if start and end and end < start:
            self._error(header("end"), "end_before_start", gettext(
                "De einddatum (%(end)s) ligt vóór de ingangsdatum (%(start)s); controleer "
                "beide datums.") % {"end": _dutch(end), "start": _dutch(start)})
        if revoked and start and revoked < start:
            self._error(header("revoked_on"), "revoked_before_start", gettext(
                "'Ingetrokken per' (%(revoked)s) ligt vóór de ingangsdatum (%(start)s).")
                % {"revoked": _dutch(revoked), "start": _dutch(start)})
        elif revoked and end and revoked > end:
            self._error(header("revoked_on"), "revoked_after_end", gettext(
                "'Ingetrokken per' (%(revoked)s) ligt na de einddatum (%(end)s): een verlopen "
                "certificaat wordt niet meer ingetrokken. Laat de cel leeg of corrigeer de "
                "datum.") % {"revoked": _dutch(revoked), "end": _dutch(end)})

    def _pso30plus(self, v: dict[str, Any], handbook: Handbook | None, level: str | None
                   ) -> bool:
        wanted, number = v.get("pso30plus"), v.get("pso30plus_number")
        if wanted and number is None and not self._failed("pso30plus_number"):
            self._error(header("pso30plus_number"), "pso30plus_number_missing", gettext(
                "PSO 30+ is ja: vul ook het certificaatnummer van het PSO 30+-certificaat in."))
        if number is not None and not wanted:
            self._error(header("pso30plus_number"), "pso30plus_number_without", gettext(
                "Er staat een certificaatnummer PSO 30+, maar PSO 30+ is niet ja. Zet PSO 30+ "
                "op ja of maak deze cel leeg."))
        if wanted and handbook is not None and level is not None \
                and level != handbook.pso30plus.level:
            names = {lv.code: label(lv) for lv in handbook.levels}
            self._error(header("pso30plus"), "pso30plus_level", gettext(
                "PSO 30+ hoort alleen bij %(required)s; deze regel heeft %(level)s. Zet PSO 30+ "
                "op nee of corrigeer de trede.")
                % {"required": names[handbook.pso30plus.level], "level": names[level]})
        if number is not None and number == v.get("number"):
            self._error(header("pso30plus_number"), "pso30plus_same_number", gettext(
                "Het PSO 30+-certificaat heeft een eigen nummer, niet hetzelfde als het "
                "certificaat van de trede."))
        return bool(wanted and number)

    def _unique_numbers(self, v: dict[str, Any], pso30plus: bool) -> None:
        for key in ("number", "pso30plus_number"):
            number = v.get(key)
            if number is None or (key == "pso30plus_number" and number == v.get("number")):
                continue
            earlier = self.numbers.get(number)
            if earlier is not None:
                self._error(header(key), "duplicate_number", gettext(
                    "Certificaatnummer %(number)s staat ook in rij %(row)s; elk certificaat "
                    "staat één keer in het bestand.") % {"number": number, "row": earlier})
            else:
                self.numbers[number] = self.row

    def _unique_starts(self, v: dict[str, Any], kvks: tuple[str, ...]) -> None:
        """Two certifications of one KvK number starting the same day: which one holds? The
        file must say (leave one out, or revoke the other from its start)."""
        start, revoked = v["start"], v.get("revoked_on")
        if revoked is not None and revoked <= start:
            return  # never in force
        for kvk in kvks:
            earlier = self.starts.get((kvk, start))
            if earlier is not None:
                self._error(header("start"), "same_start", gettext(
                    "KvK-nummer %(kvk)s heeft in rij %(row)s ook een certificaat met "
                    "ingangsdatum %(start)s. Laat één van beide weg, of vul bij het vervangen "
                    "certificaat 'ingetrokken per' in.")
                    % {"kvk": kvk, "row": earlier, "start": _dutch(start)})
                return
        for kvk in kvks:
            self.starts[(kvk, start)] = self.row


def _dutch(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")
