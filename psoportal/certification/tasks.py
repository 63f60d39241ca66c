"""Work the worker does for certification (manage.py db_worker; immediate in tests)."""

from __future__ import annotations

from django_tasks import task

from psoportal.certification.outbox import notification_deliver


@task()
def notification_send(notification_id: int) -> None:
    """Send one outbox row in its recipient's language; a row sent already is left alone."""
    notification_deliver(notification_id)
