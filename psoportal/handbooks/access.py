"""One access helper per resource: a handbook version is PSO-Nederland's alone (404 for all
others, as every back-office page); a draft's move to a new version belongs to whoever may
edit the draft (the rekentool's own helper decides)."""

from __future__ import annotations

from django.http import Http404

from psoportal.accounts.models import User
from psoportal.assessments.access import get_rekentool_for_user
from psoportal.handbooks.models import DraftMigration, HandbookVersion
from psoportal.organisations.access import require_pso_staff


def get_handbook_version_for_staff(user: User, version_id: int) -> HandbookVersion:
    require_pso_staff(user)
    found = HandbookVersion.objects.filter(pk=version_id).first()
    if found is None:
        raise Http404("handbook version")
    return found


def get_draft_migration_for_user(user: User, rekentool_id: int,
                                 migration_id: int) -> DraftMigration:
    """A draft's move to a new version: for whoever may edit the rekentool (404 for others)."""
    rekentool = get_rekentool_for_user(user, rekentool_id)
    found = (DraftMigration.objects.filter(pk=migration_id, rekentool=rekentool)
             .select_related("rekentool").first())
    if found is None:
        raise Http404("draft migration")
    return found
