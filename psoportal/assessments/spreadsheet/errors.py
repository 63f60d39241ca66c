"""The one error type every spreadsheet import reports.

Imports never raise for bad *content*: they return every problem found, each pinned to the
place the user sees in Excel (sheet, row number, column header), so the user can fix a file in
one go. ``message`` is already translated with ``gettext`` (Dutch msgids); ``code`` is stable for
tests and for a web layer that wants its own wording.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded spreadsheet.

    ``row`` is the spreadsheet row number as shown by Excel (1 = the header row), or ``None`` for a
    problem with the file as a whole; ``column`` is the column header (or letter when the column
    has no header), or ``None`` for a whole-row problem; ``sheet`` is the worksheet name, or
    ``None`` for a CSV file or a target-group import where only one sheet is read.
    """

    row: int | None
    column: str | None
    message: str
    code: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(self.sheet)
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class SpreadsheetRefused(Exception):
    """The upload cannot be read at all (wrong type, too big, corrupt); carries the RowError."""

    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error
