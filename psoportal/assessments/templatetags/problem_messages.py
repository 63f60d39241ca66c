"""``{{ problems|problem_lines }}``: engine problems as the capped list of Dutch lines
(psoportal/assessments/problem_messages.py, the one source of that text)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from psoportal.assessments import problem_messages
from psoportal.methodology.problems import Problem

register = template.Library()


@register.filter
def problem_lines(problems: Iterable[Problem]) -> list[str]:
    return problem_messages.problem_lines(problems)


@register.filter
def problem_items(problems: Iterable[Problem], rekentool_id: int) -> list[tuple[str, str | None]]:
    """The same lines, each with the link to the field or row to fix."""
    return problem_messages.problem_items(problems, rekentool_id)
