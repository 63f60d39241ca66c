"""The application page every party shares: its timeline and the party's next steps."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from psoportal.certification.access import (
    get_application_for_user,
)
from psoportal.certification.fees import withdrawal_consequence
from psoportal.certification.models import Application
from psoportal.certification.services import (
    REASON_MAX_LENGTH,
    TransitionRefused,
    application_transition,
    cancel_reasons,
)
from psoportal.certification.transitions import TRANSITION_LABELS, TRANSITIONS


def _transition_choices(application: Application, party: str) -> list[dict]:
    """The transitions this party may take now, with what each one asks for."""
    choices = []
    for transition in TRANSITIONS.values():
        if transition.party != party or application.state not in transition.sources:
            continue
        if transition.own_page:
            # Audit days, the report and the award are taken on their own pages.
            continue
        choices.append(
            {
                "name": transition.name,
                "label": TRANSITION_LABELS[transition.name],
                "reasons": cancel_reasons(application) if transition.name == "cancel" else None,
                "free_reason": transition.needs_reason and transition.name != "cancel",
                # Rule book §9: what withdrawing costs depends on the day and the audit.
                "consequence": withdrawal_consequence(application, timezone.localdate())
                if transition.name == "withdraw" else "",
            }
        )
    return choices


def _refusal(error: str) -> forms.Form | None:
    """A refused step as a bound form with one error, so the page shows the one error summary
    every form uses (focused, the title starting with "Fout:") instead of an alert of its own."""
    if not error:
        return None
    form = forms.Form(data={})
    form.add_error(None, error)
    return form


def _application_page(request, application, party, *, error="", status=200):
    return render(
        request,
        "certification/application.html",
        {
            "application": application,
            "organisation": application.organisation,
            "party": party,
            "events": application.events.select_related("actor"),
            "choices": _transition_choices(application, party),
            "refusal": _refusal(error),
        },
        status=status,
    )


@require_GET
def application(request: HttpRequest, application_id: int) -> HttpResponse:
    application, party = get_application_for_user(request.user, application_id)
    return _application_page(request, application, party)


@require_POST
def application_step(request: HttpRequest, application_id: int) -> HttpResponse:
    """Take one transition; a refused one (wrong state, wrong party, no reason) says why and
    changes nothing."""
    application, party = get_application_for_user(request.user, application_id)
    name = request.POST.get("transition", "")[:30]
    if name in TRANSITIONS and TRANSITIONS[name].own_page and TRANSITIONS[name].party == party:
        return _application_page(request, application, party, status=400,
                                 error=_("Deze stap heeft een eigen pagina met een formulier."))
    try:
        application_transition(
            application=application,
            name=name,
            actor=request.user,
            party=party,
            reason=request.POST.get("reason", "")[: REASON_MAX_LENGTH + 1],
        )
    except TransitionRefused as exc:
        return _application_page(request, application, party, error=str(exc), status=400)
    messages.success(
        request, _("De aanvraag is nu: %(state)s.") % {"state": application.get_state_display()}
    )
    return redirect("certification:application", application.pk)
