"""Indirect contribution (ketenstimulering), rule book §6.

    I_j = amount_j / supplier_turnover_j × supplier_weighted_fte_j,   I = Σ I_j

Purchases from the same supplier share its turnover and weighted fte, so the amounts are first
summed per supplier figure pair (exact Decimal sums): one term per pair.

How I is summed, linear in the number of purchases:

- Up to ``EXACT_PAIRS`` distinct pairs, exactly as a ``Fraction`` (added in a balanced tree).
  Beyond that an exact sum costs more than linear: every distinct turnover adds its prime
  factors to the common denominator (30,000 suppliers: a denominator of a million bits, 36 s).
- Above, as an *enclosure*: two ``Decimal`` sums at ``PRECISION`` significant digits, one with
  every division and addition rounded down, one rounded up, so ``low ≤ I ≤ high`` is certain
  (every term is ≥ 0; the products amount × fte have at most 27 digits and are exact). The
  enclosure is narrower than 10^-50 of I. ``scoring.score`` then works every figure out from
  both ends: each figure it shows or decides on (levels, the cap, the rounded percentages and
  fte, the advice) is a monotone step function of I, so when both ends give the same, the
  exact I gives it too. Only when they differ — the exact total sits on a norm or a rounding
  boundary to within 10^-50 — does it fall back to the exact sum (``IndirectTotals.exact``).

So no level or shown figure ever differs from the exact computation; ``Score.indirect_fte``
itself is then the lower end, within 10^-50 of I.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .assessment import Purchase
from .problems import InvalidAssessment, Problem

# Distinct (turnover, weighted fte) pairs up to which I is summed as an exact Fraction.
EXACT_PAIRS = 200
# Significant digits of the two Decimal sums that enclose I above EXACT_PAIRS.
PRECISION = 60

_Pairs = dict[tuple[Decimal, Decimal], Decimal]


@dataclass(frozen=True)
class IndirectTotals:
    fte: Fraction  # I; the lower end of the enclosure when fte_high is not None
    amount: Decimal  # Σ amount_j, for the average supplier factor of the advice (§7)
    purchases: int
    # None when ``fte`` is exact; else I lies in [fte, fte_high].
    fte_high: Fraction | None = None
    pairs: _Pairs = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_exact(self) -> bool:
        return self.fte_high is None

    def exact(self) -> Fraction:
        """I exactly (slow with many distinct suppliers: only for ties, see the module)."""
        return self.fte if self.fte_high is None else _exact_sum(self.pairs)


def _missing_figures(purchases: tuple[Purchase, ...]):
    for i, p in enumerate(purchases):
        for key in ("supplier_turnover", "supplier_weighted_fte"):
            if getattr(p, key) is None:
                yield Problem(
                    f"purchases[{i}].{key}",
                    "missing",
                    "missing required value (only the web app fills it from the register)",
                )


def indirect_totals(purchases: tuple[Purchase, ...]) -> IndirectTotals:
    """I and the total amount. Refuses purchases whose supplier figures were not filled in."""
    if any(p.supplier_turnover is None or p.supplier_weighted_fte is None for p in purchases):
        raise InvalidAssessment(_missing_figures(purchases))

    pairs: _Pairs = {}
    total = Decimal(0)
    with decimal.localcontext() as ctx:
        ctx.prec = decimal.MAX_PREC
        ctx.traps[decimal.Inexact] = True
        for p in purchases:
            key = (p.supplier_turnover, p.supplier_weighted_fte)
            pairs[key] = pairs.get(key, 0) + p.amount  # type: ignore[index]
            total += p.amount
    if len(pairs) <= EXACT_PAIRS:
        return IndirectTotals(_exact_sum(pairs), total, len(purchases))
    low = _rounded_sum(pairs, decimal.ROUND_FLOOR)
    high = _rounded_sum(pairs, decimal.ROUND_CEILING)
    if low == high:  # every term and sum happened to be exact
        return IndirectTotals(Fraction(low), total, len(purchases))
    return IndirectTotals(Fraction(low), total, len(purchases), Fraction(high), pairs)


def _exact_sum(pairs: _Pairs) -> Fraction:
    terms = [
        Fraction(amount) * Fraction(weighted) / Fraction(turnover)
        for (turnover, weighted), amount in pairs.items()
    ]
    return balanced_sum(terms)


def _rounded_sum(pairs: _Pairs, rounding: str) -> Decimal:
    """Σ amount × weighted / turnover with every operation rounded in one direction."""
    with decimal.localcontext() as ctx:
        ctx.prec = PRECISION
        ctx.rounding = rounding
        ctx.traps[decimal.Inexact] = False
        total = Decimal(0)
        for (turnover, weighted), amount in pairs.items():
            total += amount * weighted / turnover
    return total


def balanced_sum(terms: list[Fraction]) -> Fraction:
    """Σ terms, added pairwise so intermediate denominators stay as small as possible."""
    if not terms:
        return Fraction(0)
    while len(terms) > 1:
        paired = [a + b for a, b in zip(terms[::2], terms[1::2], strict=False)]
        if len(terms) % 2:
            paired.append(terms[-1])
        terms = paired
    return terms[0]


def indirect_pct(indirect_fte: Fraction, total_fte: Fraction) -> Fraction:
    """indirect % = 100 × I / (T + I) (§6)."""
    return 100 * indirect_fte / (total_fte + indirect_fte)
