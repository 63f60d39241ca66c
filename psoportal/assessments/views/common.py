"""Shared bits of the MijnPSO step views."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.selectors import Evaluation

STEP_TITLES = {
    1: _("Organisatie"),
    2: _("Rekentool"),
    3: _("Gegevens"),
    4: _("Voorlopige score"),
    5: _("Kwalitatieve vragen"),
    6: _("Offertes & aanvraag"),
}

STATE_LABELS = {
    "empty": _("leeg"),
    "incomplete": _("onvolledig"),
    "complete": _("compleet"),
    "errors": _("bevat fouten"),
    "later": _("nog niet beschikbaar"),
    "waiting": _("wacht op stap 5"),
    "open": _("offertes en aanvraag"),
}


def steps_context(evaluation: Evaluation, active: int) -> list[dict]:
    """The six-step progress bar: title, state and link of each step."""
    rekentool = evaluation.rekentool
    urls = {
        1: reverse("mijnpso:organisation", args=[rekentool.organisation_id])
        + f"?rekentool={rekentool.pk}",
        2: reverse("mijnpso:rekentools", args=[rekentool.organisation_id]),
        3: reverse("mijnpso:data", args=[rekentool.pk]),
        4: reverse("mijnpso:result", args=[rekentool.pk]),
        5: reverse("mijnpso:qualitative", args=[rekentool.pk]),
        # By name only: certification sits above this app and is never imported here.
        6: reverse("certification:step6", args=[rekentool.pk]),
    }
    return [
        {
            "number": number,
            "title": STEP_TITLES[number],
            "state": evaluation.steps[number].state,
            "state_label": STATE_LABELS[evaluation.steps[number].state],
            "url": urls[number],
            "active": number == active,
        }
        for number in range(1, 7)
    ]


def steps_before_rekentool(
    organisation_id: int, active: int, *, has_rekentools: bool
) -> list[dict]:
    """The step bar on steps 1 and 2 before a rekentool is chosen: steps 3–5 belong to a
    rekentool, so they show as empty and without a link until one is picked in step 2."""
    urls = {
        1: reverse("mijnpso:organisation", args=[organisation_id]),
        2: reverse("mijnpso:rekentools", args=[organisation_id]),
    }
    states = {1: "complete", 2: "complete" if has_rekentools else "empty", 6: "later"}
    return [
        {
            "number": number,
            "title": STEP_TITLES[number],
            "state": states.get(number, "empty"),
            "state_label": STATE_LABELS[states.get(number, "empty")],
            "url": urls.get(number),
            "active": number == active,
        }
        for number in range(1, 7)
    ]


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))
