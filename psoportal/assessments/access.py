"""Access to rekentools: members and advisers of the organisation only; others get 404."""

from __future__ import annotations

from django.http import Http404

from psoportal.accounts.models import User
from psoportal.assessments.models import Rekentool
from psoportal.organisations.access import EDITING_ROLES


def get_rekentool_for_user(user: User, rekentool_id: int) -> Rekentool:
    if not user.is_authenticated:
        raise Http404("rekentool")
    rekentool = (
        Rekentool.objects.select_related("organisation")
        .filter(
            pk=rekentool_id,
            organisation__memberships__user=user,
            organisation__memberships__role__in=EDITING_ROLES,
        )
        .first()
    )
    if rekentool is None:
        raise Http404("rekentool")
    return rekentool
