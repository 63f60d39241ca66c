"""The template of the register import: the documented columns as an empty file to fill in.

The xlsx has the sheet "Register" (the header row; KvK numbers and certificate numbers
formatted as text, so Excel keeps a leading zero, dates as dd-mm-jjjj) and a sheet
"Toelichting" describing each column. The CSV is the header line, separated by ";" and saved as
UTF-8 with BOM, which Dutch Excel opens correctly. Neither holds an example row: a forgotten
example would be imported as a certificate.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from psoportal.assessments.spreadsheet.template import DATE_FORMAT, save, set_cell, write_header
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.handbook import Handbook
from psoportal.register.import_file import (
    COLUMNS,
    SHEET_NAME,
    Column,
    level_names,
    versions_text,
)

HELP_SHEET = "Toelichting"
_TEXT_COLUMNS = {"number", "pso30plus_number", "kvks"}
_DATE_COLUMNS = {"start", "end", "revoked_on"}


def column_help(column: Column, handbook: Handbook) -> str:
    """A column's description with the handbook's names filled in (active language)."""
    return str(column.help) % {
        "digits": handbook.limits.kvk_digits,
        "levels": level_names(handbook),
        "level": label(handbook.level(handbook.pso30plus.level)),
        "versions": versions_text(),
    }


def column_example(column: Column, handbook: Handbook) -> str:
    if column.key == "level":  # a name from the handbook, as people write it
        return handbook.levels[-2].label_nl
    return column.example


def register_template(handbook: Handbook, fmt: str) -> bytes:
    """An empty register file: `fmt` is "xlsx" or "csv"."""
    headers = [column.header for column in COLUMNS]
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(headers)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt != "xlsx":
        raise ValueError(f"unknown template format {fmt!r}")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    write_header(sheet, headers, [max(14, len(h) + 4) for h in headers])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        if column.key in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        elif column.key in _DATE_COLUMNS:
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
    notes = workbook.create_sheet(HELP_SHEET)
    with translation.override("nl"):
        write_header(notes, [gettext("Kolom"), gettext("Verplicht"), gettext("Uitleg"),
                             gettext("Voorbeeld")], [28, 10, 90, 30])
        rows: list[list[Any]] = [
            [column.header, gettext("ja") if column.required else gettext("nee"),
             column_help(column, handbook), column_example(column, handbook)]
            for column in COLUMNS
        ]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            set_cell(notes, r, c, value)
    return save(workbook)
