"""Indirect contribution and the 80 % cap (rule book §6)."""

import random
from fractions import Fraction

from psoportal.methodology.indirect import balanced_sum

from .builders import doc, output, purchase, row, scored


def test_a_purchase_counts_its_share_of_the_suppliers_weighted_fte():
    d = doc(row(), purchases=(purchase(amount="150000", supplier_turnover="1000000",
                                       supplier_weighted_fte="20"),), total_fte="20")  # fmt: skip
    s = scored(d)
    assert s.indirect_fte == 3
    assert s.indirect_pct == Fraction(300, 23)


def test_it_sums_the_purchases_exactly():
    purchases = (
        purchase(amount="1000", supplier_turnover="3000", supplier_weighted_fte="1"),
        purchase(amount="1000", supplier_turnover="7000", supplier_weighted_fte="2"),
        purchase(amount="500", supplier_turnover="3000", supplier_weighted_fte="1"),
    )
    s = scored(doc(row(), *(), purchases=purchases))
    assert s.indirect_fte == Fraction(1, 3) + Fraction(2, 7) + Fraction(1, 6)


def test_a_purchase_of_the_whole_turnover_counts_all_supplier_fte():
    s = scored(doc(row(), purchases=(purchase(amount="2000000"),)))
    assert s.indirect_fte == 20


def test_the_indirect_part_is_capped_at_four_times_the_direct_part():
    # Rule book §12 example 3.
    d = doc(
        row(category="participatiewet", hours_per_week="20", inflow_date="2022-03-01"),
        purchases=(purchase(amount="150000", supplier_turnover="1000000",
                            supplier_weighted_fte="20", kind="sw_company"),),
        total_fte="20",
    )  # fmt: skip
    s = scored(d)
    assert s.direct_pct == Fraction(5, 2)
    assert s.indirect_pct_counted == 10
    assert s.indirect_capped is True
    assert s.total_pct == Fraction(25, 2)
    assert s.quantitative_level == "trede_3"
    out = output(d)
    assert (out["indirect_pct"], out["indirect_pct_counted"]) == ("13.04", "10.00")
    assert [w["code"] for w in out["warnings"]] == ["indirect_capped"]


def test_without_direct_contribution_nothing_indirect_counts():
    s = scored(doc(purchases=(purchase(),)))
    assert s.indirect_fte == 1
    assert s.indirect_pct_counted == 0 and s.indirect_capped is True
    assert s.total_pct == 0 and s.quantitative_level == "none"


def test_under_the_cap_everything_counts():
    s = scored(doc(row(), row("R-2"), purchases=(purchase(amount="10000"),), total_fte="50"))
    assert s.indirect_capped is False
    assert (
        s.indirect_pct_counted == s.indirect_pct == 100 * Fraction(1, 10) / (50 + Fraction(1, 10))
    )


def test_a_balanced_sum_equals_the_plain_sum():
    rng = random.Random(7)
    terms = [Fraction(rng.randrange(1, 10**6), rng.randrange(1, 10**6)) for _ in range(101)]
    assert balanced_sum(terms) == sum(terms)
    assert balanced_sum([]) == 0
