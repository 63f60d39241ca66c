"""Step 6 for the applicant: quotes, the preconditions and the submission."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from psoportal.assessments.access import get_rekentool_for_user
from psoportal.assessments.selectors import rekentool_evaluate
from psoportal.assessments.views.common import steps_context
from psoportal.certification.access import get_quote_for_user
from psoportal.certification.agreement import CURRENT_VERSION, agreement_for
from psoportal.certification.forms import QuoteRequestForm, SubmitForm
from psoportal.certification.models import Quote
from psoportal.certification.quotes import (
    QuoteRefused,
    quote_accept,
    quote_request_create,
)
from psoportal.certification.services import (
    AGREEMENT_VERSION,
    Missing,
    PreconditionsNotMet,
    application_preconditions,
    application_submit,
)
from psoportal.certification.uploads import pdf_response


def _missing_links(missing: list[Missing], rekentool) -> list[dict]:
    """Each precondition with the page that puts it right: its own link, else its step's."""
    steps = {
        1: reverse("mijnpso:organisation", args=[rekentool.organisation_id])
        + f"?rekentool={rekentool.pk}",
        2: reverse("mijnpso:rekentools", args=[rekentool.organisation_id]),
        3: reverse("mijnpso:data", args=[rekentool.pk]),
        4: reverse("mijnpso:result", args=[rekentool.pk]),
        5: reverse("mijnpso:qualitative", args=[rekentool.pk]),
        6: "#quotes-title",
    }
    return [{"text": item.text, "url": item.url or steps.get(item.step, "")}
            for item in missing]


def _step6_page(request, rekentool, *, quote_form=None, submit_form=None, status=200):
    today = timezone.localdate()
    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
    requests = list(
        rekentool.quote_requests.select_related("institution", "quote").order_by("requested_at")
    )
    return render(
        request,
        "certification/step6.html",
        {
            "rekentool": rekentool,
            "organisation": rekentool.organisation,
            "evaluation": evaluation,
            "steps": steps_context(evaluation, 6),
            "quote_requests": requests,
            "quote_form": quote_form or QuoteRequestForm(),
            "submit_form": submit_form
            or SubmitForm(initial={"submission_key": secrets.token_hex(16)}),
            "missing": _missing_links(application_preconditions(rekentool, on=today), rekentool),
            "applications": rekentool.applications.order_by("-submitted_at"),
            "agreement_version": AGREEMENT_VERSION,
        },
        status=status,
    )


@require_GET
def step6(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    return _step6_page(request, get_rekentool_for_user(request.user, rekentool_id))


@require_POST
def quotes_request(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    form = QuoteRequestForm(request.POST)
    if form.is_valid():
        try:
            made = quote_request_create(
                rekentool=rekentool,
                user=request.user,
                institutions=list(form.cleaned_data["institutions"]),
            )
        except QuoteRefused as exc:
            form.add_error("institutions", str(exc))
        else:
            messages.success(
                request,
                _("De offerteaanvragen zijn verstuurd.")
                if made
                else _("Deze instellingen hadden uw aanvraag al."),
            )
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
        messages.success(
            request,
            _("De offerte van %(name)s is geaccepteerd; de andere offertes zijn vervallen.")
            % {"name": quote.request.institution.name},
        )
    return redirect("certification:step6", rekentool.pk)


@require_http_methods(["POST"])
def submit(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            application = application_submit(
                rekentool=rekentool,
                user=request.user,
                submission_key=form.cleaned_data["submission_key"],
                authorised=form.cleaned_data["authorised"],
                agreement_accepted=form.cleaned_data["agreement_accepted"],
                turnover=form.cleaned_data["turnover"],
            )
        except PreconditionsNotMet as exc:
            for missing in exc.missing:
                form.add_error(None, missing.text)
        else:
            messages.success(request, _("Uw definitieve aanvraag is ingediend."))
            return redirect("certification:application", application.pk)
    return _step6_page(request, rekentool, submit_form=form, status=400)


@require_GET
def quote_pdf(request: HttpRequest, quote_id: int) -> HttpResponse:
    """The PDF an institution attached to its quote, for the parties of that quote only."""
    quote = get_quote_for_user(request.user, quote_id)
    return pdf_response(quote.pdf, quote.pdf_filename)


@login_not_required
@require_GET
def agreement(request: HttpRequest, version: str = CURRENT_VERSION) -> HttpResponse:
    """The agreement text of a version with today's fee table; public, so anyone can read what
    they would sign before registering."""
    found = agreement_for(version, timezone.localdate())
    if found is None:
        raise Http404("agreement")
    return render(request, "certification/agreement.html", {
        "agreement": found, "english": (get_language() or "nl").startswith("en"),
    })
