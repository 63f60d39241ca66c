"""Input limits of a ``pso-assessment/1`` document: the one source every reader follows.

These are not scheme rules (those live in the handbook files) but the size of what the product
stores and computes: the engine refuses a value outside them, and the web forms, the spreadsheet
reader and the database columns are declared *from* these constants, so a value the engine
accepts always fits its column and a value a form accepts always passes the engine.

A number limit is ``max_digits`` significant digits in all with ``places`` after the decimal
point, exactly as a Django ``DecimalField(max_digits=…, decimal_places=…)`` and PostgreSQL
``numeric(p, s)`` read it: the largest value has ``max_digits - places`` digits before the point.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class NumberLimit:
    max_digits: int
    places: int

    @property
    def integer_digits(self) -> int:
        return self.max_digits - self.places

    @property
    def maximum(self) -> Decimal:
        """The largest value that fits: 10^integer_digits − 10^−places."""
        return Decimal(10) ** self.integer_digits - Decimal(10) ** -self.places

    def fits(self, number: Decimal) -> bool:
        """True when the finite ``number`` fits without rounding.

        Cheap for any exponent: it reads the exponent and the digit count and never expands the
        number (``1E+999999999`` would otherwise build a huge string). Trailing zeros do not count
        as decimal places ("1.000000" fits two places). Zero fits when it can be written out in
        full within ``MAX_NUMBER_LENGTH`` characters: ``0E-999999999`` is a zero of a billion
        characters, refused like any other absurd literal. Store ``canonical(number)``.
        """
        if not number.is_finite():
            return False
        digits, exponent = number.as_tuple()[1:]
        if not any(digits):
            return -MAX_NUMBER_LENGTH <= exponent <= self.integer_digits  # type: ignore[operator]
        # Trailing zeros of the coefficient do not count as decimal places ("1.000000" fits).
        end = len(digits)
        while digits[end - 1] == 0:
            end -= 1
        exponent += len(digits) - end  # type: ignore[operator]
        return exponent >= -self.places and number.adjusted() < self.integer_digits

    @staticmethod
    def canonical(number: Decimal) -> Decimal:
        """Zero as plain ``0`` (its exponent may be anything); other numbers unchanged."""
        return number if number else Decimal(0)


# -- numbers (the column each one is stored in follows the same limit) -------------------------

# Money in euros, excl. VAT: a purchase amount, a supplier's turnover. Below 10^13 euros.
MONEY = NumberLimit(max_digits=15, places=2)
# fte: total fte, fte seconded out, a supplier's weighted target-group fte. Below 10^8 fte.
FTE = NumberLimit(max_digits=12, places=4)
# Average headcount (people; two decimals for an average over the year). Below 10^10.
HEADCOUNT = NumberLimit(max_digits=12, places=2)
# Hours per week (of an employee; full-time hours). The handbook's own range is narrower.
HOURS = NumberLimit(max_digits=5, places=2)

# -- text -------------------------------------------------------------------------------------

REF_MAX_LENGTH = 40  # an employee's anonymous internal reference
CODE_MAX_LENGTH = 40  # a handbook code (category, contract type, purchase kind, level, …)
NAME_MAX_LENGTH = 200  # organisation, entity and supplier names
REKENTOOL_NAME_MAX_LENGTH = 100

# -- the size of one document (rows and cells, not bytes) ----------------------------------------

MAX_TARGET_GROUP_ROWS = 50_000
MAX_PURCHASES = 50_000
MAX_ENTITIES = 500
# A JSON document larger than this is refused before it is parsed (50,000 rows of ~400 bytes).
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
# A number as written (JSON literal or decimal string) longer than this is refused before a
# Decimal is built from it: the longest number that fits MONEY, written with a sign, a point
# and trailing zeros, is far shorter; a 19-million-digit literal never reaches Decimal().
MAX_NUMBER_LENGTH = 40

# -- problems ------------------------------------------------------------------------------------

# At most this many problems are listed for one document; one more says how many were left out.
MAX_PROBLEMS = 100

# -- an uploaded spreadsheet (xlsx or CSV): what a reader looks at, whatever the file claims -----

# Cells read per row; the widest sheet (the qualitative answers) needs a few dozen.
MAX_SPREADSHEET_COLUMNS = 64
# Characters in one cell or CSV field; the longest text stored is a name (NAME_MAX_LENGTH).
MAX_CELL_LENGTH = 1_000


def is_control_character(char: str) -> bool:
    """C0 and C1 control characters, DEL included. No name, reference or note needs one, and
    PostgreSQL refuses NUL in text."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code < 0xA0


def has_control_characters(text: str) -> bool:
    return any(is_control_character(char) for char in text)
