"""Step 2: the organisation's rekentools (scenarios): create, copy, delete, compare."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from psoportal.assessments.access import get_rekentool_for_user
from psoportal.assessments.forms import CompareForm, RekentoolCreateForm, RekentoolNameForm
from psoportal.assessments.selectors import (
    compare_rows,
    rekentool_evaluate,
    rekentool_list,
    rekentool_list_with_results,
)
from psoportal.assessments.services import rekentool_copy, rekentool_create, rekentool_delete
from psoportal.assessments.views.common import refuse_when_frozen, steps_before_rekentool
from psoportal.methodology.handbook import handbook_for
from psoportal.organisations.access import get_organisation_for_user


@require_http_methods(["GET", "POST"])
def rekentools(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org, _role = get_organisation_for_user(request.user, organisation_id)
    today = timezone.localdate()
    form = RekentoolCreateForm(
        initial={"peiljaar_month": 1, "peiljaar_year": today.year - 1}
    )
    if request.method == "POST":
        form = RekentoolCreateForm(request.POST)
        if form.is_valid():
            rekentool = rekentool_create(
                organisation=org,
                user=request.user,
                name=form.cleaned_data["name"],
                peiljaar_start=form.peiljaar_start(),
            )
            messages.success(request, _("De rekentool is aangemaakt."))
            return redirect("mijnpso:data", rekentool.pk)
    # Stored scores only: the list never runs the engine (one rekentool can take seconds).
    items = rekentool_list_with_results(org, on=today)
    return render(
        request,
        "assessments/rekentools.html",
        {
            "organisation": org,
            "items": items,
            "form": form,
            "handbook": handbook_for(today),
            "steps": steps_before_rekentool(org.pk, 2, has_rekentools=bool(items)),
        },
    )


@require_http_methods(["GET", "POST"])
def rekentool_copy_view(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    form = RekentoolNameForm(initial={"name": _("Kopie van %(name)s") % {"name": rekentool.name}})
    if request.method == "POST":
        form = RekentoolNameForm(request.POST)
        if form.is_valid():
            copy = rekentool_copy(
                rekentool=rekentool, user=request.user, name=form.cleaned_data["name"]
            )
            messages.success(request, _("De rekentool is gekopieerd."))
            return redirect("mijnpso:data", copy.pk)
    return render(request, "assessments/rekentool_copy.html", {"rekentool": rekentool,
                                                                "form": form})


@require_http_methods(["GET", "POST"])
@refuse_when_frozen("mijnpso:rekentool", also_get=True)
def rekentool_delete_view(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    if request.method == "POST":
        organisation_id = rekentool.organisation_id
        rekentool_delete(rekentool=rekentool, user=request.user)
        messages.success(request, _("De rekentool is verwijderd."))
        return redirect("mijnpso:rekentools", organisation_id)
    return render(request, "assessments/rekentool_delete.html", {"rekentool": rekentool})


@require_GET
def rekentool_compare(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Pick two rekentools (GET) and show them side by side with the difference B − A.

    Without parameters the form comes with the first two rekentools chosen; an id of another
    organisation's rekentool is a 404, as everywhere else.
    """
    org, _role = get_organisation_for_user(request.user, organisation_id)
    tools = rekentool_list(org)
    for key in ("a", "b"):
        raw = request.GET.get(key, "")
        if raw.isdigit() and not tools.filter(pk=int(raw)).exists():
            raise Http404("rekentool")
    rows = None
    if "a" in request.GET or "b" in request.GET:
        form = CompareForm(request.GET, rekentools=tools)
        if form.is_valid():
            rows = compare_rows(
                rekentool_evaluate(form.cleaned_data["a"]),
                rekentool_evaluate(form.cleaned_data["b"]),
            )
    else:
        first_two = list(tools.values_list("pk", flat=True)[:2])
        form = CompareForm(
            rekentools=tools,
            initial={"a": first_two[0] if first_two else None,
                     "b": first_two[-1] if first_two else None},
        )
    return render(
        request,
        "assessments/compare.html",
        {"organisation": org, "form": form, "comparison": rows,
         "enough": tools.count() > 1},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
def rekentool_start(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    """Open a rekentool at the first step that still needs work."""
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
    for number, target in ((3, "mijnpso:data"), (5, "mijnpso:qualitative")):
        if evaluation.steps[number].state != "complete":
            return redirect(target, rekentool.pk)
    return redirect("mijnpso:result", rekentool.pk)

