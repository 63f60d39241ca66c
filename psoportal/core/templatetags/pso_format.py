"""Dutch-first number formats: € 1.575,00 and 5,20 % (English: € 1,575.00 and 5.20 %)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def euro(value) -> str:
    amount = _decimal(value)
    if amount is None:
        return "–"
    return "€\u00a0" + number_format(amount, 2, use_l10n=True, force_grouping=True)


@register.filter
def pct(value, places: int = 2) -> str:
    number = _decimal(value)
    if number is None:
        return "–"
    return number_format(number, int(places), use_l10n=True) + "\u00a0%"


@register.filter
def num(value, places: int = 2) -> str:
    number = _decimal(value)
    if number is None:
        return "–"
    return number_format(number, int(places), use_l10n=True, force_grouping=True)


@register.filter
def figure(value) -> str:
    """A number as typed, without trailing zeros: 59,6 (not 59,6000), 12 (not 12,00), 1.234,5;
    English 59.6 and 1,234.5."""
    number = _decimal(value)
    if number is None:
        return "–"
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    places = len(text.partition(".")[2])
    return number_format(Decimal(text), places, use_l10n=True, force_grouping=True)


@register.simple_tag
def fte_as_people(fte, fulltime_hours) -> str:
    """Extra fte in human terms: 0,2710 fte at 40 hours → "ongeveer 1 extra medewerker van 11 uur
    per week" (people who work the whole year, in a category and contract of weight 1)."""
    from math import ceil

    from django.utils.translation import ngettext

    fte, fulltime = _decimal(fte), _decimal(fulltime_hours)
    if not fte or not fulltime or fte <= 0 or fulltime <= 0:
        return ""
    hours = fte * fulltime
    people = max(1, ceil(hours / fulltime))
    each = ceil(hours / people)
    return ngettext(
        "ongeveer %(count)s extra medewerker van %(hours)s uur per week",
        "ongeveer %(count)s extra medewerkers van elk %(hours)s uur per week",
        people,
    ) % {"count": people, "hours": each}


@register.filter
def as_number(value) -> int | None:
    """A stored figure ("1.50") as the count that picks a plural form, for
    {% blocktranslate count n=value|as_number %}: gettext wants an integer, and any fraction
    reads as plural ("1,5 mandagen")."""
    number = _decimal(value)
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else 2
