"""Step 1 (Organisatie): writes to the organisation's scope and details.

The scope is the Hoofdaanvrager plus its Onderliggende entiteiten (rule book §3); all data of a
rekentool apply to the whole scope, so a KvK number may appear only once in it.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.organisations.models import Entity, Organisation


@transaction.atomic
def organisation_details_update(
    *,
    organisation: Organisation,
    user: User,
    sector: str,
    website: str,
    street: str,
    postcode: str,
    city: str,
    fulltime_hours: Decimal,
) -> Organisation:
    organisation.sector = sector
    organisation.website = website
    organisation.street = street
    organisation.postcode = postcode
    organisation.city = city
    organisation.fulltime_hours = fulltime_hours
    organisation.full_clean()
    organisation.save(
        update_fields=["sector", "website", "street", "postcode", "city", "fulltime_hours"]
    )
    return organisation


@transaction.atomic
def entity_add(*, organisation: Organisation, user: User, name: str, kvk: str) -> Entity:
    # Lock the organisation row so two members adding the same KvK cannot both succeed.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if kvk == organisation.kvk or organisation.entities.filter(kvk=kvk).exists():
        raise ValidationError(
            {"kvk": _("Dit KvK-nummer hoort al bij de organisatie.")}, code="duplicate_kvk"
        )
    entity = Entity(organisation=organisation, name=name, kvk=kvk)
    entity.full_clean()
    entity.save()
    return entity


@transaction.atomic
def entity_remove(*, entity: Entity, user: User) -> None:
    entity.delete()
