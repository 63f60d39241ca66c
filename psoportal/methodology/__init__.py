"""The rekentool: PSO handbook data, scoring, costs and dates. Pure Python, no Django.

Typical use (rule book §4-§9, assessment-format.md)::

    assessment = parse_assessment_json(text)        # or parse_assessment(dict)
    result = score(assessment)                       # exact figures, levels, advice, trace
    document = score_to_dict(result)                 # the `pso score` JSON output

Bad input raises InvalidAssessment, whose ``problems`` each name a field path.
"""

from .assessment import (
    Assessment,
    Purchase,
    TargetGroupRow,
    assessment_to_dict,
    parse_assessment,
    parse_assessment_json,
    resolve_handbook,
)
from .costs import (
    annual_contribution,
    audit_mandays,
    event_fee,
    new_application_credit,
    pso30plus_fee,
    second_year_contribution_due,
    vat,
    with_vat,
    withdrawal_outcome,
)
from .dates import (
    application_dates,
    cancellation_window,
    half_credit_window,
    three_month_rule_window,
    withdrawal_in_window,
)
from .handbook import (
    Handbook,
    HandbookError,
    HandbookNotFound,
    handbook_for,
    handbook_get,
    handbook_list,
)
from .output import score_to_dict
from .problems import InvalidAssessment, Notice, Problem
from .scoring import Score, score

__all__ = [
    "Assessment",
    "Handbook",
    "HandbookError",
    "HandbookNotFound",
    "InvalidAssessment",
    "Notice",
    "Problem",
    "Purchase",
    "Score",
    "TargetGroupRow",
    "annual_contribution",
    "application_dates",
    "assessment_to_dict",
    "audit_mandays",
    "cancellation_window",
    "event_fee",
    "half_credit_window",
    "handbook_for",
    "handbook_get",
    "handbook_list",
    "new_application_credit",
    "parse_assessment",
    "parse_assessment_json",
    "pso30plus_fee",
    "resolve_handbook",
    "score",
    "score_to_dict",
    "second_year_contribution_due",
    "three_month_rule_window",
    "vat",
    "with_vat",
    "withdrawal_in_window",
    "withdrawal_outcome",
]
