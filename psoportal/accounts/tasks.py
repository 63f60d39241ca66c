"""Work the worker does for accounts (manage.py db_worker; immediate in tests)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from psoportal.accounts.models import User
from psoportal.core.lib.mail import send_templated


@task()
def inactivity_warning_send(user_id: int, erase_on: str) -> None:
    """The inactivity warning. Enqueued in the transaction that claims the warning (the
    database task backend writes its row there), so a crash never loses one and a rerun never
    claims it again; an account erased in between gets nothing."""
    user = User.objects.filter(pk=user_id, erased_at__isnull=True, is_active=True).first()
    if user is None or not user.email:
        return
    send_templated("inactivity-warning", user.email,
                   {"user": user, "erase_on": dt.datetime.fromisoformat(erase_on)})
