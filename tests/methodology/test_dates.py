"""Certificate, invoice and billing dates (rule book §9, §12 example 4)."""

from datetime import date

import pytest

from psoportal.methodology.dates import (
    application_dates,
    cancellation_window,
    half_credit_window,
    peiljaar_end,
    three_month_rule_window,
    withdrawal_in_window,
)
from psoportal.methodology.handbook import HandbookNotFound


def test_rule_book_example_4_holds_exactly():
    d = application_dates(date(2025, 8, 15))
    assert d.certificate_start == date(2025, 9, 1)
    assert d.certificate_end == date(2027, 8, 31)
    assert d.expiry_notice == date(2027, 6, 1)
    assert d.first_invoice == date(2025, 8, 29)
    assert d.first_invoice_due == date(2025, 9, 12)
    assert d.second_invoice == date(2026, 8, 15)
    assert d.second_invoice_due == date(2026, 8, 29)


@pytest.mark.parametrize(
    ("submitted", "start", "end", "notice"),
    [
        (date(2025, 8, 1), date(2025, 9, 1), date(2027, 8, 31), date(2027, 6, 1)),
        (date(2025, 8, 31), date(2025, 9, 1), date(2027, 8, 31), date(2027, 6, 1)),
        (date(2025, 12, 15), date(2026, 1, 1), date(2027, 12, 31), date(2027, 10, 1)),
        (date(2026, 1, 31), date(2026, 2, 1), date(2028, 1, 31), date(2027, 11, 1)),
        (date(2026, 2, 28), date(2026, 3, 1), date(2028, 2, 29), date(2027, 12, 1)),
    ],
)
def test_the_certificate_starts_on_the_first_of_the_next_month_and_runs_two_years(
    submitted, start, end, notice
):
    d = application_dates(submitted)
    assert (d.certificate_start, d.certificate_end, d.expiry_notice) == (start, end, notice)


def test_a_second_year_invoice_after_29_february_falls_on_28_february():
    d = application_dates(date(2028, 2, 29))
    assert d.second_invoice == date(2029, 2, 28)
    assert d.first_invoice == date(2028, 3, 14)


def test_dates_before_the_first_handbook_have_no_rules():
    with pytest.raises(HandbookNotFound):
        application_dates(date(2024, 1, 1))


def test_the_cancellation_window_is_three_months_from_submission():
    w = cancellation_window(date(2025, 8, 15))
    assert (w.first, w.last) == (date(2025, 8, 15), date(2025, 11, 14))
    assert date(2025, 11, 14) in w and date(2025, 11, 15) not in w


@pytest.mark.parametrize(
    ("withdrawn", "audit", "inside"),
    [
        (date(2025, 9, 1), None, True),
        (date(2025, 9, 1), date(2025, 9, 2), True),
        (date(2025, 9, 2), date(2025, 9, 2), False),
        (date(2025, 8, 14), None, False),
        (date(2025, 11, 15), None, False),
    ],
)
def test_a_withdrawal_must_also_come_before_the_first_audit_day(withdrawn, audit, inside):
    assert (
        withdrawal_in_window(
            submitted=date(2025, 8, 15), withdrawn=withdrawn, first_audit_day=audit
        )
        is inside
    )


def test_the_half_credit_window_is_one_month_after_cancellation():
    w = half_credit_window(date(2025, 1, 31))
    assert (w.first, w.last) == (date(2025, 1, 31), date(2025, 2, 27))


def test_the_three_month_rule_covers_the_end_of_the_first_participation_year():
    w = three_month_rule_window(date(2025, 9, 1))
    assert (w.first, w.last) == (date(2026, 6, 1), date(2026, 8, 31))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2024, 1, 1), date(2024, 12, 31)),
        (date(2023, 7, 1), date(2024, 6, 30)),
        (date(2024, 3, 1), date(2025, 2, 28)),
        (date(2023, 3, 1), date(2024, 2, 29)),
        (date(2024, 2, 29), date(2025, 2, 27)),
    ],
)
def test_a_peiljaar_ends_twelve_months_minus_a_day_after_its_start(start, end):
    assert peiljaar_end(start, 12) == end
