"""Indirect contribution and the 80 % cap (rule book §6)."""

import random
import time
from fractions import Fraction

from psoportal.methodology import indirect
from psoportal.methodology.assessment import parse_assessment
from psoportal.methodology.indirect import balanced_sum, indirect_totals
from psoportal.methodology.scoring import score

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


def _many_suppliers(n, seed=11):
    rng = random.Random(seed)
    purchases = []
    for s in range(n):
        turnover = rng.randrange(200_000, 50_000_000)
        purchases.append(
            purchase(
                supplier=f"Supplier {s}",
                amount=f"{rng.randrange(100, 20_000_00) / 100:.2f}",
                supplier_turnover=str(turnover),
                supplier_weighted_fte=f"{rng.randrange(1, 4000) / 10:.1f}",
            )
        )
    return tuple(purchases)


def test_thirty_thousand_distinct_suppliers_score_in_well_under_two_seconds():
    assessment = parse_assessment(doc(row(), purchases=_many_suppliers(30_000), total_fte="5000"))
    start = time.process_time()
    s = score(assessment)
    assert time.process_time() - start < 2.0  # 36 s when summed as one exact Fraction
    assert s.indirect_fte > 0


def test_with_many_suppliers_every_shown_figure_equals_the_exact_computation(monkeypatch):
    d = doc(row(), row("R-2", hours_per_week="12.5"), purchases=_many_suppliers(400),
            total_fte="1200")  # fmt: skip
    enclosed = output(d)
    totals = indirect_totals(parse_assessment(d).purchases)
    assert not totals.is_exact
    exact = totals.exact()
    assert totals.fte <= exact <= totals.fte_high
    assert totals.fte_high - totals.fte < exact / 10**50
    monkeypatch.setattr(indirect, "EXACT_PAIRS", 10**9)
    assert indirect_totals(parse_assessment(d).purchases).is_exact
    assert output(d) == enclosed


def test_a_total_exactly_on_a_norm_reaches_it_also_with_many_suppliers():
    # 300 suppliers of 1/300 fte each: I = 1 exactly, though no decimal holds 1/300. T = 19:
    # indirect % = 5; direct % = 100 × 0.456 / 19 = 2.4; total = 7.4, the Trede 2 norm of row 19.
    purchases = tuple(
        purchase(supplier=f"S{k}", amount=str(k), supplier_turnover=str(300 * k),
                 supplier_weighted_fte="1")
        for k in range(1, 301)
    )  # fmt: skip
    d = doc(row(hours_per_week="18.24"), purchases=purchases, total_fte="19")
    assert not indirect_totals(parse_assessment(d).purchases).is_exact
    s = scored(d)
    assert s.indirect_fte == 1
    assert s.total_pct == Fraction(74, 10)
    assert s.quantitative_level == "trede_2"
