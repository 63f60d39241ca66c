"""Exact rounding of rational results for display (rule book §5.3: half-up; §7: advice rounds up).

The engine keeps every figure as an exact ``Fraction`` and only rounds when showing it, so a
level is always decided on the unrounded value.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def round_half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals (2.25 → 2.3 at one)."""
    scaled = Fraction(value) * 10**places
    whole, rest = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    if scaled < 0:
        whole = -whole
    return Decimal(whole).scaleb(-places)


def round_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """``value`` rounded towards +infinity to ``places`` decimals (0.80001 → 0.8001 at four)."""
    scaled = Fraction(value) * 10**places
    whole = -(-scaled.numerator // scaled.denominator)
    return Decimal(whole).scaleb(-places)


def plain(value: Decimal) -> str:
    """A Decimal as a plain string without exponent ("1000", not "1E+3")."""
    return format(value, "f")


# Display precision of the `pso score` output (rule book §5.3, §7; assessment-format.md).
PCT_PLACES = 2
FTE_PLACES = 4
ADVICE_PLACES = 4  # §7: the extra fte of the advice is rounded *up*
MONEY_PLACES = 2
BANEN_PLACES = 2


def pct_text(value: Fraction | Decimal) -> str:
    """A percentage as shown: half-up to two decimals."""
    return plain(round_half_up(value, PCT_PLACES))


def fte_text(value: Fraction | Decimal) -> str:
    """An fte as shown: half-up to four decimals."""
    return plain(round_half_up(value, FTE_PLACES))
