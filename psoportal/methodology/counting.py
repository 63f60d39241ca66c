"""Counting periods and day-based fte of target-group rows (rule book §5.1-§5.3).

A row counts on the days of the peiljaar on which the person is employed *and* inside the
counting period of their category (and, for contracts with a maximum, inside that maximum):

    fte_i = counted_days_i × min(hours_i, fulltime) / fulltime / days_in_peiljaar

Every period here is one interval of days, so the intersection is a max of starts and a min of
ends on date ordinals; no loop over days. A category's period is the union of "N years from
the start" and "until a date", which share the same start, so the union is again one interval.

For speed the tally does not build an fte per row: it sums ``counted_days × capped hours``
exactly (Decimal, no rounding) per (category, contract, 30+ indication) and divides once.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from .assessment import Assessment, Peiljaar, TargetGroupRow
from .dates import add_years
from .handbook import Category, Contract, Handbook
from .problems import Problem
from .rounding import FTE_PLACES, plain, round_up

GroupKey = tuple[str, str, bool]  # (category, contract, indicated_30plus)


@dataclass(frozen=True)
class CountingPeriod:
    """The days a row may count, ``start`` to ``end`` inclusive; ``end`` None runs on."""

    start: date
    end: date | None


def period_start(row: TargetGroupRow, category: Category) -> date:
    """Where the counting period starts (format: inflow date, or school-leaving date for VSO/PrO;
    missing → inflow date → employment start)."""
    return getattr(row, category.start) or row.inflow_date or row.employed_from


def counting_period(row: TargetGroupRow, category: Category) -> CountingPeriod:
    """The counting period of a row under its category (§5.1, day rules of §5.3).

    "N years from X" runs up to and excluding the same day N years later (29 Feb → 28 Feb);
    "until" includes the date given and runs on without one.
    """
    start = period_start(row, category)
    kind = category.counting_period
    if kind == "while_employed":
        return CountingPeriod(start, None)
    years_end = None
    if category.years is not None:
        years_end = date.fromordinal(add_years(start, category.years).toordinal() - 1)
    if kind == "years":
        return CountingPeriod(start, years_end)
    until = getattr(row, category.until) if category.until else None
    if kind == "until" or until is None:
        # No end date: the indication or subsidy runs on, and so does the union with it.
        return CountingPeriod(start, until)
    assert years_end is not None
    return CountingPeriod(start, max(years_end, until))


def counted_days(
    row: TargetGroupRow, peiljaar: Peiljaar, category: Category, contract: Contract
) -> int:
    """Days of the peiljaar on which the row is employed and inside its counting period."""
    return _counted_days(
        row, peiljaar.start.toordinal(), peiljaar.end.toordinal(), category, contract
    )


def _counted_days(
    row: TargetGroupRow, first: int, last: int, category: Category, contract: Contract
) -> int:
    period = counting_period(row, category)
    lo = max(first, row.employed_from.toordinal(), period.start.toordinal())
    hi = last
    if row.employed_until is not None:
        hi = min(hi, row.employed_until.toordinal())
    if period.end is not None:
        hi = min(hi, period.end.toordinal())
    if contract.max_years is not None:
        # §5.2: e.g. an internship counts at most 3 years from the employment start.
        hi = min(hi, add_years(row.employed_from, contract.max_years).toordinal() - 1)
    return hi - lo + 1 if hi >= lo else 0


@dataclass(frozen=True)
class RowFigures:
    """How one row counted: for the result screen's "why" per person."""

    ref: str
    counted_days: int
    fte: Fraction
    weighted_fte: Fraction


@dataclass(frozen=True)
class Tally:
    """Exact sums over the target group, from which every direct figure is derived."""

    peiljaar_days: int
    fulltime_hours: Decimal
    # Σ counted_days × min(hours, fulltime) per (category, contract, indicated_30plus).
    hour_days: Mapping[GroupKey, Decimal]
    z: int
    rows: tuple[RowFigures, ...] | None

    def fte(self, include: Callable[[GroupKey], bool] = lambda key: True) -> Fraction:
        """Unweighted fte of the groups ``include`` selects."""
        total = sum((v for k, v in self.hour_days.items() if include(k)), Decimal(0))
        return Fraction(total) / (Fraction(self.fulltime_hours) * self.peiljaar_days)

    def weighted_fte(self, handbook: Handbook) -> Fraction:
        """D: Σ fte × category weight × contract weight (§5.3)."""
        total = Fraction(0)
        for (category, contract, _), hour_days in self.hour_days.items():
            weight = Fraction(handbook.categories[category].weight) * Fraction(
                handbook.contracts[contract].weight
            )
            total += Fraction(hour_days) * weight
        return total / (Fraction(self.fulltime_hours) * self.peiljaar_days)


