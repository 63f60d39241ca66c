"""Reads of billing: the applicant's invoices and PSO-Nederland's overview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from psoportal.billing.models import DiscountUse, Invoice
from psoportal.certification.models import Application
from psoportal.certification.transitions import FINAL_STATES

# The overview lists this many per section; the exports hold every invoice.
OVERVIEW_LIMIT = 200


def invoices_of(organisation_ids: list[int]) -> QuerySet[Invoice]:
    return (Invoice.objects.filter(organisation_id__in=organisation_ids)
            .select_related("credits").order_by("-invoice_date", "-number"))


def applications_open_for_discount(organisation_ids: list[int]) -> QuerySet[Application]:
    """Applications that may still take a discount code: running, no first-year invoice yet,
    no code used."""
    used = DiscountUse.objects.values("application_id")
    invoiced = Invoice.objects.filter(kind=Invoice.Kind.FIRST_YEAR).values("application_id")
    return (Application.objects.filter(organisation_id__in=organisation_ids)
            .exclude(state__in=FINAL_STATES).exclude(pk__in=used).exclude(pk__in=invoiced)
            .order_by("submitted_at"))


def _payable() -> Q:
    return Q(status=Invoice.Status.OPEN, total__gt=0)


def open_invoices(today: dt.date) -> QuerySet[Invoice]:
    return Invoice.objects.filter(_payable(), due_date__gte=today).order_by("due_date", "number")


def overdue_invoices(today: dt.date) -> QuerySet[Invoice]:
    return Invoice.objects.filter(_payable(), due_date__lt=today).order_by("due_date", "number")


def credited_invoices() -> QuerySet[Invoice]:
    return (Invoice.objects.filter(Q(status=Invoice.Status.CREDITED)
                                   | Q(kind=Invoice.Kind.CREDIT_NOTE))
            .select_related("credits").order_by("-invoice_date", "-number"))


@dataclass(frozen=True)
class Month:
    month: dt.date
    count: int
    total: object


def paid_per_month() -> list[Month]:
    rows = (Invoice.objects.filter(status=Invoice.Status.PAID)
            .annotate(month=TruncMonth("paid_on")).values("month")
            .annotate(count=Count("id"), total=Sum("total")).order_by("-month"))
    return [Month(row["month"], row["count"], row["total"]) for row in rows]


def all_invoices() -> QuerySet[Invoice]:
    return Invoice.objects.select_related("credits").order_by("number")
