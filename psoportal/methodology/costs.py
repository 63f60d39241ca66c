"""Fees and the audit man-days guideline (rule book §9). All amounts exclude VAT.

Amounts come from the handbook's fee tables; a table has its own effective date and an
application keeps the table in force on the date of its agreement (its submission).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .dates import half_credit_window, three_month_rule_window, withdrawal_in_window
from .handbook import Band, FeeTable, Handbook
from .rounding import MONEY_PLACES, round_half_up

NO_FEE = Decimal("0.00")


def _band_value(bands: tuple[Band, ...], x: Decimal | int) -> Decimal | None:
    for band in bands:
        if band.contains(x):
            return band.value
    return None


def fee_table(on: date, handbook: Handbook) -> FeeTable:
    table = handbook.fee_table_for(on)
    if table is None:
        raise LookupError(
            f"no fee table in force on {on.isoformat()} (handbook {handbook.version})"
        )
    return table


def annual_contribution(total_fte: Decimal, *, on: date, handbook: Handbook) -> Decimal | None:
    """The annual contribution for a total fte, bands ``from ≤ fte < to``; None below the first
    band (not certifiable) or when no fee table was in force on ``on``."""
    table = handbook.fee_table_for(on)
    if table is None:
        return None
    return _band_value(table.annual_contribution, total_fte)


def pso30plus_fee(*, on: date, handbook: Handbook) -> Decimal | None:
    """The one-off PSO 30+ administration fee, on top of the first year."""
    table = handbook.fee_table_for(on)
    return None if table is None else table.pso30plus_fee


def audit_mandays(
    *, level: str, z: int, average_headcount: Decimal | None, handbook: Handbook
) -> Decimal | None:
    """Minimum audit man-days: Aspirant-status by average headcount, the tredes by Z (§9).

    None for level "none", and for Aspirant-status without a headcount.
    """
    if level == handbook.fallback_level.code:
        if average_headcount is None:
            return None
        return _band_value(handbook.mandays.aspirant, average_headcount)
    if level in {lv.code for lv in handbook.normed_levels}:
        return _band_value(handbook.mandays.trede, z)
    return None


def vat(amount: Decimal, handbook: Handbook) -> Decimal:
    """VAT on an amount, rounded half-up to cents."""
    return round_half_up(Fraction(amount) * Fraction(handbook.vat_rate_pct) / 100, MONEY_PLACES)


def with_vat(amount: Decimal, handbook: Handbook) -> Decimal:
    return amount + vat(amount, handbook)


def event_fee(code: str, *, on: date, handbook: Handbook) -> Decimal:
    """A cancellation or change fee (or credit) of §9 by its code, e.g. ``"change_of_ci"``."""
    return fee_table(on, handbook).events[code].amount


@dataclass(frozen=True)
class Withdrawal:
    fee: Decimal
    contributions_lapse: bool  # True: credit both years' contributions already invoiced


def withdrawal_outcome(
    *,
    submitted: date,
    withdrawn: date,
    first_audit_day: date | None,
    awarded: bool,
    handbook: Handbook,
) -> Withdrawal:
    """What an applicant's withdrawal costs (§9).

    Within the cancellation window and before the first audit day (and so before any award):
    the fee, and both contributions lapse. Otherwise both years' contributions are due and no
    separate fee applies: the agreement cannot be ended in another way.
    """
    in_window = withdrawal_in_window(
        submitted=submitted, withdrawn=withdrawn, first_audit_day=first_audit_day, handbook=handbook
    )
    if in_window and not awarded:
        return Withdrawal(event_fee("withdrawal_in_window", on=submitted, handbook=handbook), True)
    return Withdrawal(NO_FEE, False)


def new_application_credit(*, cancelled: date, new_submission: date, handbook: Handbook) -> Decimal:
    """The credit on the new first-year invoice after a cancellation (§9): half the
    cancellation fee when the new application falls within the half-credit window."""
    if new_submission in half_credit_window(cancelled, handbook):
        return event_fee("new_application_credit", on=cancelled, handbook=handbook)
    return NO_FEE


def second_year_contribution_due(
    *, certificate_start: date, new_submission: date | None, handbook: Handbook
) -> bool:
    """False when a new application fell in the three months before the end of the first
    participation year (three-month rule, §9); otherwise the second year is due."""
    if new_submission is None:
        return True
    return new_submission not in three_month_rule_window(certificate_start, handbook)
