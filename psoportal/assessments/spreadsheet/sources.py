"""Opening an upload as rows of cell values, deciding the file type by its content.

A file's name can lie (a PDF renamed ``.xlsx``), so the type is decided by the first bytes:
an xlsx is a ZIP archive (``PK\\x03\\x04``) holding a workbook; a CSV is text. Old binary Excel
(``.xls``), PDF and other binary content are refused with a message saying what to do. Size is
capped before anything is parsed, and the ZIP's uncompressed size too (a "zip bomb" must not
exhaust memory). openpyxl reads in ``read_only`` mode: rows are streamed, not loaded whole.

The work is bounded, not only the upload: every reader stops at its row cap counting empty
rows, reads a capped number of columns per row and refuses an over-long cell or CSV line
(:func:`bounded`; the limits come from ``psoportal.methodology.limits``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from psoportal.core.lib.numbers import as_count
from psoportal.methodology.limits import MAX_CELL_LENGTH, MAX_SPREADSHEET_COLUMNS

from .errors import RowError, SpreadsheetRefused

MAX_BYTES = 20 * 1024 * 1024
# A full rekentool (50,000 employees and 50,000 purchases) is ~50 MB of XML unpacked; anything
# far beyond is no honest upload.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# Parts read whole at opening (shared strings, styles …): 50,000 references and 50,000 supplier
# names of at most NAME_MAX_LENGTH characters fit.
MAX_PART_BYTES = 16 * 1024 * 1024

XLSX, CSV = "xlsx", "csv"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and .doc) files
_BINARY_MAGICS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z")

Rows = Iterator[tuple[int, tuple[Any, ...]]]


def _refuse(code: str, message: str) -> SpreadsheetRefused:
    return SpreadsheetRefused(RowError(row=None, column=None, message=message, code=code))


def sniff_kind(data: bytes, filename: str) -> str:
    """``"xlsx"`` or ``"csv"`` by content; raises SpreadsheetRefused for anything else."""
    if len(data) > MAX_BYTES:
        raise _refuse(
            "too_large",
            gettext("Het bestand is te groot (%(size)s MB); de grens is %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024},
        )
    if not data.strip():
        raise _refuse("empty", gettext("Het bestand is leeg."))
    name = filename.lower()
    if data.startswith(_ZIP_MAGIC):
        if name.endswith((".csv", ".txt")):
            raise _refuse(
                "wrong_type",
                gettext("Het bestand heet .csv maar is een Excel-bestand; noem het .xlsx."),
            )
        return XLSX
    if data.startswith(_OLE_MAGIC):
        raise _refuse(
            "xls",
            gettext(
                "Dit is een oud Excel-bestand (.xls). Sla het in Excel op als "
                "Excel-werkmap (.xlsx) of als CSV en probeer het opnieuw."
            ),
        )
    if data.startswith(_BINARY_MAGICS) or b"\x00" in data[:65536]:
        raise _refuse(
            "not_spreadsheet",
            gettext("Dit is geen Excel- (.xlsx) of CSV-bestand."),
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise _refuse(
            "not_spreadsheet",
            gettext("Het bestand heet .xlsx maar is geen geldig Excel-bestand."),
        )
    return CSV


# <row …> with its attributes, and <c …> (any namespace prefix; not <rowBreaks> or <cols>).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_SCAN_CHUNK = 1024 * 1024
# openpyxl parses every cell element of a row, also those right of the columns it is asked
# for: one row of two million empty cells took 112 s and 1.9 GB. No honest row holds more
# cell elements than this (formatting can add empty ones to the right of the data) ...
MAX_CELLS_PER_ROW = 1_024
# ... nor a sheet more than this many per row it may have (a target group has 11 columns).
CELLS_PER_ROW_ON_AVERAGE = 16


class SheetTooLarge(Exception):
    """What the raw scan of a sheet found: ``kind`` is "rows", "row_cells" or "cells"."""

    def __init__(self, kind: str, row: int) -> None:
        super().__init__(kind)
        self.kind = kind
        self.row = row


class _UnsizedSheet(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its size when the workbook is opened.

    openpyxl reads a sheet's ``<dimension>`` at load time, and a sheet without one is parsed to
    its very end to find it (a million-row sheet: 15 s before the first row is read). The
    readers here ignore the stored size anyway (see :func:`sheet_rows`).
    """

    def _get_size(self) -> None:
        pass

    def check_size(self, max_rows: int) -> None:
        """Raise :class:`SheetTooLarge` when the sheet's XML holds a row numbered above
        ``max_rows`` (empty or not), a row of more than ``MAX_CELLS_PER_ROW`` cells, or more
        cells than ``max_rows × CELLS_PER_ROW_ON_AVERAGE``.

        A scan of the raw XML (C speed, no cells built) that stops at the first breach, so a
        sheet of a million rows or a row of a million cells is refused before openpyxl parses
        any of it.
        """
        number = cells_in_row = cells = 0
        max_cells = max_rows * CELLS_PER_ROW_ON_AVERAGE

        def count_cells(text: bytes, start: int, end: int) -> None:
            # Counted with findall (C speed): a Python step per cell took 4 s for 800,000.
            nonlocal cells_in_row, cells
            found = len(_CELL_TAG.findall(text, start, end))
            cells_in_row += found
            cells += found
            if cells_in_row > MAX_CELLS_PER_ROW:
                raise SheetTooLarge("row_cells", number)
            if cells > max_cells:
                raise SheetTooLarge("cells", number)

        rest = b""
        with self._get_source() as source:
            while chunk := source.read(_SCAN_CHUNK):
                text = rest + chunk
                # A tag cut in two by the chunk boundary is finished in the next round.
                cut = text.rfind(b"<")
                if cut < 0:
                    cut = len(text)
                text, rest = text[:cut], text[cut:]
                rows = list(_ROW_TAG.finditer(text))
                ends = [row.start() for row in rows[1:]] + [len(text)] * bool(rows)
                count_cells(text, 0, rows[0].start() if rows else len(text))
                for row, end in zip(rows, ends, strict=True):
                    cells_in_row = 0
                    explicit = _ROW_NUMBER.search(row[1])
                    if explicit is None:
                        number += 1  # a row without r= follows the previous one
                    elif len(explicit[1]) > 9:
                        raise SheetTooLarge("rows", max_rows + 1)
                    else:
                        number = int(explicit[1])
                    if number > max_rows:
                        raise SheetTooLarge("rows", number)
                    count_cells(text, row.end(), end)


