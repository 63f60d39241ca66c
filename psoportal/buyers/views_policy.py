"""The buyer's procurement policy: categories by Niveau, supplier assessments and the compliance
overview (issue 13 item 4). Thin: access helper → form → service → redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from psoportal.buyers import assessments
from psoportal.buyers.access import (
    get_assessment_for_user,
    get_buyer_for_user,
    get_category_for_user,
)
from psoportal.buyers.forms_policy import AssessmentForm, AssessmentIntervalForm, CategoryForm
from psoportal.buyers.periodic import buyer_assessment_interval_set, next_automatic_assessment
from psoportal.buyers.policy import (
    CategoryNameTaken,
    categories_by_niveau,
    category_create,
    category_delete,
    category_update,
    compliance_overview,
)

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The compliance chart's geometry (SVG user units).
CHART_LABEL_WIDTH = 220
CHART_BAR_WIDTH = 300
CHART_ROW_HEIGHT = 28


def _context(buyer, **extra) -> dict:
    return {"buyer": buyer, "organisation": buyer.organisation, "workspace_section": "policy",
            **extra}


def _name_taken(form: CategoryForm) -> None:
    form.add_error("name", _("Er is al een inkoopcategorie met deze naam. Kies een andere "
                             "naam."))


@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The policy page: categories grouped by Niveau; its form adds a category."""
    buyer = get_buyer_for_user(request.user, organisation_id)
    form = CategoryForm(request.POST or None, buyer=buyer)
    if request.method == "POST" and form.is_valid():
        try:
            category = category_create(buyer=buyer, name=form.cleaned_data["name"],
                                       niveau=form.cleaned_data["niveau"], by=request.user)
        except CategoryNameTaken:
            _name_taken(form)
        else:
            messages.success(request, _("Inkoopcategorie “%(name)s” toegevoegd.")
                             % {"name": category.name})
            return redirect("buyers:policy", buyer.organisation_id)
    return render(request, "buyers/policy.html", _context(
        buyer, groups=categories_by_niveau(buyer), form=form,
        latest=buyer.assessments.first()), status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, organisation_id: int, category_id: int) -> HttpResponse:
    category = get_category_for_user(request.user, organisation_id, category_id)
    buyer = category.buyer
    form = CategoryForm(request.POST or None, buyer=buyer, category=category,
                        initial={"name": category.name, "niveau": category.niveau})
    if request.method == "POST" and form.is_valid():
        try:
            category_update(category=category, name=form.cleaned_data["name"],
                            niveau=form.cleaned_data["niveau"], by=request.user)
        except CategoryNameTaken:
            _name_taken(form)
        else:
            messages.success(request, _("Inkoopcategorie “%(name)s” opgeslagen.")
                             % {"name": category.name})
            return redirect("buyers:policy", buyer.organisation_id)
    return render(request, "buyers/policy_category_edit.html", _context(
        buyer, category=category, form=form), status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def category_remove(request: HttpRequest, organisation_id: int,
                    category_id: int) -> HttpResponse:
    """Confirm, then delete: its suppliers stay in the portfolio without a category."""
    category = get_category_for_user(request.user, organisation_id, category_id)
    buyer = category.buyer
    if request.method == "POST":
        name = category.name
        count = category_delete(category=category, by=request.user)
        messages.success(request, ngettext(
            "Inkoopcategorie “%(name)s” verwijderd. %(count)s leverancier heeft nu geen "
            "inkoopcategorie.",
            "Inkoopcategorie “%(name)s” verwijderd. %(count)s leveranciers hebben nu geen "
            "inkoopcategorie.", count) % {"name": name, "count": count}
            if count else _("Inkoopcategorie “%(name)s” verwijderd.") % {"name": name})
        return redirect("buyers:policy", buyer.organisation_id)
    return render(request, "buyers/policy_category_delete.html", _context(
        buyer, category=category, supplier_count=category.suppliers.count()))


@require_GET
def compliance(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Live from today's register: per Niveau and category, how many suppliers comply."""
    buyer = get_buyer_for_user(request.user, organisation_id)
    today = timezone.localdate()
    groups = compliance_overview(buyer, on=today)
    return render(request, "buyers/policy_compliance.html", _context(
        buyer, groups=groups, today=today, chart=_chart(groups)))


def _chart(groups) -> dict:
    """A horizontal bar per category with suppliers: its share of compliant suppliers."""
    bars = []
    for group in groups:
        for row in group.categories:
            if not row.suppliers:
                continue
            y = len(bars) * CHART_ROW_HEIGHT
            percent = int(row.percent or 0)
            bars.append({
                "name": row.name, "niveau": row.niveau, "percent": percent,
                "y": y, "bar_y": y + 6, "text_y": y + 19,
                "width": CHART_BAR_WIDTH * percent // 100,
                "text_x": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 8,
                "css": "bar-breach" if row.breach else "bar-ok",
            })
    return {"bars": bars, "label_width": CHART_LABEL_WIDTH, "bar_width": CHART_BAR_WIDTH,
            "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 60,
            "height": max(1, len(bars)) * CHART_ROW_HEIGHT, "bar_height": 16}


@require_http_methods(["GET", "POST"])
def assessment_list(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The buyer's assessments; its form records a new one ("Beoordeling vastleggen")."""
    buyer = get_buyer_for_user(request.user, organisation_id)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = assessments.assessment_create(
            buyer=buyer, on=form.cleaned_data["assessed_on"], note=form.cleaned_data["note"],
            by=request.user)
        messages.success(request, _("De beoordeling van %(date)s is vastgelegd.")
                         % {"date": f"{assessment.assessed_on:%d-%m-%Y}"})
        return redirect("buyers:assessment", buyer.organisation_id, assessment.pk)
    rows = (buyer.assessments.select_related("created_by")
            .annotate(supplier_count=Count("rows"),
                      compliant_count=Count("rows", filter=Q(rows__compliant=True))))
    return render(request, "buyers/assessment_list.html", _context(
        buyer, assessments=rows, form=form, supplier_count=buyer.suppliers.count(),
        interval_form=AssessmentIntervalForm(initial={
            "assessment_months": buyer.assessment_months}),
        next_automatic=next_automatic_assessment(buyer, timezone.localdate())),
        status=400 if form.errors else 200)


@require_POST
def assessment_interval(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """How often the scheduler records an assessment (buyers/periodic.py)."""
    buyer = get_buyer_for_user(request.user, organisation_id)
    form = AssessmentIntervalForm(request.POST)
    if form.is_valid():
        buyer_assessment_interval_set(buyer=buyer, by=request.user,
                                      months=form.cleaned_data["assessment_months"])
        messages.success(request, _("De planning van de beoordelingen is opgeslagen."))
    else:
        messages.error(request, _("Kies hoe vaak een beoordeling wordt vastgelegd."))
    return redirect("buyers:assessments", buyer.organisation_id)


@require_GET
def assessment_detail(request: HttpRequest, organisation_id: int,
                      assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, organisation_id, assessment_id)
    rows = assessments.shown_rows(assessment)
    previous = assessments.previous_assessment(assessment)
    return render(request, "buyers/assessment_detail.html", _context(
        assessment.buyer, assessment=assessment, rows=rows,
        summary=assessments.summary(rows), previous=previous,
        changes=assessments.changes_since(assessment, previous) if previous else None))


@require_GET
def assessment_export(request: HttpRequest, organisation_id: int, assessment_id: int,
                      fmt: str) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, organisation_id, assessment_id)
    if fmt not in EXPORT_FORMATS:
        raise Http404("format")
    body = (assessments.export_csv(assessment) if fmt == "csv"
            else assessments.export_xlsx(assessment))
    response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt])
    # A server-made name: nothing a user typed ends up in the header.
    response["Content-Disposition"] = (
        f'attachment; filename="leveranciersbeoordeling-{assessment.assessed_on:%Y-%m-%d}.{fmt}"')
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
