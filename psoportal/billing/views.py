"""Billing pages: the invoice PDF for the organisation's members and staff, PSO-Nederland's
billing overview with its exports, discount code management, and the applicant's code."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from psoportal.billing import selectors
from psoportal.billing.access import get_invoice_for_user, require_staff
from psoportal.billing.exports import export_csv, export_xlsx
from psoportal.billing.forms import DiscountCodeForm, RedeemForm
from psoportal.billing.models import DiscountCode
from psoportal.billing.pdf import invoice_filename, invoice_pdf
from psoportal.billing.services import (
    DiscountRefused,
    discount_code_create,
    discount_code_deactivate,
    discount_redeem,
)
from psoportal.certification.access import get_application_for_user
from psoportal.certification.transitions import Party

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def invoice_download(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = get_invoice_for_user(request.user, invoice_id)
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice_filename(invoice)}"'
    return response


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    today = timezone.localdate()
    limit = selectors.OVERVIEW_LIMIT
    return render(request, "billing/overview.html", {
        "open": selectors.open_invoices(today)[:limit],
        "overdue": selectors.overdue_invoices(today)[:limit],
        "credited": selectors.credited_invoices()[:limit],
        "months": selectors.paid_per_month(),
        "limit": limit,
        "today": today,
    })


def _download(content, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    require_staff(request.user)
    name = f"facturen-{timezone.localdate():%Y-%m-%d}.{fmt}"
    invoices = selectors.all_invoices().iterator()
    if fmt == "xlsx":
        return _download(export_xlsx(invoices), name, XLSX)
    if fmt == "csv":
        return _download(export_csv(invoices), name, "text/csv; charset=utf-8")
    raise Http404("format")


@require_http_methods(["GET", "POST"])
def discount_codes(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    form = DiscountCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = discount_code_create(**form.cleaned_data, user=request.user)
        messages.success(request, _("Kortingscode %(code)s is aangemaakt.") % {"code": code.code})
        return redirect("billing:discount_codes")
    return render(request, "billing/discount_codes.html", {
        "form": form,
        "codes": DiscountCode.objects.all(),
    }, status=400 if form.errors else 200)


@require_POST
def discount_deactivate(request: HttpRequest, code_id: int) -> HttpResponse:
    require_staff(request.user)
    code = get_object_or_404(DiscountCode, pk=code_id)
    discount_code_deactivate(code=code, user=request.user)
    messages.success(request, _("Kortingscode %(code)s is gedeactiveerd.") % {"code": code.code})
    return redirect("billing:discount_codes")


@require_POST
def discount_redeem_view(request: HttpRequest, application_id: int) -> HttpResponse:
    """The applicant enters a code for its next first-year invoice (from Mijn overzicht)."""
    application, party = get_application_for_user(request.user, application_id)
    if party != Party.APPLICANT:
        raise Http404("application")
    form = RedeemForm(request.POST)
    if form.is_valid():
        try:
            discount_redeem(application=application, code=form.cleaned_data["code"],
                            user=request.user, on=timezone.localdate())
        except DiscountRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("De kortingscode komt op de factuur van het eerste "
                                        "jaar."))
    else:
        messages.error(request, _("Vul een kortingscode in."))
    return redirect("mijnpso:dashboard")
