"""PSO-Nederland's payment pages: the review screen with the statement upload, a payment by
hand, assigning an unmatched payment. Staff only; everyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from psoportal.billing.access import require_staff
from psoportal.billing.bank_import import StatementRefused, read_upload
from psoportal.billing.forms_payments import (
    PaymentAssignForm,
    PaymentRegisterForm,
    StatementUploadForm,
)
from psoportal.billing.models import Payment
from psoportal.billing.payments import (
    PaymentAssignRefused,
    payment_assign,
    payment_register,
    review_lists,
    statement_import,
)


def _review(request: HttpRequest, *, upload: StatementUploadForm | None = None,
            status: int = 200) -> HttpResponse:
    return render(request, "billing/payments.html", {
        **review_lists(),
        "upload": upload or StatementUploadForm(),
        "assign": PaymentAssignForm(),
    }, status=status)


@require_http_methods(["GET", "POST"])
def payments_review(request: HttpRequest) -> HttpResponse:
    """GET: the review screen. POST: import a bank statement (all or nothing)."""
    require_staff(request.user)
    if request.method == "GET":
        return _review(request)
    form = StatementUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _review(request, upload=form, status=400)
    upload = form.cleaned_data["statement"]
    try:
        result = statement_import(data=read_upload(upload), file_name=upload.name,
                                  actor=request.user)
    except StatementRefused as exc:
        form.add_error("statement", _("Niets ingelezen: %(reason)s") % {"reason": exc})
        return _review(request, upload=form, status=400)
    batch = result.batch
    messages.success(request, _(
        "%(file)s is ingelezen: %(matched)s gekoppeld, %(partial)s deels betaald, "
        "%(overpaid)s te veel betaald, %(unmatched)s niet gekoppeld, %(duplicates)s al eerder "
        "ingelezen.") % {"file": batch.file_name, "matched": batch.matched,
                         "partial": batch.partial, "overpaid": batch.overpaid,
                         "unmatched": batch.unmatched, "duplicates": batch.duplicates})
    return redirect("billing:payments")


def _status_message(payment: Payment) -> str:
    return _("Betaling van factuur %(number)s geregistreerd: %(status)s.") % {
        "number": payment.invoice.number, "status": payment.get_status_display()}


@require_http_methods(["GET", "POST"])
def payment_register_view(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    form = PaymentRegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = payment_register(invoice=data["invoice"], amount=data["amount"],
                                       on=data["booked_on"], reference=data["reference"],
                                       actor=request.user)
        except PaymentAssignRefused as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _status_message(payment))
            return redirect("billing:payments")
    return render(request, "billing/payment_register.html", {"form": form},
                  status=400 if form.errors else 200)


@require_POST
def payment_assign_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    require_staff(request.user)
    payment = get_object_or_404(Payment, pk=payment_id)
    form = PaymentAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["invoice"]))
        return redirect("billing:payments")
    try:
        payment = payment_assign(payment=payment, invoice=form.cleaned_data["invoice"],
                                 actor=request.user)
    except PaymentAssignRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _status_message(payment))
    return redirect("billing:payments")
