"""Work the worker does for the news app (manage.py db_worker; immediate in tests)."""

from __future__ import annotations

from django_tasks import task

from psoportal.news.mailing import news_mailing_send_batch


@task()
def news_mailing_send(mailing_id: int) -> None:
    """One batch of a mailing, then the next batch as a task of its own, so one run stays
    short and a stopped worker resumes where the claims end."""
    if news_mailing_send_batch(mailing_id):
        news_mailing_send.enqueue(mailing_id)
