"""PSO-Nederland's workspace: the audit reports to decide on, the awards waiting for payment,
the certificates issued lately; and the award page of one application (issue 10 §6)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from psoportal.accounts.models import User
from psoportal.certification.access import get_application_for_user
from psoportal.certification.audited import (
    audited_level,
    audited_result,
    awardable_levels,
    pso30plus_possible,
)
from psoportal.certification.audits import overdue_audits
from psoportal.certification.award import AwardRefused, application_award
from psoportal.certification.certificates import certificate_dates
from psoportal.certification.forms import AwardForm, RejectForm
from psoportal.certification.models import Application, Audit, Certificate
from psoportal.certification.services import TransitionRefused, application_transition
from psoportal.certification.transitions import Party, State
from psoportal.core.templatetags.handbook import figures, label
from psoportal.methodology.handbook import handbook_get

# Certificates listed under "recently issued"; the register lists them all.
RECENT_CERTIFICATES = 20


def _staff_only(user: User) -> None:
    # PSO-Nederland's back office; to anyone else it does not exist (404, not 403).
    if not (user.is_authenticated and user.is_staff):
        raise Http404("pso-nederland")


def _level_label(version: str, code: str) -> str:
    try:
        return label(handbook_get(version).level(code))
    except KeyError:
        return _("Geen trede")


@require_GET
def pso_workspace(request: HttpRequest) -> HttpResponse:
    _staff_only(request.user)
    queue = (
        Application.objects.filter(state=State.REPORT_FILED)
        .select_related("organisation", "audit", "accepted_quote__request__institution")
        .order_by("audit__report_filed_at", "submitted_at", "id")
    )
    awaiting = (
        Application.objects.filter(state=State.AWAITING_PAYMENT)
        .select_related("organisation")
        .order_by("submitted_at", "id")
    )
    return render(request, "certification/pso_workspace.html", {
        "queue": queue,
        "awaiting": [
            {"application": application,
             "level": _level_label(application.handbook_version, application.awarded_level)}
            for application in awaiting
        ],
        "certificates": Certificate.objects.order_by("-issued_at", "-id")[:RECENT_CERTIFICATES],
        # Reports past their due date (rule book §9: within two weeks of the audit).
        "overdue_audits": overdue_audits(timezone.localdate()),
    })


def _application_for_award(user: User, application_id: int) -> Application:
    application, party = get_application_for_user(user, application_id)
    if party != Party.PSO_NEDERLAND:
        raise Http404("award")
    return application


def _award_facts(application: Application) -> dict:
    """What the decision rests on: the original and the audited level, the auditor's advice,
    PSO 30+ and the dates the certificate would get."""
    audit = Audit.objects.filter(application=application).first()
    result = audited_result(application)
    recommended = audit.recommended_level if audit else ""
    return {
        "audit": audit,
        "corrected": bool(audit and audit.audited_result),
        "original_level": _level_label(application.handbook_version,
                                       application.result.get("level") or ""),
        "audited_level": _level_label(application.handbook_version, audited_level(application)),
        "recommended_level": _level_label(application.handbook_version, recommended)
        if recommended else "",
        "pso30plus": result.get("pso30plus") or {},
        "dates": certificate_dates(application),
    }


def _award_form(application: Application, data=None) -> AwardForm:
    levels = awardable_levels(application)
    audit = Audit.objects.filter(application=application).first()
    codes = [level.code for level in levels]
    # The auditor's advice preselected when it is allowed, else the audited level.
    initial = audit.recommended_level if audit and audit.recommended_level in codes else (
        codes[-1] if codes else None)
    handbook = handbook_get(application.handbook_version)
    return AwardForm(
        data,
        levels=[(level.code, label(level)) for level in reversed(levels)],
        pso30plus_level=figures(handbook).pso30plus_level
        if pso30plus_possible(application) else None,
        initial={"level": initial},
    )


@require_http_methods(["GET", "POST"])
def award(request: HttpRequest, application_id: int) -> HttpResponse:
    """Award a level (and PSO 30+) or reject: the decision on an audited application."""
    application = _application_for_award(request.user, application_id)
    if application.state != State.REPORT_FILED:
        messages.info(request, _("Over deze aanvraag is al besloten: ze is nu %(state)s.")
                      % {"state": application.get_state_display()})
        return redirect("certification:application", application.pk)
    if request.POST.get("decision") == "reject":
        return _reject(request, application)
    form = _award_form(application, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            application_award(
                application=application, level=form.cleaned_data["level"],
                pso30plus=form.cleaned_data.get("pso30plus", False), user=request.user,
            )
        except AwardRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Toegekend. De aanvraag wacht nu op de betaling van de "
                                        "eerste jaarfactuur; daarna wordt het certificaat "
                                        "uitgegeven."))
            return redirect("certification:application", application.pk)
    return _award_page(request, application, form, RejectForm())


def _reject(request: HttpRequest, application: Application) -> HttpResponse:
    """Reject with a reason; a refused rejection comes back here with the reason kept."""
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            application_transition(application=application, name="reject", actor=request.user,
                                   party=Party.PSO_NEDERLAND, reason=form.cleaned_data["reason"])
        except TransitionRefused as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, _("De aanvraag is afgewezen."))
            return redirect("certification:application", application.pk)
    return _award_page(request, application, _award_form(application, None), form)


def _award_page(request, application, form, reject_form) -> HttpResponse:
    bound = [f for f in (form, reject_form) if f.is_bound and f.errors]
    return render(
        request,
        "certification/award.html",
        {"application": application, "organisation": application.organisation, "form": form,
         "reject_form": reject_form, **_award_facts(application)},
        status=400 if bound else 200,
    )
