"""Reads that the step pages share: the rekentool as a document, scored by the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from psoportal.assessments.document import rekentool_document
from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
from psoportal.methodology.assessment import Assessment, parse_assessment
from psoportal.methodology.handbook import Handbook, handbook_for, handbook_get
from psoportal.methodology.output import score_to_dict
from psoportal.methodology.problems import InvalidAssessment, Problem
from psoportal.methodology.scoring import Score, score
from psoportal.organisations.models import Organisation

# Which MijnPSO step a field path of the document belongs to (rule book §3).
_STEP_OF_PATH = [
    ("organisation", 1),
    ("handbook", 2),
    ("date", 2),
    ("peiljaar", 3),
    ("workforce", 3),
    ("target_group", 3),
    ("purchases", 3),
    ("qualitative", 5),
]

EMPTY, INCOMPLETE, COMPLETE, ERRORS, LATER = "empty", "incomplete", "complete", "errors", "later"


def step_of(path: str) -> int:
    for prefix, step in _STEP_OF_PATH:
        if path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "["):
            return step
    # Whole-assessment problems (e.g. D greater than T) are about the data of step 3.
    return 3


@dataclass
class StepState:
    number: int
    state: str
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Evaluation:
    rekentool: Rekentool
    handbook: Handbook
    document: dict[str, Any]
    employees: list[TargetGroupEmployee]
    purchases: list[Purchase]
    assessment: Assessment | None
    score: Score | None
    result: dict[str, Any] | None
    problems: tuple[Problem, ...]
    steps: dict[int, StepState]

    @property
    def missing(self) -> list[Problem]:
        return [p for p in self.problems if p.code == "missing"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.code != "missing"]


def rekentool_list(organisation: Organisation) -> QuerySet[Rekentool]:
    return organisation.rekentools.order_by("name", "id")


def rekentool_handbook(rekentool: Rekentool, *, on: dt.date | None = None) -> Handbook:
    """The pinned version, or the one in force on `on` (today) (rule book §10)."""
    if rekentool.handbook_version:
        return handbook_get(rekentool.handbook_version)
    return handbook_for(on or timezone.localdate())


def rekentool_evaluate(rekentool: Rekentool, *, on: dt.date | None = None) -> Evaluation:
    """Score the rekentool as of `on` (default today) and work out each step's state."""
    on = on or timezone.localdate()
    handbook = rekentool_handbook(rekentool, on=on)
    employees = list(rekentool.employees.all())
    purchases = list(rekentool.purchases.all())
    document = rekentool_document(rekentool, on=on, employees=employees, purchases=purchases)
    assessment = result_score = result = None
    problems: tuple[Problem, ...] = ()
    try:
        assessment = parse_assessment(document)
        result_score = score(assessment, handbook=handbook, with_rows=True)
        result = score_to_dict(result_score, explain=True)
    except InvalidAssessment as exc:
        problems = exc.problems
    steps = _step_states(rekentool, handbook, employees, purchases, problems, result)
    return Evaluation(
        rekentool=rekentool,
        handbook=handbook,
        document=document,
        employees=employees,
        purchases=purchases,
        assessment=assessment,
        score=result_score,
        result=result,
        problems=problems,
        steps=steps,
    )


def step5_aspects(handbook: Handbook, quantitative_level: str):
    """The qualitative aspects that decide the final level for this provisional level (§8)."""
    if quantitative_level in {level.code for level in handbook.normed_levels}:
        return handbook.aspects_for(quantitative_level)
    return handbook.aspects_for("aspirant")


def _step_states(rekentool, handbook, employees, purchases, problems, result):
    by_step: dict[int, list[Problem]] = {n: [] for n in range(1, 7)}
    for problem in problems:
        by_step[step_of(problem.path)].append(problem)

    def state(number: int, *, empty: bool, complete: bool) -> StepState:
        found = by_step[number]
        if any(p.code != "missing" for p in found):
            return StepState(number, ERRORS, found)
        if empty:
            return StepState(number, EMPTY, found)
        if found or not complete:
            return StepState(number, INCOMPLETE, found)
        return StepState(number, COMPLETE, found)

    data_empty = rekentool.total_fte is None and not employees and not purchases
    aspects = step5_aspects(handbook, result["quantitative_level"]) if result else ()
    answered = rekentool.qualitative or {}
    return {
        1: state(1, empty=False, complete=True),
        2: state(2, empty=False, complete=rekentool.peiljaar_start is not None),
        3: state(3, empty=data_empty, complete=rekentool.total_fte is not None),
        4: StepState(4, COMPLETE if result else INCOMPLETE),
        5: state(
            5,
            empty=not answered,
            complete=bool(aspects) and all(a.code in answered for a in aspects),
        ),
        6: StepState(6, LATER),
    }
