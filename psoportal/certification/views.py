"""Step 6 for the applicant: quotes, the preconditions, the submission, the application page."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from psoportal.assessments.access import get_rekentool_for_user
from psoportal.assessments.selectors import rekentool_evaluate
from psoportal.assessments.views.common import steps_context
from psoportal.certification.access import (
    get_application_for_user,
    get_quote_request_for_institution_user,
)
from psoportal.certification.forms import QuoteForm, QuoteRequestForm, SubmitForm
from psoportal.certification.models import Application, Quote, QuoteRequest
from psoportal.certification.quotes import (
    QuoteRefused,
    quote_accept,
    quote_answer,
    quote_request_create,
)
from psoportal.certification.services import (
    AGREEMENT_VERSION,
    REASON_MAX_LENGTH,
    PreconditionsNotMet,
    TransitionRefused,
    application_preconditions,
    application_submit,
    application_transition,
    cancel_reasons,
)
from psoportal.certification.transitions import TRANSITION_LABELS, TRANSITIONS
from psoportal.methodology.handbook import handbook_get


def _step6_page(request, rekentool, *, quote_form=None, submit_form=None, status=200):
    today = timezone.localdate()
    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
    requests = list(
        rekentool.quote_requests.select_related("institution", "quote").order_by("requested_at")
    )
    return render(request, "certification/step6.html", {
        "rekentool": rekentool,
        "organisation": rekentool.organisation,
        "evaluation": evaluation,
        "steps": steps_context(evaluation, 6),
        "quote_requests": requests,
        "quote_form": quote_form or QuoteRequestForm(),
        "submit_form": submit_form or SubmitForm(initial={"submission_key":
                                                           secrets.token_hex(16)}),
        "missing": application_preconditions(rekentool, on=today),
        "applications": rekentool.applications.order_by("-submitted_at"),
        "agreement_version": AGREEMENT_VERSION,
    }, status=status)


@require_GET
def step6(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    return _step6_page(request, get_rekentool_for_user(request.user, rekentool_id))


@require_POST
def quotes_request(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    form = QuoteRequestForm(request.POST)
    if form.is_valid():
        try:
            made = quote_request_create(rekentool=rekentool, user=request.user,
                                        institutions=list(form.cleaned_data["institutions"]))
        except QuoteRefused as exc:
            form.add_error("institutions", str(exc))
        else:
            messages.success(request, _("De offerteaanvragen zijn verstuurd.") if made
                             else _("Deze instellingen hadden uw aanvraag al."))
            return redirect("certification:step6", rekentool.pk)
    return _step6_page(request, rekentool, quote_form=form, status=400)


@require_POST
def quote_choose(request: HttpRequest, rekentool_id: int, quote_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    quote = Quote.objects.filter(pk=quote_id, request__rekentool=rekentool).first()
    if quote is None:
        raise Http404("quote")
    try:
        quote_accept(quote=quote, user=request.user)
    except QuoteRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De offerte van %(name)s is geaccepteerd; de andere "
                                    "offertes zijn vervallen.")
                         % {"name": quote.request.institution.name})
    return redirect("certification:step6", rekentool.pk)


@require_http_methods(["POST"])
def submit(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            application = application_submit(
                rekentool=rekentool, user=request.user,
                submission_key=form.cleaned_data["submission_key"],
                authorised=form.cleaned_data["authorised"],
                agreement_accepted=form.cleaned_data["agreement_accepted"],
            )
        except PreconditionsNotMet as exc:
            for missing in exc.missing:
                form.add_error(None, missing.text)
        else:
            messages.success(request, _("Uw definitieve aanvraag is ingediend."))
            return redirect("certification:application", application.pk)
    return _step6_page(request, rekentool, submit_form=form, status=400)


def _transition_choices(application: Application, party: str) -> list[dict]:
    """The transitions this party may take now, with what each one asks for."""
    choices = []
    for transition in TRANSITIONS.values():
        if transition.party != party or application.state not in transition.sources:
            continue
        choices.append({
            "name": transition.name,
            "label": TRANSITION_LABELS[transition.name],
            "reasons": cancel_reasons(application) if transition.name == "cancel" else None,
            "free_reason": transition.needs_reason and transition.name != "cancel",
        })
    return choices


def _application_page(request, application, party, *, error="", status=200):
    return render(request, "certification/application.html", {
        "application": application,
        "organisation": application.organisation,
        "party": party,
        "events": application.events.select_related("actor"),
        "choices": _transition_choices(application, party),
        "error": error,
    }, status=status)


@require_GET
def application(request: HttpRequest, application_id: int) -> HttpResponse:
    application, party = get_application_for_user(request.user, application_id)
    return _application_page(request, application, party)


@require_POST
def application_step(request: HttpRequest, application_id: int) -> HttpResponse:
    """Take one transition; a refused one (wrong state, wrong party, no reason) says why and
    changes nothing."""
    application, party = get_application_for_user(request.user, application_id)
    try:
        application_transition(
            application=application, name=request.POST.get("transition", "")[:30],
            actor=request.user, party=party,
            reason=request.POST.get("reason", "")[:REASON_MAX_LENGTH + 1],
        )
    except TransitionRefused as exc:
        return _application_page(request, application, party, error=str(exc), status=400)
    messages.success(request, _("De aanvraag is nu: %(state)s.")
                     % {"state": application.get_state_display()})
    return redirect("certification:application", application.pk)


# -- the certifying institution's workspace ------------------------------------------------------


@require_GET
def institution_workspace(request: HttpRequest) -> HttpResponse:
    """Quote requests and applications of the institutions the user works for."""
    if not request.user.institution_memberships.exists():
        raise Http404("institution")
    requests = (
        QuoteRequest.objects.filter(institution__memberships__user=request.user)
        .select_related("institution", "organisation").order_by("state", "-requested_at")
    )
    applications = (
        Application.objects.filter(
            accepted_quote__request__institution__memberships__user=request.user)
        .select_related("organisation").order_by("-submitted_at")
    )
    return render(request, "certification/institution.html", {
        "quote_requests": requests, "applications": applications,
    })


@require_http_methods(["GET", "POST"])
def institution_quote(request: HttpRequest, request_id: int) -> HttpResponse:
    quote_request = get_quote_request_for_institution_user(request.user, request_id)
    form = QuoteForm()
    if request.method == "POST":
        form = QuoteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                quote_answer(
                    request=quote_request, user=request.user, man_days=data["man_days"],
                    day_rate=data["day_rate"], valid_until=data["valid_until"],
                    registration_fee=data["registration_fee"] or 0,
                    licence_fee=data["licence_fee"] or 0, travel=data["travel"] or 0,
                    remarks=data["remarks"],
                )
            except QuoteRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Uw offerte is verstuurd."))
                return redirect("certification:institution")
    return render(request, "certification/institution_quote.html", {
        "quote_request": quote_request, "summary": quote_request.summary, "form": form,
        "handbook": handbook_get(quote_request.summary["handbook"]),
    }, status=400 if form.is_bound and form.errors else 200)
