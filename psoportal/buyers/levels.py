"""Whether a supplier's certificate meets a contract's required level: one rule for the
portfolio, the assessments, the compliance overview and the letter's readers."""

from __future__ import annotations

import datetime as dt

from psoportal.register.status import register_handbook


def level_ranks(on: dt.date) -> dict[str, int]:
    """Each level code's place on the ladder of the handbook in force on `on` (low to high)."""
    return {level.code: rank for rank, level in enumerate(register_handbook(on).levels)}


def meets_level(certificate_level: str | None, required_level: str,
                ranks: dict[str, int]) -> bool:
    """A certificate in force at `certificate_level` (None: none in force) meets
    `required_level` (blank: any level will do). A required level the ladder in force does not
    know cannot be checked, so it is not met: the buyer is asked to act on it."""
    if certificate_level is None:
        return False
    if not required_level:
        return True
    if required_level not in ranks:
        return False
    return ranks.get(certificate_level, -1) >= ranks[required_level]
