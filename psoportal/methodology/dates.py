"""Calendar rules: year and month steps, certificate dates, invoice dates and billing windows.

Rule book §5.3 (counting periods, peiljaar) and §9 (dates, cancellation, three-month rule). The
number of days, months and years are handbook data (``[dates]``); the calendar arithmetic is here.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .handbook import Handbook, handbook_for

ONE_DAY = timedelta(days=1)


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February (§5.3)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def peiljaar_end(start: date, months: int) -> date:
    """End of a peiljaar of ``months`` consecutive months: start + months - 1 day (§5.3)."""
    return add_months(start, months) - ONE_DAY


def first_of_next_month(day: date) -> date:
    return add_months(day.replace(day=1), 1)


@dataclass(frozen=True)
class ApplicationDates:
    """The dates that follow from a definitive application's submission date (§9)."""

    submitted: date
    certificate_start: date
    certificate_end: date
    expiry_notice: date
    first_invoice: date
    first_invoice_due: date
    second_invoice: date
    second_invoice_due: date


def application_dates(submitted: date, handbook: Handbook | None = None) -> ApplicationDates:
    """Certificate and invoice dates for an application submitted on ``submitted``.

    §9: the certificate starts on the first day of the month after the submission, whatever
    the audit and award dates; it ends ``certificate_years`` later minus one day; the expiry
    notice goes out ``expiry_notice_months`` before the day after the end. The first-year invoice
    follows the submission after ``first_invoice_after_days``, the second one year later, both
    due after ``payment_term_days``.
    """
    rules = (handbook or handbook_for(submitted)).dates
    start = first_of_next_month(submitted)
    end = add_years(start, rules.certificate_years) - ONE_DAY
    first_invoice = submitted + timedelta(days=rules.first_invoice_after_days)
    second_invoice = add_years(submitted, rules.second_invoice_after_years)
    term = timedelta(days=rules.payment_term_days)
    return ApplicationDates(
        submitted=submitted,
        certificate_start=start,
        certificate_end=end,
        expiry_notice=add_months(end + ONE_DAY, -rules.expiry_notice_months),
        first_invoice=first_invoice,
        first_invoice_due=first_invoice + term,
        second_invoice=second_invoice,
        second_invoice_due=second_invoice + term,
    )


@dataclass(frozen=True)
class Window:
    """An inclusive range of days."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


def cancellation_window(submitted: date, handbook: Handbook | None = None) -> Window:
    """Days on which a withdrawal is "within 3 months after submission" (§9).

    Like every "N months from X" in the rule book, the window excludes the same day N months
    later. The withdrawal must also fall before the first audit day; see ``withdrawal_in_window``.
    """
    rules = (handbook or handbook_for(submitted)).dates
    return Window(submitted, add_months(submitted, rules.cancellation_window_months) - ONE_DAY)


def withdrawal_in_window(
    *,
    submitted: date,
    withdrawn: date,
    first_audit_day: date | None,
    handbook: Handbook | None = None,
) -> bool:
    """True when a withdrawal costs only the cancellation fee and both contributions lapse (§9).

    That needs a withdrawal within the cancellation window and strictly before the first audit
    day (no audit planned yet counts as "before").
    """
    if withdrawn not in cancellation_window(submitted, handbook):
        return False
    return first_audit_day is None or withdrawn < first_audit_day


def half_credit_window(cancelled: date, handbook: Handbook | None = None) -> Window:
    """Days on which a new application earns the half credit after a cancellation (§9)."""
    rules = (handbook or handbook_for(cancelled)).dates
    return Window(cancelled, add_months(cancelled, rules.half_credit_window_months) - ONE_DAY)


def three_month_rule_window(certificate_start: date, handbook: Handbook | None = None) -> Window:
    """The months before the end of the first participation year (§9, three-month rule).

    A new application on one of these days means no second-year contribution is charged for
    the running certification; a new agreement starts.
    """
    rules = (handbook or handbook_for(certificate_start)).dates
    second_year = add_years(certificate_start, 1)
    return Window(add_months(second_year, -rules.three_month_rule_months), second_year - ONE_DAY)