class _Reader(ExcelReader):
    """openpyxl's reader in read-only mode with :class:`_UnsizedSheet` sheets.

    Chart sheets (no cells) are left out.
    """

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _UnsizedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def open_workbook(data: bytes) -> Workbook:
    """An xlsx in read-only mode (close it when done); refuses corrupt or oversized archives.

    Worksheets are streamed row by row; every other part (shared strings, styles …) is read
    whole when the workbook opens, so each of those is capped at ``MAX_PART_BYTES``.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(
            "not_spreadsheet", gettext("Het bestand is beschadigd of geen geldig Excel-bestand.")
        ) from None
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise _refuse(
            "not_spreadsheet",
            gettext("Dit ZIP-bestand is geen Excel-werkmap (.xlsx)."),
        )
    too_large = sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES or any(
        info.file_size > MAX_PART_BYTES
        for info in infos
        if not info.filename.startswith("xl/worksheets/")
    )
    if too_large:
        raise _refuse(
            "too_large",
            gettext(
                "Het Excel-bestand is uitgepakt groter dan %(limit)s MB; zoveel gegevens heeft "
                "geen rekentool. Verwijder overbodige werkbladen, opmaak en regels."
            )
            % {"limit": MAX_UNCOMPRESSED_BYTES // 1024 // 1024},
        )
    try:
        # data_only: a formula counts with the value Excel last calculated, never its text.
        reader = _Reader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read()
    except Exception:  # openpyxl raises many types for broken parts; all mean the same here
        raise _refuse(
            "not_spreadsheet", gettext("Het bestand is beschadigd of geen geldig Excel-bestand.")
        ) from None
    return reader.wb


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _too_many_rows(max_rows: int, sheet: str | None, hint: str) -> SpreadsheetRefused:
    if sheet:
        message = gettext(
            "Het werkblad '%(sheet)s' heeft meer dan %(limit)s regels (lege regels tellen mee). "
            "%(hint)s"
        )
    else:
        message = gettext(
            "Het bestand heeft meer dan %(limit)s regels (lege regels tellen mee). %(hint)s"
        )
    message %= {"sheet": sheet, "limit": as_count(max_rows), "hint": hint}
    return SpreadsheetRefused(RowError(None, None, message, "too_many_rows", sheet))


def _too_many_cells(found: SheetTooLarge, sheet: str) -> SpreadsheetRefused:
    if found.kind == "row_cells":
        message = gettext(
            "Deze regel heeft meer dan %(limit)s cellen; verwijder de kolommen rechts van uw "
            "gegevens (ook lege, opgemaakte cellen) en sla het bestand opnieuw op."
        ) % {"limit": as_count(MAX_CELLS_PER_ROW)}
        return SpreadsheetRefused(RowError(found.row, None, message, "too_many_columns", sheet))
    message = gettext(
        "Het werkblad '%(sheet)s' heeft meer cellen dan een rekentool kan vullen; verwijder de "
        "kolommen rechts van uw gegevens (ook lege, opgemaakte cellen) en sla het bestand "
        "opnieuw op."
    ) % {"sheet": sheet}
    return SpreadsheetRefused(RowError(None, None, message, "too_many_columns", sheet))


def bounded(
    rows: Iterable[Sequence[Any]], *, max_rows: int, sheet: str | None, hint: str
) -> Rows:
    """(row number, cells) of ``rows``, refusing the file past ``max_rows`` rows.

    Empty rows count: a sheet whose only cell sits in row 10^12 is refused at row
    ``max_rows + 1``, it is never read up to there. Each row is cut to
    ``MAX_SPREADSHEET_COLUMNS`` cells (a value further right refuses the file) and no cell may
    hold more than ``MAX_CELL_LENGTH`` characters. ``hint`` (translated) says what the limit is
    for, e.g. how many employees a rekentool holds.
    """
    for number, cells in enumerate(rows, start=1):
        if number > max_rows:
            raise _too_many_rows(max_rows, sheet, hint)
        if len(cells) > MAX_SPREADSHEET_COLUMNS:
            if not all(_blank(value) for value in cells[MAX_SPREADSHEET_COLUMNS:]):
                message = gettext(
                    "Deze regel heeft meer dan %(limit)s kolommen; verwijder de kolommen "
                    "rechts daarvan."
                ) % {"limit": MAX_SPREADSHEET_COLUMNS}
                raise SpreadsheetRefused(
                    RowError(number, None, message, "too_many_columns", sheet)
                )
            cells = cells[:MAX_SPREADSHEET_COLUMNS]
        for index, value in enumerate(cells):
            if isinstance(value, str) and len(value) > MAX_CELL_LENGTH:
                message = gettext(
                    "Deze cel bevat meer dan %(limit)s tekens; zo lang is geen enkel veld."
                ) % {"limit": as_count(MAX_CELL_LENGTH)}
                column = gettext("kolom %(letter)s") % {"letter": get_column_letter(index + 1)}
                raise SpreadsheetRefused(RowError(number, column, message, "cell_too_long", sheet))
        yield number, tuple(cells)


def sheet_rows(sheet: ReadOnlyWorksheet, *, max_rows: int, hint: str) -> Rows:
    """(Excel row number, cell values) for every row, gaps included as empty rows, bounded.

    openpyxl fills a gap in the row numbers with empty rows; asking it for no more than
    ``max_rows + 1`` rows and ``MAX_SPREADSHEET_COLUMNS + 1`` cells per row bounds the work
    whatever row or column numbers the sheet's XML claims.
    """
    if isinstance(sheet, _UnsizedSheet):
        try:
            sheet.check_size(max_rows)
        except SheetTooLarge as found:
            if found.kind == "rows":
                raise _too_many_rows(max_rows, sheet.title, hint) from None
            raise _too_many_cells(found, sheet.title) from None
    # Some writers store a wrong <dimension>; without a reset, openpyxl would cut cells off.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(
        min_row=1, max_row=max_rows + 1, max_col=MAX_SPREADSHEET_COLUMNS + 1, values_only=True
    )
    return bounded(_parsed(rows, sheet.title), max_rows=max_rows, sheet=sheet.title, hint=hint)


def _parsed(rows: Iterator[tuple[Any, ...]], sheet: str) -> Iterator[tuple[Any, ...]]:
    """The rows openpyxl parses, refusing the file when a row cannot be parsed (broken XML, a
    number of more than 4,300 digits …) instead of letting the error escape."""
    number = 0
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except Exception:  # openpyxl raises many types for broken parts; all mean the same
            message = gettext(
                "Het werkblad '%(sheet)s' is beschadigd of bevat een ongeldige waarde na rij "
                "%(row)s; sla het bestand opnieuw op in Excel."
            ) % {"sheet": sheet, "row": as_count(number)}
            raise SpreadsheetRefused(
                RowError(None, None, message, "not_spreadsheet", sheet)
            ) from None
        number += 1
        yield cells


# A whole CSV row of quoted, separated cells at their longest; no honest line is longer.
MAX_CSV_LINE = MAX_SPREADSHEET_COLUMNS * (MAX_CELL_LENGTH + 3)
_CHUNK = 1024 * 1024


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as saved by Dutch Excel.

    Checked a chunk at a time, so the file is never held as one large string.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), _CHUNK):
            decoder.decode(data[start : start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def open_text(data: bytes) -> io.TextIOWrapper:
    """CSV text, decoded lazily while it is read."""
    stream = io.TextIOWrapper(
        io.BytesIO(data), encoding=_encoding(data), errors="replace", newline=""
    )
    # Text with many control characters is binary junk that happened to pass the magic checks.
    sample = stream.read(65536)
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > len(sample) // 100:
        raise _refuse("not_spreadsheet", gettext("Dit is geen Excel- (.xlsx) of CSV-bestand."))
    stream.seek(0)
    return stream


def decode_text(data: bytes) -> str:
    """The whole CSV text (small files and tests); imports read lazily with :func:`open_text`."""
    return open_text(data).read()


def sniff_delimiter(text: str) -> str:
    """``;`` (Dutch Excel), ``,`` or tab: whichever occurs most in the first non-empty line."""
    for line in text.splitlines():
        if line.strip():
            counts = {d: line.count(d) for d in (";", ",", "\t")}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ";"
    return ";"


def _lines(stream: io.TextIOWrapper) -> Iterator[str]:
    """The physical lines of a CSV, refusing one longer than ``MAX_CSV_LINE`` characters."""
    number = 0
    while line := stream.readline(MAX_CSV_LINE + 1):
        number += 1
        if len(line) > MAX_CSV_LINE:
            message = gettext(
                "Regel %(line)s is langer dan %(limit)s tekens; dit is geen CSV-bestand met "
                "één medewerker of inkoop per regel."
            ) % {"line": as_count(number), "limit": as_count(MAX_CSV_LINE)}
            raise _refuse("line_too_long", message)
        yield line


def csv_rows(data: bytes, *, max_rows: int, hint: str) -> Rows:
    """The records of a CSV, read lazily and bounded like a sheet (:func:`bounded`)."""
    stream = open_text(data)
    delimiter = sniff_delimiter(stream.read(65536))
    stream.seek(0)
    # The field size limit of the csv module (131,072 characters) bounds a quoted field that
    # runs over many lines; a cell longer than MAX_CELL_LENGTH is refused by bounded().
    reader = csv.reader(_lines(stream), delimiter=delimiter)
    try:
        yield from bounded(reader, max_rows=max_rows, sheet=None, hint=hint)
    except csv.Error:
        # In practice a quote that is never closed, so one "cell" runs on over many lines.
        raise _refuse(
            "not_spreadsheet",
            gettext(
                "Het CSV-bestand is niet te lezen rond regel %(line)s: controleer of elk "
                "aanhalingsteken (\") daar ook weer gesloten wordt."
            )
            % {"line": as_count(reader.line_num)},
        ) from None


@dataclass
class Table:
    """The rows of one sheet of an upload, plus what to close afterwards."""

    kind: str
    sheet: str | None
    rows: Rows
    workbook: Workbook | None = None

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()


def open_table(data: bytes, filename: str, *, sheet: str, max_rows: int, hint: str) -> Table:
    """The rows of ``sheet`` (or the first sheet if there is none by that name) or of a CSV,
    at most ``max_rows`` of them counting empty rows (see :func:`bounded`)."""
    kind = sniff_kind(data, filename)
    if kind == CSV:
        return Table(CSV, None, csv_rows(data, max_rows=max_rows, hint=hint))
    workbook = open_workbook(data)
    names = workbook.sheetnames
    if not names:
        workbook.close()
        raise _refuse("empty", gettext("De Excel-werkmap bevat geen werkbladen."))
    chosen = sheet if sheet in names else names[0]
    try:
        rows = sheet_rows(workbook[chosen], max_rows=max_rows, hint=hint)
    except SpreadsheetRefused:
        workbook.close()
        raise
    return Table(XLSX, chosen, rows, workbook)
