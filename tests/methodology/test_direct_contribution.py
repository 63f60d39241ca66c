"""Day-based fte, weights, D, direct % and Z (rule book §5.1-§5.3)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from .builders import doc, output, row, scored


def test_a_full_year_full_timer_is_exactly_one_fte():
    assert scored(doc(row())).direct_fte == 1


def test_it_counts_hours_above_fulltime_as_fulltime():
    assert scored(doc(row(hours_per_week="48"))).direct_fte == 1
    assert scored(doc(row(hours_per_week="80"), fulltime_hours=36)).direct_fte == 1


def test_it_pro_rates_by_the_days_of_the_peiljaar():
    # Example 05: half-time from 1 September in a leap year: 0.5 × 122 / 366.
    s = scored(doc(row(hours_per_week="20", employed_from="2024-09-01")))
    assert s.direct_fte == Fraction(1, 2) * Fraction(122, 366)
    assert output(doc(row(hours_per_week="20", employed_from="2024-09-01")))["direct_fte"] == (
        "0.1667"
    )


def test_it_uses_the_organisations_fulltime_hours():
    assert scored(doc(row(hours_per_week="18"), fulltime_hours=36)).direct_fte == Fraction(1, 2)
    assert scored(doc(row(hours_per_week="19"), fulltime_hours="38")).direct_fte == Fraction(1, 2)


@pytest.mark.parametrize(
    ("category", "contract", "weighted"),
    [
        ("wia", "regular", "1"),
        ("wajong", "secondment", "0.9"),
        ("ww", "regular", "0.75"),
        ("ww", "internship", "0.5625"),
        ("bbl_bol_1", "regular", "0.75"),
        ("vso_pro_stage", "regular", "1"),
        ("vso_pro_stage", "internship", "0.75"),
        ("bbl_bol_2", "begeleid_werken", "0.5"),
        ("bbl_bol_3_4", "trial", "0.125"),
        ("participatiewet", "trial", "0.5"),
    ],
)
def test_it_weighs_by_category_and_contract(category, contract, weighted):
    d = doc(row(category=category, contract=contract, employed_from="2023-01-01"))
    assert scored(d).direct_fte == Fraction(Decimal(weighted))


def test_d_sums_the_weighted_fte_of_everyone():
    # Rule book §12 example 1: 1 + 1 + 0.8 × 0.75 = 2.6.
    d = doc(row("A"), row("B"), row("C", category="ww", hours_per_week="32",
                                    employed_from="2022-05-01"))  # fmt: skip
    s = scored(d)
    assert s.direct_fte == Fraction(13, 5)
    assert s.direct_pct == Fraction(26, 5)


def test_z_counts_the_persons_with_an_fte_above_zero():
    d = doc(
        row("works"),
        row("zero hours", hours_per_week="0"),
        row("left before", employed_until="2023-06-30"),
        row("period over", category="participatiewet", inflow_date="2015-01-01"),
        row("one day", employed_from="2024-12-31"),
    )
    assert scored(d).z == 2


def test_the_direct_percentage_is_compared_unrounded_but_shown_half_up():
    # 1/3 fte of 10: 3.3333… %, shown as 3.33.
    d = doc(row(hours_per_week="40", employed_from="2024-09-01", employed_until="2024-12-31"),
            total_fte="10")  # fmt: skip
    s = scored(d)
    assert s.direct_pct == 100 * Fraction(122, 366) / 10
    assert output(d)["direct_pct"] == "3.33"


def test_sw_staff_seconded_out_do_not_count_in_t():
    d = doc(row(), total_fte="11")
    d["workforce"]["sw_seconded_out_fte"] = "1"
    s = scored(d)
    assert s.total_fte == 10 and s.direct_pct == 10
