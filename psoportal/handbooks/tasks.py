"""Work the worker does for the handbook versions (manage.py db_worker; immediate in tests)."""

from __future__ import annotations

from django_tasks import task

from psoportal.handbooks import preview


@task()
def handbook_preview_run(version_id: int) -> None:
    """The impact preview of a new version over every draft (preview.py); a run that is not
    queued any more (done, or started twice) is left alone."""
    preview.handbook_preview_run(version_id)
