"""Reading one cell: the forms people type in Dutch Excel and CSV files.

Every parser takes the raw cell value (``str``, ``int``, ``float``, ``bool``, ``datetime`` or
``None`` – what openpyxl or the csv module hands over) and returns the value in document form
(rule book §5: decimal strings, ISO dates) or raises :class:`BadValue` with a Dutch message.
Empty cells are ``None`` everywhere; the caller decides whether a value is required.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext

from psoportal.methodology.rounding import plain

# Excel counts days from 1899-12-30 (the 1900 leap-year bug included). Serial numbers are only
# taken as dates in a plausible range (1950-2100), so an hours value typed into a date column
# is refused instead of becoming a date in 1900.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN = (dt.date(1950, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (dt.date(2100, 12, 31) - _EXCEL_EPOCH).days

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?\Z")
_DUTCH = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})\Z")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?\Z")
_GROUPED_NL = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?\Z")
_GROUPED_EN = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\Z")
_SPACES = re.compile(r"\s+")

TRUE_WORDS = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
FALSE_WORDS = frozenset({"nee", "n", "no", "false", "onwaar", "0"})


class BadValue(ValueError):
    """A cell that cannot be read as the expected kind of value."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def clean(value: Any) -> Any:
    """Strip text; blank text becomes ``None`` so an empty-looking cell is empty."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def normalise_label(text: str) -> str:
    """A label or header compared loosely: case, spacing, dashes and accents do not matter."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("–", "-").replace("—", "-").replace("_", " ")
    return _SPACES.sub(" ", text).strip().casefold()


def parse_text(value: Any) -> str | None:
    """Free text (a reference, a name). Numbers typed in Excel come back as their digits."""
    value = clean(value)
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue("bad_text", gettext("Verwacht tekst, geen ja/nee-waarde."))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        raise BadValue("bad_text", gettext("Verwacht tekst, geen datum."))
    return str(value)


def parse_decimal(value: Any) -> str | None:
    """A number as an exact decimal string ("32.5"); comma or dot as decimal separator."""
    value = clean(value)
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue("bad_number", gettext("Verwacht een getal, geen ja/nee-waarde."))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadValue("bad_number", gettext("Verwacht een getal."))
        # repr gives the shortest text that reads back as the same float: what Excel showed.
        return _decimal_text(Decimal(repr(value)))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise BadValue("bad_number", gettext("Verwacht een getal."))
        return _decimal_text(value)
    if isinstance(value, dt.datetime | dt.date):
        raise BadValue("bad_number", gettext("Verwacht een getal, geen datum."))
    text = str(value).replace(" ", "").replace("\u00a0", "")
    if _PLAIN_NUMBER.match(text):
        # A single separator is the decimal separator: "32,5" and "32.5" both mean 32.5.
        text = text.replace(",", ".")
    elif _GROUPED_NL.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED_EN.match(text):
        text = text.replace(",", "")
    else:
        raise BadValue(
            "bad_number",
            gettext("'%(value)s' is geen getal (gebruik bijvoorbeeld 32,5).") % {"value": value},
        )
    try:
        return _decimal_text(Decimal(text))
    except InvalidOperation:  # pragma: no cover - the patterns above only let numbers through
        msg = gettext("'%(value)s' is geen getal.") % {"value": value}
        raise BadValue("bad_number", msg) from None


def _decimal_text(number: Decimal) -> str:
    text = plain(number.normalize()) if number else "0"
    return text


def parse_date(value: Any) -> str | None:
    """A date as ISO text. Accepts Excel dates, dd-mm-jjjj, d-m-jjjj (also / or .) and ISO."""
    value = clean(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise BadValue("bad_date", gettext("Verwacht een datum zonder tijd."))
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        raise BadValue("bad_date", gettext("Verwacht een datum, geen ja/nee-waarde."))
    if isinstance(value, int | float):
        # A date cell without date formatting arrives as Excel's serial day number.
        if isinstance(value, float) and not value.is_integer():
            raise BadValue("bad_date", gettext("Verwacht een datum zonder tijd."))
        if _SERIAL_MIN <= value <= _SERIAL_MAX:
            return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
        raise BadValue(
            "bad_date",
            gettext("'%(value)s' is geen datum (gebruik dd-mm-jjjj).") % {"value": value},
        )
    text = str(value)
    m = _ISO.match(text)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DUTCH.match(text)
        if not m:
            raise BadValue(
                "bad_date",
                gettext("'%(value)s' is geen datum (gebruik dd-mm-jjjj).") % {"value": text},
            )
        day, month, year = int(m[1]), int(m[3]), int(m[4])
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise BadValue(
            "bad_date", gettext("'%(value)s' is geen bestaande datum.") % {"value": text}
        ) from None


def parse_bool(value: Any) -> bool | None:
    """Ja/Nee, yes/no, waar/onwaar, 1/0 (and Excel's TRUE/FALSE)."""
    value = clean(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = str(value).strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise BadValue(
        "bad_boolean",
        gettext("'%(value)s' is geen ja/nee-waarde (gebruik Ja of Nee).") % {"value": value},
    )


def parse_code(value: Any, choices: Mapping[str, Any], lookup: Mapping[str, str]) -> str | None:
    """A handbook code given as the code itself or as its (Dutch or English) label.

    ``lookup`` maps normalised codes and labels to codes (see :func:`label_lookup`). Raises
    ``KeyError`` for an unknown value so the caller can say *which* list it is not in.
    """
    text = parse_text(value)
    if text is None:
        return None
    if text in choices:
        return text
    return lookup[normalise_label(text)]


def label_lookup(items: Mapping[str, Any]) -> dict[str, str]:
    """Normalised code, Dutch label and English label → code, for items with those attributes.

    Dutch labels win over English ones if a handbook ever made them collide.
    """
    lookup: dict[str, str] = {}
    for code, item in items.items():
        lookup.setdefault(normalise_label(item.label_en), code)
    for code, item in items.items():
        lookup[normalise_label(item.label_nl)] = code
    for code in items:
        lookup[normalise_label(code)] = code
    return lookup


def excel_number(value: Any) -> Any:
    """A document number as an Excel cell value: a real number when a float holds it exactly.

    Excel keeps 15 significant digits; a decimal a float cannot hold exactly is written as text
    so the round trip stays lossless (it still reads back as a number).
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < 10**15 else str(value)
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        if not number.is_finite():
            return value
    elif isinstance(value, Decimal):
        number = value
    else:
        return value
    if number == number.to_integral_value() and abs(number) < 10**15:
        return int(number)
    # Excel (and openpyxl's writer) keep at most 15 significant digits.
    if len(number.normalize().as_tuple().digits) <= 15:
        as_float = float(number)
        if Decimal(repr(as_float)) == number:
            return as_float
    return plain(number)
