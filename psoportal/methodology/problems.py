"""Problems with an assessment and notices about a result.

Both carry a stable ``code`` and ``params`` next to the English ``message`` so the web layer can
show its own (translated) text; the CLI prints the English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from types import MappingProxyType
from typing import Any

from .limits import MAX_PROBLEMS


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Problem:
    """One reason an assessment is refused, with the path of the field (rule book §5.3)."""

    path: str
    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=_empty, compare=False)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class Notice:
    """Something the user should know about a result, e.g. that a norm row is interpolated."""

    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=_empty, compare=False)


def more_problems(count: int) -> Problem:
    """The last problem of a capped list: how many more were found but not listed."""
    return Problem(
        "",
        "more_problems",
        f"and {count} more problem{'' if count == 1 else 's'} not listed",
        MappingProxyType({"count": count}),
    )


class InvalidAssessment(ValueError):
    """The assessment cannot be scored; ``problems`` lists the reasons found.

    At most ``MAX_PROBLEMS`` are kept, then one ``more_problems`` saying how many more there
    were: a hostile document must not make a million Problem objects (or output lines). Pass a
    generator to avoid building the ones that are dropped, or ``more``: the number of problems
    a caller counted but did not build.
    """

    def __init__(self, problems: Iterable[Problem], *, more: int = 0) -> None:
        found = iter(problems)
        kept = list(islice(found, MAX_PROBLEMS))
        rest = sum(1 for _ in found) + more
        if rest:
            kept.append(more_problems(rest))
        self.problems = tuple(kept)
        super().__init__("; ".join(str(p) for p in self.problems))
