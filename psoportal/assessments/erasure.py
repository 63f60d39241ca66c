"""Rule book §2: when an inactive account is erased, its unsubmitted drafts go with it.

Rekentools belong to the organisation, not to one person, so they are erased only when the
erased user was the organisation's last active member: colleagues keep their shared work.
"""

from __future__ import annotations

from psoportal.accounts.models import User
from psoportal.assessments.models import Rekentool
from psoportal.organisations.models import Membership


def drafts_erase_for(user: User) -> None:
    organisation_ids = Membership.objects.filter(user=user).values_list(
        "organisation_id", flat=True
    )
    for organisation_id in organisation_ids:
        others = (
            Membership.objects.filter(organisation_id=organisation_id, user__is_active=True)
            .exclude(user=user)
            .exists()
        )
        if not others:
            Rekentool.objects.filter(organisation_id=organisation_id).delete()
