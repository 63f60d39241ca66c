"""`{{ evaluation|outcome }}`: what a page may say about a rekentool's level (outcome.py), for
pages that show several rekentools, such as the comparison."""

from __future__ import annotations

from django import template

from psoportal.assessments.outcome import Outcome, outcome_of

register = template.Library()


@register.filter
def outcome(evaluation) -> Outcome | None:
    if evaluation is None or not evaluation.result:
        return None
    return outcome_of(evaluation.result, evaluation.handbook, evaluation.rekentool.qualitative)
