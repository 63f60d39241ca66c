"""Problems with an assessment and notices about a result.

Both carry a stable ``code`` and ``params`` next to the English ``message`` so the web layer can
show its own (translated) text; the CLI prints the English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


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


class InvalidAssessment(ValueError):
    """The assessment cannot be scored; ``problems`` lists every reason found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))
