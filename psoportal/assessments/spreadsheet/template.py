"""The target-group template (step 3C) and the sheet layout it shares with the export.

The xlsx has the sheet ``Doelgroep`` (Dutch headers, rule book §5) and a sheet ``Toelichting``
explaining each column and listing the valid categories and contract types of the handbook
(Dutch label and code). Category, contract and the 30+ flag get drop-down lists; they warn
rather than stop, because a code is accepted as well as a label. The CSV is the header line,
separated by ``;`` and saved as UTF-8 with BOM, which is what Dutch Excel opens correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from psoportal.methodology.handbook import Handbook

from .columns import BOOL, CATEGORY, CONTRACT, DATE, DECIMAL, TARGET_GROUP_COLUMNS, TEXT
from .target_group import MAX_ROWS, SHEET_NAME
from .values import excel_number

HELP_SHEET = "Toelichting"
DATE_FORMAT = "DD-MM-YYYY"
# How far down the drop-down lists reach: the import's row cap (the header row included).
VALIDATION_ROWS = MAX_ROWS

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def target_group_template(handbook: Handbook, fmt: str = "xlsx") -> bytes:
    """An empty target-group file to fill in: ``fmt`` is ``"xlsx"`` or ``"csv"``."""
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([c.header for c in TARGET_GROUP_COLUMNS])
        return buffer.getvalue().encode("utf-8-sig")
    if fmt != "xlsx":
        raise ValueError(f"unknown template format {fmt!r} (expected 'xlsx' or 'csv')")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    write_target_group_sheet(sheet, [], handbook)
    help_ranges = write_help_sheet(workbook, handbook)
    add_validations(sheet, help_ranges, handbook)
    return save(workbook)


def save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def set_cell(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    """Write a value; text is always text (a leading ``=`` must never become a formula)."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def write_header(sheet: Worksheet, headers: Iterable[str], widths: Iterable[int]) -> None:
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        set_cell(sheet, 1, index, header)
        cell = sheet.cell(row=1, column=index)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def write_target_group_sheet(
    sheet: Worksheet, rows: Iterable[dict[str, Any]], handbook: Handbook
) -> None:
    """Header, help comments and rows (document form) of a ``Doelgroep`` sheet.

    Categories and contracts are written as Dutch labels when the handbook knows the code (the
    import accepts both), so the sheet reads naturally and the drop-downs match.
    """
    widths = [max(14, len(c.header) + 4) for c in TARGET_GROUP_COLUMNS]
    widths[1] = 40
    widths[2] = 30
    write_header(sheet, (c.header for c in TARGET_GROUP_COLUMNS), widths)
    for index, column in enumerate(TARGET_GROUP_COLUMNS, start=1):
        sheet.cell(row=1, column=index).comment = Comment(column.help_text(handbook), "PSO")
        letter = get_column_letter(index)
        # Whole-column formats: references stay text ("001"), dates show as dd-mm-jjjj.
        if column.kind == TEXT:
            sheet.column_dimensions[letter].number_format = "@"
        elif column.kind == DATE:
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
    categories, contracts = handbook.categories, handbook.contracts
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(TARGET_GROUP_COLUMNS, start=1):
            value = row.get(column.key)
            if value is None:
                continue
            if column.kind == CATEGORY and value in categories:
                value = categories[value].label_nl
            elif column.kind == CONTRACT and value in contracts:
                value = contracts[value].label_nl
            elif column.kind == DECIMAL:
                value = excel_number(value)
            elif column.kind == BOOL and isinstance(value, bool):
                value = "Ja" if value else "Nee"
            elif column.kind == DATE:
                value = _date_cell(value)
            set_cell(sheet, r, c, value)
            if column.kind == DATE and not isinstance(value, str):
                sheet.cell(row=r, column=c).number_format = DATE_FORMAT


def _date_cell(value: Any) -> Any:
    """An ISO date string as a real Excel date; anything else (a draft's typo) as it is."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def write_help_sheet(workbook: Workbook, handbook: Handbook) -> dict[str, str]:
    """The ``Toelichting`` sheet; returns the cell ranges holding the category/contract labels."""
    sheet = workbook.create_sheet(HELP_SHEET)
    sheet.column_dimensions["A"].width = 70
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 60
    lines: list[tuple[Any, ...]] = [
        ("PSO-doelgroep: toelichting bij het werkblad " + SHEET_NAME,),
        (f"Handboek {handbook.version}: {handbook.title_nl}",),
        (
            "Vul per medewerker uit de PSO-doelgroep één rij in. Gebruik een anonieme "
            "referentie: namen en BSN's horen niet in de rekentool (de import weigert ze).",
        ),
        ("Datums als dd-mm-jjjj; getallen met komma of punt; Ja/Nee bij Indicatie 30+.",),
        (),
        ("Kolom", "Verplicht", "Uitleg"),
    ]
    lines += [
        (c.header, "ja" if c.required else "nee", c.help_text(handbook))
        for c in TARGET_GROUP_COLUMNS
    ]
    lines += [(), ("Categorie (omschrijving)", "Code", "Weging")]
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line, start=1):
            set_cell(sheet, r, c, value)
    bold_rows = [1, 6, len(lines)]
    row = len(lines) + 1
    first = row
    for code, category in handbook.categories.items():
        set_cell(sheet, row, 1, category.label_nl)
        set_cell(sheet, row, 2, code)
        set_cell(sheet, row, 3, str(category.weight).replace(".", ","))
        row += 1
    category_range = f"'{HELP_SHEET}'!$A${first}:$A${row - 1}"
    row += 1
    set_cell(sheet, row, 1, "Contractvorm (omschrijving)")
    set_cell(sheet, row, 2, "Code")
    set_cell(sheet, row, 3, "Weging")
    bold_rows.append(row)
    row += 1
    first = row
    for code, contract in handbook.contracts.items():
        set_cell(sheet, row, 1, contract.label_nl)
        set_cell(sheet, row, 2, code)
        set_cell(sheet, row, 3, str(contract.weight).replace(".", ","))
        row += 1
    contract_range = f"'{HELP_SHEET}'!$A${first}:$A${row - 1}"
    for r in bold_rows:
        for c in range(1, 4):
            sheet.cell(row=r, column=c).font = _BOLD
    return {CATEGORY: category_range, CONTRACT: contract_range}


def add_validations(sheet: Worksheet, ranges: dict[str, str], handbook: Handbook) -> None:
    """Drop-down lists and an hours check on the data rows of a ``Doelgroep`` sheet."""
    for index, column in enumerate(TARGET_GROUP_COLUMNS, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{VALIDATION_ROWS}"
        validation: DataValidation | None = None
        if column.kind in ranges:
            validation = DataValidation(type="list", formula1=ranges[column.kind])
        elif column.kind == BOOL:
            validation = DataValidation(type="list", formula1='"Ja,Nee"')
        elif column.kind == DECIMAL:
            validation = DataValidation(
                type="decimal",
                operator="between",
                formula1=str(handbook.limits.hours_per_week_min),
                formula2=str(handbook.limits.hours_per_week_max),
            )
        if validation is None:
            continue
        # "warning": Excel lets the user keep a value off the list (a code is fine too).
        validation.errorStyle = "warning"
        validation.allow_blank = True
        validation.showErrorMessage = True
        validation.error = "Kies een waarde uit de lijst (zie het werkblad Toelichting)."
        validation.add(cells)
        sheet.add_data_validation(validation)
