"""The one error type every spreadsheet import reports.

Imports never raise for bad *content*: they return every problem found, each pinned to the
place the user sees in Excel (sheet, row number, column header), so the user can fix a file in
one go. ``message`` is already translated with ``gettext`` (Dutch msgids); ``code`` is stable for
tests and for a web layer that wants its own wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from psoportal.core.lib.numbers import as_count


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
    # For the closing "… en nog N fouten" line: how many errors it stands for.
    hidden: int = 0

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


# A user fixes a file from the first messages; past these the file is clearly the wrong one.
MAX_SHOWN_ERRORS = 100
# Counting stops here too (and reading with it): a file of only errors must not cost more work.
MAX_COUNTED_ERRORS = 10_000


class TooManyErrors(Exception):
    """Raised by :meth:`Errors.add` at ``MAX_COUNTED_ERRORS``: stop reading the file."""


class Errors:
    """Every problem of one upload (all its sheets): the first ``MAX_SHOWN_ERRORS`` kept, the
    rest only counted, up to ``MAX_COUNTED_ERRORS``."""

    def __init__(self) -> None:
        self.shown: list[RowError] = []
        self.count = 0
        self.stopped = False

    def __len__(self) -> int:
        return self.count

    def add(self, error: RowError) -> None:
        self.count += 1
        if len(self.shown) < MAX_SHOWN_ERRORS:
            self.shown.append(error)
        if self.count >= MAX_COUNTED_ERRORS:
            self.stopped = True
            raise TooManyErrors

    def sheet(self, name: str | None) -> SheetErrors:
        return SheetErrors(self, name)

    def result(self) -> list[RowError]:
        """The errors to show: the kept ones, then one line saying how many more there are."""
        items = list(self.shown)
        hidden = self.count - len(items)
        if hidden > 0:
            if self.stopped:
                message = gettext(
                    "… en nog meer dan %(count)s fouten; het lezen is gestopt. Controleer of dit "
                    "het juiste bestand is."
                )
            else:
                message = ngettext(
                    "… en nog %(count)s fout (alleen de eerste %(shown)s staan hierboven).",
                    "… en nog %(count)s fouten (alleen de eerste %(shown)s staan hierboven).",
                    hidden,
                )
            message %= {
                "count": as_count(hidden),
                "shown": len(items),
            }
            items.append(RowError(None, None, message, "too_many_errors", hidden=hidden))
        return items


class SheetErrors:
    """The errors of one sheet of an upload: :meth:`add` pins each to that sheet."""

    def __init__(self, errors: Errors, sheet: str | None) -> None:
        self.errors = errors
        self.sheet = sheet
        self.count = 0

    def add(self, row: int | None, column: str | None, code: str, message: str) -> None:
        self.count += 1
        self.errors.add(RowError(row, column, message, code, self.sheet))
