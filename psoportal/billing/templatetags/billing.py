"""The organisation's invoices in Mijn overzicht, without assessments importing billing:

    {% load billing %}{% organisation_billing organisation as billing %}
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils import timezone

from psoportal.billing.models import Invoice
from psoportal.billing.selectors import applications_open_for_discount, organisation_invoices
from psoportal.certification.models import Application
from psoportal.organisations.models import Organisation

register = template.Library()


@dataclass(frozen=True)
class BillingCard:
    invoices: list[Invoice]
    overdue: frozenset[int]
    # Applications that can still take a discount code, with the form for it.
    for_discount: list[Application]


@register.simple_tag
def organisation_billing(organisation: Organisation) -> BillingCard:
    today = timezone.localdate()
    invoices = list(organisation_invoices(organisation))
    return BillingCard(
        invoices=invoices,
        overdue=frozenset(i.pk for i in invoices if i.is_overdue(today)),
        for_discount=list(applications_open_for_discount(organisation)),
    )
