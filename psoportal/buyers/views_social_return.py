"""Social return (issue 13 item 5): the buyer's own rule, and per contract (supplier) what the
certificate is worth under it, with its report as PDF and .csv. The buyer's policy, not a PSO
rule: every page says so."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from psoportal.buyers import social_return
from psoportal.buyers.access import get_buyer_for_user, get_supplier_for_user
from psoportal.buyers.forms_policy import SocialReturnPolicyForm, SocialReturnReportForm

REPORT_FORMATS = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


def _context(buyer, **extra) -> dict:
    return {"buyer": buyer, "organisation": buyer.organisation, "workspace_section": "policy",
            **extra}


@require_http_methods(["GET", "POST"])
def social_return_policy(request: HttpRequest, organisation_id: int) -> HttpResponse:
    buyer = get_buyer_for_user(request.user, organisation_id)
    levels = social_return.rule_levels()
    initial = {"percentage": buyer.social_return_percentage}
    for code, rule in social_return.buyer_rules(buyer).items():
        initial[f"mode_{code}"] = rule.mode
        initial[f"value_{code}"] = rule.value
    form = SocialReturnPolicyForm(request.POST or None, levels=levels, initial=initial)
    if request.method == "POST" and form.is_valid():
        social_return.social_return_policy_save(
            buyer=buyer, percentage=form.cleaned_data["percentage"], rules=form.rules(),
            by=request.user)
        messages.success(request, _("Uw social-returnregel is opgeslagen."))
        return redirect("buyers:social_return_policy", buyer.organisation_id)
    return render(request, "buyers/social_return_policy.html", _context(buyer, form=form),
                  status=400 if form.errors else 200)


@require_GET
def social_return_contract(request: HttpRequest, organisation_id: int,
                           supplier_id: int) -> HttpResponse:
    """The calculator for one contract on a chosen day (default today)."""
    supplier = get_supplier_for_user(request.user, organisation_id, supplier_id)
    form = SocialReturnReportForm(request.GET or None)
    calculation = None
    if not form.is_bound or form.is_valid():
        calculation = social_return.social_return_calculation(supplier, on=form.day())
    return render(request, "buyers/social_return.html", _context(
        supplier.buyer, supplier=supplier, form=form, calculation=calculation,
        kind=form.report_kind()), status=400 if form.errors else 200)


@require_GET
def social_return_report(request: HttpRequest, organisation_id: int, supplier_id: int,
                         fmt: str) -> HttpResponse:
    supplier = get_supplier_for_user(request.user, organisation_id, supplier_id)
    if fmt not in REPORT_FORMATS:
        raise Http404("format")
    form = SocialReturnReportForm(request.GET)
    if not form.is_valid():
        # The calculator says what to correct.
        return redirect(reverse("buyers:social_return", args=[organisation_id, supplier.pk])
                        + "?" + request.GET.urlencode())
    calculation = social_return.social_return_calculation(supplier, on=form.day())
    kind = form.report_kind()
    if fmt == "pdf":
        body: bytes | str = social_return.report_pdf(calculation, kind=kind)
    else:
        body = social_return.report_csv(calculation, kind=kind)
    response = HttpResponse(body, content_type=REPORT_FORMATS[fmt])
    # A server-made name: nothing a user typed ends up in the header.
    response["Content-Disposition"] = (
        f'attachment; filename="social-return-{supplier.kvk}-{calculation.on:%Y-%m-%d}.{fmt}"')
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
