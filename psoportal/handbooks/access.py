"""One access helper per resource: a handbook version is PSO-Nederland's alone (404 for all
others, as every back-office page)."""

from __future__ import annotations

from django.http import Http404

from psoportal.accounts.models import User
from psoportal.handbooks.models import HandbookVersion
from psoportal.organisations.access import require_pso_staff


def get_handbook_version_for_staff(user: User, version_id: int) -> HandbookVersion:
    require_pso_staff(user)
    found = HandbookVersion.objects.filter(pk=version_id).first()
    if found is None:
        raise Http404("handbook version")
    return found
