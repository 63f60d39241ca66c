"""Step 1: the organisation's scope and details."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from psoportal.assessments import overview
from psoportal.assessments.forms import EntityForm, OrganisationDetailsForm
from psoportal.assessments.selectors import rekentool_evaluate
from psoportal.assessments.views.common import steps_before_rekentool, steps_context
from psoportal.organisations.access import (
    BUYING_ROLES,
    get_organisation_for_user,
    organisations_for_user,
)
from psoportal.organisations.services import (
    ScopeFrozen,
    entity_add,
    entity_remove,
    organisation_details_update,
)


def _step_url(step: str, rekentool) -> str:
    urls = {
        overview.STEP_2: ("mijnpso:rekentools", rekentool.organisation_id),
        overview.STEP_3A: ("mijnpso:data", rekentool.pk),
        overview.STEP_3C: ("mijnpso:target_group", rekentool.pk),
        overview.STEP_4: ("mijnpso:result", rekentool.pk),
        overview.STEP_5: ("mijnpso:qualitative", rekentool.pk),
    }
    name, pk = urls[step]
    return reverse(name, args=[pk])


def dashboard(request: HttpRequest) -> HttpResponse:
    """Mijn overzicht, where a user lands after logging in.

    A new organisation (the user's only one, without a rekentool) starts at step 1 instead:
    there is nothing to overview yet, and step 1 is where MijnPSO begins.
    """
    # Applications and their certificates by related name: certification sits above this app,
    # so its models are never imported here; the prefetch keeps the overview's query count fixed.
    organisations = list(organisations_for_user(request.user).prefetch_related(
        "applications", "applications__certificates"))
    overviews = overview.overviews_for(organisations)
    if len(overviews) == 1 and not overviews[0].lines:
        # An organisation that only buys (a municipality checking its suppliers) lands in its
        # buyer workspace, not in step 1 of a rekentool it has no use for. By related name
        # and URL name: the buyers app sits above this one and is never imported here.
        if hasattr(organisations[0], "buyer") and organisations[0].memberships.filter(
                user=request.user, role__in=BUYING_ROLES).exists():
            return redirect("buyers:home", organisations[0].pk)
        return redirect("mijnpso:organisation", organisations[0].pk)
    cards = [
        {
            "organisation": item.organisation,
            "lines": [
                {"line": line, "next_url": _step_url(line.next_action.step, line.rekentool)}
                for line in item.lines
            ],
        }
        for item in overviews
    ]
    return render(request, "assessments/dashboard.html", {"cards": cards})


def _rekentool_for_steps(request: HttpRequest, organisation):
    """The rekentool whose progress bar to show on step 1, when the user came from one."""
    raw = request.GET.get("rekentool") or request.POST.get("rekentool")
    if not raw or not raw.isdigit():
        return None
    return organisation.rekentools.filter(pk=int(raw)).first()


@require_http_methods(["GET", "POST"])
def organisation(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org, role = get_organisation_for_user(request.user, organisation_id)
    details_form = OrganisationDetailsForm(
        initial={
            "sector": org.sector, "website": org.website, "street": org.street,
            "postcode": org.postcode, "city": org.city, "fulltime_hours": org.fulltime_hours,
        }
    )
    entity_form = EntityForm()
    if request.method == "POST":
        if request.POST.get("action") == "entity":
            entity_form = EntityForm(request.POST)
            if entity_form.is_valid():
                try:
                    entity_add(organisation=org, user=request.user, **entity_form.cleaned_data)
                except ValidationError as exc:
                    for message in exc.message_dict.get("kvk", []):
                        entity_form.add_error("kvk", message)
                except ScopeFrozen as exc:
                    entity_form.add_error(None, str(exc))
                else:
                    messages.success(request, _("De onderliggende entiteit is toegevoegd."))
                    return redirect(request.get_full_path())
        else:
            details_form = OrganisationDetailsForm(request.POST)
            if details_form.is_valid():
                organisation_details_update(
                    organisation=org, user=request.user, **details_form.cleaned_data
                )
                messages.success(request, _("De organisatiegegevens zijn opgeslagen."))
                return redirect(request.get_full_path())
    rekentool = _rekentool_for_steps(request, org)
    steps = (
        steps_context(rekentool_evaluate(rekentool, stale_ok=True), 1)
        if rekentool
        else steps_before_rekentool(org.pk, 1, has_rekentools=org.rekentools.exists())
    )
    return render(
        request,
        "assessments/organisation.html",
        {
            "organisation": org,
            "role": role,
            "entities": org.entities.all(),
            "details_form": details_form,
            "entity_form": entity_form,
            "rekentool": rekentool,
            "steps": steps,
        },
    )


@require_http_methods(["GET", "POST"])
def entity_delete(request: HttpRequest, organisation_id: int, entity_id: int) -> HttpResponse:
    """GET asks "Weet u zeker…" (works without JavaScript); POST removes the entity."""
    org, _role = get_organisation_for_user(request.user, organisation_id)
    entity = org.entities.filter(pk=entity_id).first()
    if entity is None:
        raise Http404("entity")
    if org.scope_frozen_at is not None:
        # Nothing to confirm: the scope is part of an application in procedure.
        messages.error(request, str(ScopeFrozen()))
        return redirect("mijnpso:organisation", org.pk)
    if request.method == "GET":
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("mijnpso:organisation", args=[org.pk])
        return render(request, "assessments/entity_delete.html",
                      {"organisation": org, "entity": entity, "next": target})
    try:
        entity_remove(entity=entity, user=request.user)
    except ScopeFrozen as exc:  # a submission landed after the check above
        messages.error(request, str(exc))
        return redirect("mijnpso:organisation", org.pk)
    messages.success(request, _("De onderliggende entiteit is verwijderd."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("mijnpso:organisation", org.pk)
    return redirect(target)
