"""The certifying institution's workspace: quote requests and its applications."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from psoportal.certification.access import (
    get_quote_request_for_institution_user,
)
from psoportal.certification.audits import overdue_audits_for_institution_user
from psoportal.certification.forms import QuoteForm
from psoportal.certification.models import Application, QuoteRequest
from psoportal.certification.quotes import (
    QuoteRefused,
    quote_answer,
)
from psoportal.methodology.handbook import handbook_get


@require_GET
def institution_workspace(request: HttpRequest) -> HttpResponse:
    """Quote requests and applications of the institutions the user works for."""
    if not request.user.institution_memberships.exists():
        raise Http404("institution")
    requests = (
        QuoteRequest.objects.filter(institution__memberships__user=request.user)
        .select_related("institution", "organisation")
        .order_by("state", "-requested_at")
    )
    applications = (
        Application.objects.filter(
            accepted_quote__request__institution__memberships__user=request.user
        )
        .select_related("organisation")
        .order_by("-submitted_at")
    )
    return render(
        request,
        "certification/institution.html",
        {
            "quote_requests": requests,
            "applications": applications,
            "overdue_audits": overdue_audits_for_institution_user(
                request.user, timezone.localdate()),
        },
    )


@require_http_methods(["GET", "POST"])
def institution_quote(request: HttpRequest, request_id: int) -> HttpResponse:
    quote_request = get_quote_request_for_institution_user(request.user, request_id)
    form = QuoteForm()
    if request.method == "POST":
        form = QuoteForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                quote_answer(
                    request=quote_request,
                    user=request.user,
                    man_days=data["man_days"],
                    day_rate=data["day_rate"],
                    valid_until=data["valid_until"],
                    registration_fee=data["registration_fee"] or 0,
                    licence_fee=data["licence_fee"] or 0,
                    travel=data["travel"] or 0,
                    remarks=data["remarks"],
                    pdf=data.get("pdf") or None,
                )
            except QuoteRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Uw offerte is verstuurd."))
                return redirect("certification:institution")
    return render(
        request,
        "certification/institution_quote.html",
        {
            "quote_request": quote_request,
            "summary": quote_request.summary,
            "form": form,
            "handbook": handbook_get(quote_request.summary["handbook"]),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
