"""Mijn overzicht: each organisation of the user with its rekentools and what to do next.

Reads stored scores only (selectors.rekentool_lists_with_results): the overview never runs the
engine, so it answers in a fixed number of queries however many rekentools there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.outcome import Outcome, outcome_of
from psoportal.assessments.selectors import ListedRekentool, rekentool_lists_with_results
from psoportal.organisations.models import Organisation

# Where each next action leads; the view turns these into URLs.
STEP_1, STEP_2, STEP_3A, STEP_3C, STEP_4, STEP_5 = "1", "2", "3A", "3C", "4", "5"


@dataclass(frozen=True)
class NextAction:
    step: str
    label: str | Promise


@dataclass(frozen=True)
class RekentoolLine:
    listed: ListedRekentool
    outcome: Outcome | None
    next_action: NextAction

    @property
    def rekentool(self):
        return self.listed.rekentool


@dataclass(frozen=True)
class OrganisationOverview:
    organisation: Organisation
    lines: tuple[RekentoolLine, ...]


def next_action(listed: ListedRekentool, outcome: Outcome | None) -> NextAction:
    """The first thing that keeps this rekentool from a known provisional level."""
    tool = listed.rekentool
    if tool.peiljaar_start is None:
        return NextAction(STEP_2, _("Kies het peiljaar (stap 2)"))
    if tool.total_fte is None:
        return NextAction(STEP_3A, _("Vul stap 3A in: personeel en fte"))
    if not listed.employee_count:
        return NextAction(STEP_3C, _("Vul stap 3C in: de PSO-doelgroep"))
    if not listed.scored:
        return NextAction(STEP_4, _("Bekijk de voorlopige score (stap 4)"))
    if outcome is None:
        return NextAction(STEP_4, _("Los op wat stap 4 nog mist"))
    if not outcome.final_known:
        return NextAction(STEP_5, _("Beantwoord de kwalitatieve vragen (stap 5)"))
    return NextAction(STEP_4, _("Bekijk uw voorlopige trede (stap 4)"))


def overviews_for(organisations: list[Organisation]) -> list[OrganisationOverview]:
    """One overview per organisation, in the order given, in a fixed number of queries."""
    lists = rekentool_lists_with_results(organisations, on=timezone.localdate())
    overviews = []
    for organisation in organisations:
        lines = []
        for listed in lists[organisation.pk]:
            outcome = (
                outcome_of(listed.result, listed.handbook, listed.rekentool.qualitative)
                if listed.result
                else None
            )
            lines.append(RekentoolLine(listed, outcome, next_action(listed, outcome)))
        overviews.append(OrganisationOverview(organisation, tuple(lines)))
    return overviews
