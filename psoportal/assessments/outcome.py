"""What step 4 may say about the level: one coherent reading of the engine's result.

The engine always returns a final `level`, also while step 5 is unanswered (then the qualitative
aspects count as not met and the level drops to "none"). Shown as is, the page said "Geen trede",
"haalt u Trede 3" and "U zit op de hoogste trede" at once. Here the result is read together with
the answers given so far: the quantitative level (steps 1–3) is always known; the final level
only once every aspect that decides it has been answered (rule book §4, §8).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from psoportal.methodology.handbook import Aspect, Handbook


@dataclass(frozen=True)
class Outcome:
    quantitative_level: str
    # None while step 5 still has open aspects: the final level is not known yet.
    final_level: str | None
    # The aspects that decide the final level, and those of them not yet answered.
    aspects: tuple[Aspect, ...]
    open_aspects: tuple[Aspect, ...]

    @property
    def final_known(self) -> bool:
        return self.final_level is not None

    @property
    def qualitative_lowered(self) -> bool:
        """Step 5 is answered and the level is not the one the figures reach."""
        return self.final_known and self.final_level != self.quantitative_level


def aspects_deciding(handbook: Handbook, quantitative_level: str) -> tuple[Aspect, ...]:
    """The qualitative aspects that decide the final level for this provisional level (§8)."""
    if quantitative_level in {level.code for level in handbook.normed_levels}:
        return handbook.aspects_for(quantitative_level)
    # Below the ladder: the level without a norm (Aspirant-status), named by the handbook.
    return handbook.aspects_for(handbook.fallback_level.code)


def outcome_of(
    result: Mapping[str, Any], handbook: Handbook, answers: Mapping[str, Any] | None
) -> Outcome:
    quantitative = result["quantitative_level"]
    aspects = aspects_deciding(handbook, quantitative)
    answered = answers or {}
    open_aspects = tuple(a for a in aspects if a.code not in answered)
    return Outcome(
        quantitative_level=quantitative,
        final_level=None if open_aspects else result["level"],
        aspects=aspects,
        open_aspects=open_aspects,
    )
