"""Writes of the buyer workspace that every part shares: turning the workspace on."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from psoportal.accounts.models import User
from psoportal.buyers.models import Buyer, PurchasingCategory
from psoportal.buyers.policy_defaults import default_categories
from psoportal.core.audit import audit_record
from psoportal.organisations.models import Organisation


def buyer_activate(*, organisation: Organisation, by: User) -> Buyer:
    """Turn the organisation's buyer workspace on, with the procurement policy of the
    handreiking (seed 004) to start from, in the language of whoever turns it on. Twice (a
    double click, two colleagues) gives the one workspace."""
    existing = Buyer.objects.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    english = getattr(by, "language", "nl") == "en"
    try:
        with transaction.atomic():
            buyer = Buyer.objects.create(organisation=organisation, created_by=by)
            PurchasingCategory.objects.bulk_create(
                PurchasingCategory(buyer=buyer, niveau=category.niveau, position=index,
                                   name=category.name_en if english else category.name_nl)
                for index, category in enumerate(default_categories())
            )
            audit_record(actor=by, action="buyer_activated", organisation_id=organisation.pk,
                         subject=buyer)
    except IntegrityError:
        # Another request turned it on between our read and our insert.
        return Buyer.objects.get(organisation=organisation)
    return buyer