def tally(assessment: Assessment, handbook: Handbook, *, with_rows: bool = False) -> Tally:
    """Count every target-group row once (the hot loop: 100,000 rows must stay well under 1 s)."""
    peiljaar = assessment.peiljaar
    first, last = peiljaar.start.toordinal(), peiljaar.end.toordinal()
    days_in_year = last - first + 1
    fulltime = assessment.organisation.fulltime_hours
    categories, contracts = handbook.categories, handbook.contracts
    sums: dict[GroupKey, Decimal] = {}
    figures: list[RowFigures] = []
    z = 0
    # Row figures, exactly: fte = days × hours / (fulltime × days in year). With the hours as
    # the integer ratio n/d this is (days·n) / (d·fulltime·days in year): one Fraction per
    # figure instead of a chain of Fraction operations (20,000 rows: 0.28 s → well under it).
    full_n, full_d = Fraction(fulltime).as_integer_ratio()
    year_n, year_d = full_n * days_in_year, full_d
    weights: dict[tuple[str, str], tuple[int, int]] = {}
    with decimal.localcontext() as ctx:
        # Products and sums of finite decimals are exact with enough digits; trap anything that
        # would round so exactness is guaranteed rather than assumed.
        ctx.prec = decimal.MAX_PREC
        ctx.traps[decimal.Inexact] = True
        for row in assessment.target_group:
            category = categories[row.category]
            contract = contracts[row.contract]
            days = _counted_days(row, first, last, category, contract)
            hours = row.hours_per_week
            if hours > fulltime:
                hours = fulltime  # §5.3: hours above full-time count as full-time
            if days and hours:
                key = (row.category, row.contract, row.indicated_30plus)
                sums[key] = sums.get(key, 0) + days * hours
                z += 1  # refs are unique, so rows are distinct persons
            if with_rows:
                hours_n, hours_d = hours.as_integer_ratio()
                numerator, denominator = days * hours_n * year_d, hours_d * year_n
                weight = weights.get((row.category, row.contract))
                if weight is None:
                    product = Fraction(category.weight) * Fraction(contract.weight)
                    weight = weights[(row.category, row.contract)] = product.as_integer_ratio()
                figures.append(
                    RowFigures(
                        ref=row.ref,
                        counted_days=days,
                        fte=Fraction(numerator, denominator),
                        weighted_fte=Fraction(numerator * weight[0], denominator * weight[1]),
                    )
                )
    return Tally(
        peiljaar_days=days_in_year,
        fulltime_hours=fulltime,
        hour_days=MappingProxyType(sums),
        z=z,
        rows=tuple(figures) if with_rows else None,
    )


def staff_problems(assessment: Assessment, handbook: Handbook, counts: Tally) -> list[Problem]:
    """The target group is part of the workforce: refuse a D above T (§5.3) and, as weights are
    at most 1 and could hide it, an unweighted Σ fte_i above T (the PSO 30+ and Banenafspraak
    read-outs divide it by T). Both at ``target_group``; the fte shown is rounded *up*, so it
    never looks equal to T when it is above it."""
    t = assessment.workforce.counted_fte
    d = counts.weighted_fte(handbook)
    if d > t:
        shown = round_up(d, FTE_PLACES)
        return [
            Problem(
                "target_group",
                "direct_above_total",
                f"the weighted target-group fte D ({plain(shown)}) is greater than the "
                f"total fte T ({plain(t)})",
                MappingProxyType({"direct_fte": shown, "total_fte": t}),
            )
        ]
    staff = counts.fte()
    if staff > t:
        shown = round_up(staff, FTE_PLACES)
        return [
            Problem(
                "target_group",
                "target_group_exceeds_total",
                f"the target-group staff add up to {plain(shown)} fte, more than the total fte "
                f"T ({plain(t)}) they are part of: check their hours per week (step 3C) or the "
                "total fte (step 3B)",
                MappingProxyType({"target_group_fte": shown, "total_fte": t}),
            )
        ]
    return []
