"""Access to invoices: the organisation's members and PSO-Nederland's staff; everyone else,
including a certifying institution, gets 404."""

from __future__ import annotations

from django.http import Http404

from psoportal.accounts.models import User
from psoportal.billing.models import Invoice


def get_invoice_for_user(user: User, invoice_id: int) -> Invoice:
    if not user.is_authenticated:
        raise Http404("invoice")
    invoices = Invoice.objects.select_related("organisation", "credits")
    if not user.is_staff:
        invoices = invoices.filter(organisation__memberships__user=user)
    found = invoices.filter(pk=invoice_id).distinct().first()
    if found is None:
        raise Http404("invoice")
    return found


def require_staff(user: User) -> None:
    """PSO-Nederland's billing pages: staff only, 404 for anyone else (no hint they exist)."""
    if not (user.is_authenticated and user.is_staff):
        raise Http404("billing")
