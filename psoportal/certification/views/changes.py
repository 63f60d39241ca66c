"""Changes after submission, the fee events they cost, and recertification (rule book §9).

The applicant passes a change on from a page of its own (it asks for a choice and a
confirmation of the cost); PSO-Nederland lists every fee event in its back office; the overview
starts a recertification from a certificate's application.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from psoportal.certification.access import get_application_for_user
from psoportal.certification.change_forms import CiChangeForm, NameChangeForm
from psoportal.certification.changes import (
    ChangeRefused,
    Kind,
    application_change_ci,
    application_change_name,
    change_refusal,
    ci_quotes,
    current_name,
)
from psoportal.certification.fees import fee_event_list, fee_lines, fee_table
from psoportal.certification.models import Application
from psoportal.certification.recertification import recertification_start
from psoportal.certification.transitions import Party, State

FEE_EVENTS_PER_PAGE = 50


def _applicant_application(request: HttpRequest, application_id: int) -> Application:
    """Only the applicant passes changes on and starts a recertification; the institution and
    PSO-Nederland get 404 here like any outsider."""
    application, party = get_application_for_user(request.user, application_id)
    if party != Party.APPLICANT:
        raise Http404("application")
    return application


def _change_form(application: Application, kind: str, data=None):
    amount = fee_table(application).events[kind].amount
    if kind == Kind.CHANGE_OF_CI:
        quotes = ci_quotes(application, on=timezone.localdate())
        return CiChangeForm(data, quotes=quotes, amount=amount)
    return NameChangeForm(data, amount=amount, ends_application=kind == Kind.FULL_NAME)


def _apply(application: Application, kind: str, form, user):
    if kind == Kind.CHANGE_OF_CI:
        return application_change_ci(application=application, quote=form.cleaned_data["quote"],
                                     actor=user)
    return application_change_name(application=application, kind=kind,
                                   new_name=form.cleaned_data["new_name"], actor=user)


@require_http_methods(["GET", "POST"])
def change(request: HttpRequest, application_id: int, kind: str) -> HttpResponse:
    application = _applicant_application(request, application_id)
    if kind not in Kind.values:
        raise Http404("change")
    refusal = change_refusal(application, kind, on=timezone.localdate())
    form = _change_form(application, kind, request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        field = "quote" if kind == Kind.CHANGE_OF_CI else "new_name"
        try:
            _apply(application, kind, form, request.user)
        except ChangeRefused as exc:
            form.add_error(field, str(exc))
        else:
            messages.success(request, _("De wijziging is vastgelegd."))
            return redirect("certification:application", application.pk)
    return render(request, "certification/change.html", {
        "application": application,
        "organisation": application.organisation,
        "kind": kind,
        "kind_label": Kind(kind).label,
        "amount": fee_table(application).events[kind].amount,
        "refusal": refusal,
        "form": form,
        "current_name": current_name(application),
    }, status=400 if request.method == "POST" else 200)


@require_GET
def fee_events(request: HttpRequest) -> HttpResponse:
    """PSO-Nederland's list of every fee event; anyone else gets 404."""
    if not request.user.is_staff:
        raise Http404("fee events")
    page = Paginator(fee_event_list(), FEE_EVENTS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "certification/fee_events.html", {
        "page": page,
        "lines": fee_lines(page.object_list),
        "page_parameter": "pagina",
        "page_numbers": page.paginator.get_elided_page_range(page.number),
    })


@require_POST
def recertify(request: HttpRequest, application_id: int) -> HttpResponse:
    """Start the next application from this one's frozen data (a new rekentool)."""
    application = _applicant_application(request, application_id)
    if application.state != State.AWARDED:
        messages.error(request, _("Hercertificering start vanuit een toegekende aanvraag."))
        return redirect("mijnpso:dashboard")
    rekentool, made = recertification_start(application=application, user=request.user)
    if made:
        messages.success(request, _("De rekentool „%(name)s” is gemaakt met de gegevens van uw "
                                    "vorige aanvraag. Kies het nieuwe peiljaar en werk de "
                                    "gegevens bij.") % {"name": rekentool.name})
    else:
        messages.info(request, _("U had de rekentool „%(name)s” al gemaakt.")
                      % {"name": rekentool.name})
    return redirect("mijnpso:rekentool", rekentool.pk)
