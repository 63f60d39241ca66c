"""Fees, VAT and audit man-days (rule book §9)."""

from datetime import date
from decimal import Decimal

import pytest

from psoportal.methodology.costs import (
    annual_contribution,
    audit_mandays,
    event_fee,
    new_application_credit,
    pso30plus_fee,
    second_year_contribution_due,
    vat,
    with_vat,
    withdrawal_outcome,
)
from psoportal.methodology.handbook import handbook_get

from .builders import ALL_MET, doc, output, row

HB = handbook_get("2.2")
ON = date(2025, 8, 15)


@pytest.mark.parametrize(
    ("fte", "amount"),
    [
        ("1.99", None),
        ("2", "525.00"),
        ("24.99", "525.00"),
        ("25", "997.50"),
        ("25.0", "997.50"),
        ("50", "1575.00"),
        ("99.9", "1575.00"),
        ("100", "2362.50"),
        ("250", "3675.00"),
        ("500", "4987.50"),
        ("999.99", "4987.50"),
        ("1000", "6247.50"),
        ("25000", "6247.50"),
    ],
)
def test_the_annual_contribution_follows_the_band_from_up_to_excluding_to(fte, amount):
    expected = None if amount is None else Decimal(amount)
    assert annual_contribution(Decimal(fte), on=ON, handbook=HB) == expected


def test_there_is_no_fee_table_before_april_2023():
    assert annual_contribution(Decimal(30), on=date(2023, 3, 31), handbook=HB) is None
    assert pso30plus_fee(on=date(2023, 3, 31), handbook=HB) is None
    assert pso30plus_fee(on=ON, handbook=HB) == Decimal("150.00")


@pytest.mark.parametrize(
    ("level", "z", "headcount", "days"),
    [
        ("aspirant", 0, "49.9", "0.75"),
        ("aspirant", 3, "50", "1"),
        ("aspirant", 3, None, None),
        ("basistrede", 1, None, "1"),
        ("trede_1", 10, None, "1"),
        ("trede_2", 11, None, "1"),
        ("trede_2", 20, None, "1"),
        ("trede_3", 21, None, "1.25"),
        ("trede_3", 50, None, "1.25"),
        ("trede_1", 51, None, "1.75"),
        ("trede_1", 500, None, "1.75"),
        ("trede_1", 501, None, "2"),
        ("none", 30, "80", None),
    ],
)
def test_audit_mandays_go_by_headcount_for_aspirant_and_by_z_for_tredes(level, z, headcount, days):
    result = audit_mandays(
        level=level,
        z=z,
        average_headcount=None if headcount is None else Decimal(headcount),
        handbook=HB,
    )
    assert result == (None if days is None else Decimal(days))


def test_vat_is_21_percent_rounded_to_cents():
    assert vat(Decimal("525.00"), HB) == Decimal("110.25")
    assert with_vat(Decimal("997.50"), HB) == Decimal("1206.98")  # 209.475 → 209.48


@pytest.mark.parametrize(
    ("code", "amount"),
    [
        ("withdrawal_in_window", "250.00"),
        ("cancel_personal_data", "250.00"),
        ("cancel_email_not_traceable", "250.00"),
        ("new_application_credit", "125.00"),
        ("change_of_ci", "100.00"),
        ("partial_name_change", "100.00"),
        ("full_name_change", "250.00"),
    ],
)
def test_cancellation_and_change_fees_are_handbook_data(code, amount):
    assert event_fee(code, on=ON, handbook=HB) == Decimal(amount)


@pytest.mark.parametrize(
    ("withdrawn", "audit", "awarded", "fee", "lapse"),
    [
        (date(2025, 8, 15), None, False, "250.00", True),
        (date(2025, 11, 14), None, False, "250.00", True),
        (date(2025, 11, 15), None, False, "0.00", False),  # more than 3 months later
        (date(2025, 10, 1), date(2025, 10, 2), False, "250.00", True),
        (date(2025, 10, 2), date(2025, 10, 2), False, "0.00", False),  # on the audit day
        (date(2025, 10, 1), None, True, "0.00", False),  # after the award
    ],
)
def test_a_withdrawal_in_the_window_costs_250_and_the_contributions_lapse(
    withdrawn, audit, awarded, fee, lapse
):
    outcome = withdrawal_outcome(
        submitted=ON, withdrawn=withdrawn, first_audit_day=audit, awarded=awarded, handbook=HB
    )
    assert (outcome.fee, outcome.contributions_lapse) == (Decimal(fee), lapse)


@pytest.mark.parametrize(
    ("new", "credit"),
    [
        (date(2025, 9, 1), "125.00"),
        (date(2025, 9, 30), "125.00"),
        (date(2025, 10, 1), "0.00"),
    ],
)
def test_a_new_application_within_a_month_of_a_cancellation_earns_half_credit(new, credit):
    amount = new_application_credit(cancelled=date(2025, 9, 1), new_submission=new, handbook=HB)
    assert amount == Decimal(credit)


@pytest.mark.parametrize(
    ("new", "due"),
    [
        (None, True),
        (date(2026, 5, 31), True),
        (date(2026, 6, 1), False),
        (date(2026, 8, 31), False),
        (date(2026, 9, 1), True),  # second year: no refund
    ],
)
def test_the_three_month_rule_drops_the_second_year(new, due):
    assert (
        second_year_contribution_due(
            certificate_start=date(2025, 9, 1), new_submission=new, handbook=HB
        )
        is due
    )


def test_the_score_estimates_the_costs():
    # Rule book §12 example 1 and 5.
    assert output(doc(row("A"), row("B"), row("C"), total_fte="50"))["costs"] == {
        "annual_contribution": "1575.00",
        "pso30plus_fee": "0.00",
        "audit_mandays": "1",
    }
    assert output(doc(total_fte="25.0"))["costs"]["annual_contribution"] == "997.50"


def test_aspirant_costs_use_the_average_headcount():
    answers = {**ALL_MET, "begeleiding": False, "plan_van_aanpak": True}
    out = output(doc(row(), total_fte="50", qualitative=answers, average_headcount="49.5"))
    assert out["level"] == "aspirant"
    assert out["costs"]["audit_mandays"] == "0.75"
    out = output(doc(row(), total_fte="50", qualitative=answers, average_headcount=None))
    assert out["costs"]["audit_mandays"] is None
