"""What is needed for the next level (rule book §7)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from psoportal.methodology.advice import next_level_advice, total_pct

from .builders import doc, output, purchase, row, scored

K = Fraction(4)


def _advice(d, t, i=0, amount="0", norm="6.8"):
    return next_level_advice(
        level="x",
        norm=Decimal(norm),
        direct_fte=Fraction(d),
        total_fte=Fraction(t),
        indirect_fte=Fraction(i),
        purchase_amount=Decimal(amount),
        k=K,
    )


@pytest.mark.parametrize(
    ("d", "t", "i", "norm", "extra"),
    [
        # §12 example 1: N·T/100 - D = 3.4 - 2.6
        ("2.6", "50", "0", "6.8", "0.8000"),
        # example 05: 1.17 - 0.1666… = 1.00333… rounded up
        (Fraction(61, 366), "45", "0", "2.6", "1.0034"),
        # indirect helps: 3.4 - 2.6 - (100·0.2/50.2)·0.5 = 0.600796…
        ("2.6", "50", "0.2", "6.8", "0.6008"),
        # the cap decides: N·T/500 - D = 0.37 - 0.3
        ("0.3", "50", "10", "3.7", "0.0700"),
        # already reached: nothing needed
        ("4", "50", "0", "6.8", "0.0000"),
    ],
)
def test_it_gives_the_extra_direct_fte_at_constant_t_rounded_up(d, t, i, norm, extra):
    assert _advice(d, t, i, norm=norm).extra_direct_fte == Decimal(extra)


def test_the_new_staff_variant_raises_t_as_well():
    # (N·T - 100·D) / (100 - N) without indirect: (340 - 260) / 93.2 = 0.85836…
    advice = _advice("2.6", "50")
    assert advice.extra_direct_fte_new_staff == Decimal("0.8584")


@pytest.mark.parametrize(
    ("d", "t", "i", "norm"),
    [("2.6", "50", "0.2", "6.8"), ("0.3", "50", "10", "3.7"), ("1", "20", "3", "10.8"),
     ("0.1", "3", "0.05", "29.3"), ("10", "104", "7", "3.7")],
)  # fmt: skip
def test_the_new_staff_variant_is_the_smallest_step_of_0_0001_that_reaches_n(d, t, i, norm):
    d, t, i, n = Fraction(d), Fraction(t), Fraction(i), Fraction(Decimal(norm))
    delta = Fraction(_advice(d, t, i, norm=norm).extra_direct_fte_new_staff)
    assert total_pct(d + delta, t + delta, i, K) >= n
    if delta:
        step = Fraction(1, 10**4)
        assert total_pct(d + delta - step, t + delta - step, i, K) < n


def test_extra_purchasing_uses_the_average_supplier_factor():
    # I = 0.2 fte for €10,000: 0.00002 fte per euro. Needed indirect % = 6.8 - 5.2 = 1.6,
    # I' = 1.6·50/98.4 = 0.81300…, extra 0.61300… fte → €30,650.41 (rounded up).
    advice = _advice("2.6", "50", "0.2", amount="10000")
    assert advice.extra_purchase_amount == Decimal("30650.41")
    new_i = Fraction(2, 10) + Fraction(advice.extra_purchase_amount) * Fraction(2, 10) / 10000
    assert total_pct(Fraction(26, 10), Fraction(50), new_i, K) >= Fraction(68, 10)


def test_no_purchase_advice_without_purchases_or_when_the_cap_blocks():
    assert _advice("2.6", "50").extra_purchase_amount is None
    assert _advice("2.6", "50", "0", amount="1000").extra_purchase_amount is None
    # direct 0.6 %: at most 2.4 % may be indirect, so 3.7 cannot be bought
    assert _advice("0.3", "50", "10", amount="1000", norm="3.7").extra_purchase_amount is None


def test_the_next_level_of_no_level_is_basistrede():
    out = output(doc(row(hours_per_week="4"), total_fte="45"))
    assert out["quantitative_level"] == "none"
    assert out["next_level"]["level"] == "basistrede"
    assert out["next_level"]["norm"] == "2.6"


def test_there_is_no_next_level_above_trede_3_or_when_not_certifiable():
    assert scored(doc(row(), total_fte="2")).next_level is None
    assert scored(doc(row(), total_fte="1.5")).next_level is None


def test_the_advice_is_in_the_output():
    # D = 2 of 50 (4 %, Trede 2); I = 5000/2,000,000 × 20 = 0.05 for €5,000.
    out = output(doc(row(), row("B"), purchases=(purchase(amount="5000"),), total_fte="50"))
    assert out["next_level"] == {
        "level": "trede_3",
        "norm": "6.8",
        # 3.4 - 2 - (5/50.05)·0.5 = 1.35005
        "extra_direct_fte": "1.3501",
        "extra_direct_fte_new_staff": "1.4486",
        # (2.8·50/97.2 - 0.05) / (0.05/5000)
        "extra_purchase_amount": "139032.93",
    }
