"""A number as a person writes it, in the active language's format."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.utils.formats import number_format


def as_written(number: Decimal | Fraction | int) -> str:
    """A handbook number in the user's format with the decimals it has: 80, 25,5, 0,75."""
    if isinstance(number, Fraction):
        # A derived ratio such as 70/30 has no exact decimal: two places ("2,33") are enough.
        exact = Decimal(number.numerator) / Decimal(number.denominator)
        number = exact if number.denominator == 1 else exact.quantize(Decimal("0.01"))
    number = Decimal(number).normalize()
    exponent = number.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(number, places, use_l10n=True, force_grouping=True)


def as_count(number: int) -> str:
    """A count with thousands grouping in the user's format: 50.000 (English: 50,000)."""
    return number_format(number, use_l10n=True, force_grouping=True)
