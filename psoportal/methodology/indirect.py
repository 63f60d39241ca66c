"""Indirect contribution (ketenstimulering), rule book §6.

    I_j = amount_j / supplier_turnover_j × supplier_weighted_fte_j,   I = Σ I_j

I is kept exact. Purchases from the same supplier share its turnover and weighted fte, so the
amounts are summed per supplier figure pair first (exact Decimal sums) and the rational terms,
one per pair, are added in a balanced tree: with many different turnovers the common
denominator grows with every term, and a balanced sum keeps the big-number work small.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .assessment import Purchase
from .problems import InvalidAssessment, Problem


@dataclass(frozen=True)
class IndirectTotals:
    fte: Fraction  # I
    amount: Decimal  # Σ amount_j, for the average supplier factor of the advice (§7)
    purchases: int


def indirect_totals(purchases: tuple[Purchase, ...]) -> IndirectTotals:
    """I and the total amount. Refuses purchases whose supplier figures were not filled in."""
    problems = []
    for i, p in enumerate(purchases):
        for key in ("supplier_turnover", "supplier_weighted_fte"):
            if getattr(p, key) is None:
                problems.append(
                    Problem(
                        f"purchases[{i}].{key}",
                        "missing",
                        "missing required value (only the web app fills it from the register)",
                    )
                )
    if problems:
        raise InvalidAssessment(problems)

    amounts: dict[tuple[Decimal, Decimal], Decimal] = {}
    total = Decimal(0)
    with decimal.localcontext() as ctx:
        ctx.prec = decimal.MAX_PREC
        ctx.traps[decimal.Inexact] = True
        for p in purchases:
            key = (p.supplier_turnover, p.supplier_weighted_fte)
            amounts[key] = amounts.get(key, 0) + p.amount  # type: ignore[index]
            total += p.amount
    terms = [
        Fraction(amount) * Fraction(weighted) / Fraction(turnover)
        for (turnover, weighted), amount in amounts.items()
    ]
    return IndirectTotals(fte=balanced_sum(terms), amount=total, purchases=len(purchases))


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
