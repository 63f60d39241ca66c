"""The organisation's invoices in Mijn overzicht, without assessments importing billing:

    {% load billing %}{% organisation_billing organisation as billing %}

Mijn overzicht lists every organisation of the user; the first call loads the invoices of all
of them (from the page's `cards`) in two queries and keeps them on the request, so the page
takes the same number of queries for 2 or 40 organisations.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django import template
from django.utils import timezone

from psoportal.billing.models import Invoice
from psoportal.billing.selectors import applications_open_for_discount, invoices_of
from psoportal.certification.models import Application
from psoportal.organisations.models import Organisation

register = template.Library()


@dataclass
class BillingCard:
    invoices: list[Invoice] = field(default_factory=list)
    overdue: set[int] = field(default_factory=set)
    # Applications that can still take a discount code.
    for_discount: list[Application] = field(default_factory=list)


def _load(organisation_ids: list[int]) -> dict[int, BillingCard]:
    today = timezone.localdate()
    cards: dict[int, BillingCard] = defaultdict(BillingCard)
    for invoice in invoices_of(organisation_ids):
        card = cards[invoice.organisation_id]
        card.invoices.append(invoice)
        if invoice.is_overdue(today):
            card.overdue.add(invoice.pk)
    for application in applications_open_for_discount(organisation_ids):
        cards[application.organisation_id].for_discount.append(application)
    return cards


@register.simple_tag(takes_context=True)
def organisation_billing(context, organisation: Organisation) -> BillingCard:
    request = context.get("request")
    cards = getattr(request, "_billing_cards", None)
    if cards is None or organisation.pk not in cards.setdefault("ids", set()):
        # The page's cards are dicts with their organisation (assessments' dashboard view).
        ids = [card["organisation"].pk for card in context.get("cards") or []
               if isinstance(card, dict) and "organisation" in card]
        ids = ids if organisation.pk in ids else [organisation.pk]
        cards = {"ids": set(ids), "cards": _load(ids)}
        if request is not None:
            request._billing_cards = cards
    return cards["cards"].get(organisation.pk) or BillingCard()
