"""Work the worker does for the rekentools (manage.py db_worker; immediate in tests)."""

from __future__ import annotations

from django_tasks import task

from psoportal.assessments.models import Rekentool
from psoportal.assessments.selectors import rekentool_evaluate


@task()
def rekentool_score(rekentool_id: int) -> None:
    """Score a large rekentool after a change, so its pages need not (see selectors)."""
    rekentool = Rekentool.objects.select_related("organisation").filter(pk=rekentool_id).first()
    if rekentool is not None:  # deleted in the meantime
        rekentool_evaluate(rekentool)
