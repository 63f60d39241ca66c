"""Opening an upload as rows of cell values, deciding the file type by its content.

A file's name can lie (a PDF renamed ``.xlsx``), so the type is decided by the first bytes:
an xlsx is a ZIP archive (``PK\\x03\\x04``) holding a workbook; a CSV is text. Old binary Excel
(``.xls``), PDF and other binary content are refused with a message saying what to do. Size is
capped before anything is parsed, and the ZIP's uncompressed size too (a "zip bomb" must not
exhaust memory). openpyxl reads in ``read_only`` mode: rows are streamed, not loaded whole.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from .errors import RowError, SpreadsheetRefused

MAX_BYTES = 20 * 1024 * 1024
# 100,000 rows of a dozen cells is ~150 MB of sheet XML; anything far beyond is no honest upload.
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024

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


def open_workbook(data: bytes) -> Workbook:
    """An xlsx in read-only mode (close it when done); refuses corrupt or oversized archives."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(
            "not_spreadsheet", gettext("Het bestand is beschadigd of geen geldig Excel-bestand.")
        ) from None
    if "xl/workbook.xml" not in names:
        raise _refuse(
            "not_spreadsheet",
            gettext("Dit ZIP-bestand is geen Excel-werkmap (.xlsx)."),
        )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _refuse("too_large", gettext("Het Excel-bestand is uitgepakt te groot."))
    try:
        # data_only: a formula counts with the value Excel last calculated, never its text.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for broken parts; all mean the same here
        raise _refuse(
            "not_spreadsheet", gettext("Het bestand is beschadigd of geen geldig Excel-bestand.")
        ) from None


def sheet_rows(sheet: ReadOnlyWorksheet) -> Rows:
    """(Excel row number, cell values) for every row, gaps included as empty rows."""
    # Some writers store a wrong <dimension>; without a reset, openpyxl would cut cells off.
    sheet.reset_dimensions()
    yield from enumerate(sheet.iter_rows(values_only=True), start=1)


def decode_text(data: bytes) -> str:
    """CSV text: UTF-8 (with or without BOM), else Windows-1252 as saved by Dutch Excel."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    # Text with many control characters is binary junk that happened to pass the magic checks.
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > len(sample) // 100:
        raise _refuse("not_spreadsheet", gettext("Dit is geen Excel- (.xlsx) of CSV-bestand."))
    return text


def sniff_delimiter(text: str) -> str:
    """``;`` (Dutch Excel), ``,`` or tab: whichever occurs most in the first non-empty line."""
    for line in text.splitlines():
        if line.strip():
            counts = {d: line.count(d) for d in (";", ",", "\t")}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ";"
    return ";"


def csv_rows(data: bytes) -> Rows:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        for number, values in enumerate(reader, start=1):
            yield number, tuple(values)
    except csv.Error as e:
        raise _refuse(
            "not_spreadsheet",
            gettext("Het CSV-bestand is niet te lezen: %(reason)s") % {"reason": str(e)},
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


def open_table(data: bytes, filename: str, *, sheet: str) -> Table:
    """The rows of ``sheet`` (or the first sheet if there is none by that name) or of a CSV."""
    kind = sniff_kind(data, filename)
    if kind == CSV:
        return Table(CSV, None, csv_rows(data))
    workbook = open_workbook(data)
    names = workbook.sheetnames
    if not names:
        workbook.close()
        raise _refuse("empty", gettext("De Excel-werkmap bevat geen werkbladen."))
    chosen = sheet if sheet in names else names[0]
    return Table(XLSX, chosen, sheet_rows(workbook[chosen]), workbook)
