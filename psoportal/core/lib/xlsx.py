"""One .xlsx table as a download: a bold header row, then the rows, written streaming
(openpyxl's write-only mode) so a 20,000-row export never holds a worksheet in memory.

Dates show as dd-mm-jjjj, amounts with two decimals, and text stays text ("01234567" keeps its
leading zero). The rows are the caller's, already neutralised against formulas."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal


def xlsx_table(sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    bold = Font(bold=True)
    titles = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        titles.append(cell)
    sheet.append(titles)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "DD-MM-YYYY"
            elif isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
