"""What is needed for the next level (rule book §7).

With the 80 % cap the total is ``min(direct + indirect, (1 + k) × direct)`` where ``k`` is the
largest indirect/direct ratio (80/20 = 4), so reaching norm N needs both parts to reach N.

- Constant T (the rule book's formula, k = 4):
  ``extra = max(0, N·T/100 - D - indirect%·T/100, N·T/500 - D)``, rounded up to 4 decimals.
- New staff (they raise T as well): the smallest 4-decimal Δ with
  ``total(D + Δ, T + Δ, I) ≥ N``. The uncapped part gives a quadratic in T + Δ, so the root is
  estimated with a 50-digit square root and then settled exactly in steps of 0.0001. The new
  staff are assumed to weigh 1 (category and contract), and N stays the current row's norm:
  norms never rise with size (the loader checks it), so a larger row cannot ask for more.
- Extra purchasing at the average supplier factor I / Σ amount of the purchases given, at
  constant D and T, rounded up to cents; none when there are no purchases to take a factor
  from, or when the cap alone keeps the total below N.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .rounding import ADVICE_PLACES, MONEY_PLACES, round_up

_STEP = Fraction(1, 10**ADVICE_PLACES)


@dataclass(frozen=True)
class NextLevel:
    level: str
    norm: Decimal
    extra_direct_fte: Decimal
    extra_direct_fte_new_staff: Decimal
    extra_purchase_amount: Decimal | None


def cap_ratio(max_share_pct: Decimal) -> Fraction:
    """k: the indirect part may be at most k times the direct part (80 % of total → 4)."""
    share = Fraction(max_share_pct)
    return share / (100 - share)


def total_pct(
    direct_fte: Fraction, total_fte: Fraction, indirect_fte: Fraction, k: Fraction
) -> Fraction:
    """total % = direct % + min(indirect %, k × direct %) (§6, §7)."""
    direct = 100 * direct_fte / total_fte
    indirect = 100 * indirect_fte / (total_fte + indirect_fte)
    return direct + min(indirect, k * direct)


def next_level_advice(
    *,
    level: str,
    norm: Decimal,
    direct_fte: Fraction,
    total_fte: Fraction,
    indirect_fte: Fraction,
    purchase_amount: Decimal,
    k: Fraction,
) -> NextLevel:
    n = Fraction(norm)
    d, t, i = direct_fte, total_fte, indirect_fte
    indirect = 100 * i / (t + i)
    extra = max(Fraction(0), n * t / 100 - d - indirect * t / 100, n * t / (100 * (1 + k)) - d)
    return NextLevel(
        level=level,
        norm=norm,
        extra_direct_fte=round_up(extra, ADVICE_PLACES),
        extra_direct_fte_new_staff=_extra_new_staff(n, d, t, i, k),
        extra_purchase_amount=_extra_purchase(n, d, t, i, purchase_amount, k),
    )


def _extra_new_staff(n: Fraction, d: Fraction, t: Fraction, i: Fraction, k: Fraction) -> Decimal:
    def reaches(delta: Fraction) -> bool:
        return total_pct(d + delta, t + delta, i, k) >= n

    capped = 100 * (1 + k)
    estimate = max(Fraction(0), (n * t - capped * d) / (capped - n), _uncapped_root(n, d, t, i) - t)
    delta = Fraction(round_up(estimate, ADVICE_PLACES))
    while not reaches(delta):
        delta += _STEP
    while delta >= _STEP and reaches(delta - _STEP):
        delta -= _STEP
    return round_up(delta, ADVICE_PLACES)


def _uncapped_root(n: Fraction, d: Fraction, t: Fraction, i: Fraction) -> Fraction:
    """Smallest u = T + Δ with 100(D + u - T)/u + 100 I/(u + I) ≥ N.

    Multiplied out: (1 - p)u² + ((2 - p)I - (T - D))u - (T - D)I ≥ 0 with p = N/100; the
    constant is ≤ 0, so the set of such u > 0 starts at the positive root.
    """
    p = n / 100
    gap = t - d
    a = 1 - p
    b = (2 - p) * i - gap
    if i == 0:
        return gap / a
    with decimal.localcontext() as ctx:
        ctx.prec = 50

        def dec(x: Fraction) -> Decimal:
            return Decimal(x.numerator) / Decimal(x.denominator)

        root = (-dec(b) + (dec(b * b + 4 * a * gap * i)).sqrt()) / (2 * dec(a))
    return Fraction(root)


def _extra_purchase(
    n: Fraction, d: Fraction, t: Fraction, i: Fraction, amount: Decimal, k: Fraction
) -> Decimal | None:
    if amount <= 0 or i <= 0:
        return None  # no purchases to take a supplier factor from
    direct = 100 * d / t
    needed = n - direct  # counted indirect % still needed
    if needed > k * direct or needed >= 100:
        return None  # the cap keeps the total below N whatever is bought
    target = needed * t / (100 - needed)  # I with 100 I / (T + I) = needed
    extra_fte = max(Fraction(0), target - i)
    return round_up(extra_fte * Fraction(amount) / i, MONEY_PLACES)
