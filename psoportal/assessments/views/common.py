"""Shared bits of the MijnPSO step views."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.access import get_rekentool_for_user
from psoportal.assessments.selectors import Evaluation
from psoportal.assessments.services import RekentoolFrozen

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


def _refused(request: HttpRequest, url: str, exc: RekentoolFrozen) -> HttpResponse:
    messages.error(request, str(exc))
    if is_htmx(request):
        # An htmx autosave would swap a whole page into its target: let the browser go there.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def refuse_when_frozen(target: str, *, also_get: bool = False):
    """A write to a submitted rekentool goes back to `target` (a URL name taking the rekentool
    id) with the reason, before any form is read; with `also_get` the page itself too (an edit
    or delete page has nothing to show then). The services refuse as well (the guard, also
    against a submission that lands while the form is being sent); this is the message."""

    def decorate(view):
        @wraps(view)
        def wrapper(request: HttpRequest, rekentool_id: int, *args, **kwargs) -> HttpResponse:
            url = reverse(target, args=[rekentool_id])
            # The access helper first: an outsider gets its 404, never the message.
            checked = request.method == "POST" or also_get
            if checked and get_rekentool_for_user(request.user, rekentool_id).frozen_at:
                return _refused(request, url, RekentoolFrozen())
            try:
                return view(request, rekentool_id, *args, **kwargs)
            except RekentoolFrozen as exc:
                return _refused(request, url, exc)

        return wrapper

    return decorate
