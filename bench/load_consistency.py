"""The database after the load test (bench/load.py): runs inside Django on the bench database.

What "consistent" means here, check by check:
- no orphaned rows: no foreign key of any model points at a row that is not there (every
  app's tables, checked with a LEFT JOIN each: PostgreSQL's constraints should make this
  impossible, and the check proves it rather than assumes it); no uploaded report file without
  its audit row and no filed report without its file on disk; no task the worker failed or left
  waiting; no outbox row left unsent or sent after a failure; no scheduler claim left unfinished;
- every application submitted during the run has exactly one frozen snapshot: its document and
  result are there, its rekentool is frozen, its history has exactly one submission, and no
  rekentool produced two applications;
- invoice numbers are gapless: per year the numbers are 1..n with n the year's counter.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path


def _orphans() -> tuple[int, list[str]]:
    from django.apps import apps
    from django.db import connection

    found, checked = [], 0
    with connection.cursor() as cursor:
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not field.is_relation or (not field.many_to_one and not field.one_to_one):
                    continue
                target = field.related_model._meta
                table, column = model._meta.db_table, field.column
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" t LEFT JOIN "{target.db_table}" r '
                    f'ON t."{column}" = r."{target.pk.column}" '
                    f'WHERE t."{column}" IS NOT NULL AND r."{target.pk.column}" IS NULL'
                )
                checked += 1
                if count := cursor.fetchone()[0]:
                    found.append(f"{table}.{column}: {count}")
    return checked, found


def _uploads() -> list[str]:
    from django.conf import settings

    from psoportal.certification.models import Audit

    problems = []
    filed = Audit.objects.exclude(report_file="")
    on_disk = {p.relative_to(settings.PRIVATE_MEDIA_ROOT).as_posix()
               for p in Path(settings.PRIVATE_MEDIA_ROOT, "audit").glob("*")}
    names = set(filed.values_list("report_file", flat=True))
    if missing := names - on_disk:
        problems.append(f"{len(missing)} filed reports without their file")
    if stray := on_disk - names:
        problems.append(f"{len(stray)} report files without an audit")
    if unfiled := Audit.objects.filter(report_filed_at__isnull=False, report_file="").count():
        problems.append(f"{unfiled} reports filed without a file")
    return problems


def _applications(since: dt.datetime) -> tuple[int, list[str]]:
    from django.db.models import Count, Q

    from psoportal.assessments.models import Rekentool
    from psoportal.certification.models import Application

    problems = []
    submitted = Application.objects.filter(submitted_at__gte=since)
    count = submitted.count()
    if n := submitted.filter(document__isnull=True).count() + submitted.filter(
            result__isnull=True).count():
        problems.append(f"{n} without a document or result")
    if n := submitted.filter(rekentool__frozen_at__isnull=True).count():
        problems.append(f"{n} whose rekentool is not frozen")
    events = submitted.annotate(
        n=Count("events", filter=Q(events__transition="submit"))).exclude(n=1)
    if n := events.count():
        problems.append(f"{n} without exactly one submission event")
    if n := Rekentool.objects.annotate(n=Count("applications")).filter(n__gt=1).count():
        problems.append(f"{n} rekentools with more than one application")
    return count, problems


def _invoices() -> tuple[int, list[str]]:
    from psoportal.billing.models import Invoice, InvoiceCounter

    problems, total = [], 0
    for counter in InvoiceCounter.objects.all():
        numbers = sorted(int(n.split("-")[1]) for n in Invoice.objects.filter(
            number__startswith=f"{counter.year}-").values_list("number", flat=True))
        total += len(numbers)
        if numbers != list(range(1, counter.last + 1)):
            problems.append(f"{counter.year}: {len(numbers)} numbers, counter {counter.last}")
    return total, problems


def _background() -> tuple[dict[str, int], list[str]]:
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from psoportal.certification.models import Notification
    from psoportal.schedule.models import ScheduledEffect

    tasks = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")))
    notifications = Notification.objects.all()
    figures = {
        "tasks": sum(tasks.values()),
        "notifications": notifications.count(),
        "notifications sent": notifications.filter(sent_at__isnull=False).count(),
        "scheduler claims": ScheduledEffect.objects.count(),
    }
    problems = []
    if failed := tasks.get("FAILED", 0):
        problems.append(f"{failed} tasks failed")
    if waiting := tasks.get("READY", 0) + tasks.get("RUNNING", 0):
        problems.append(f"{waiting} tasks still waiting or running")
    if unsent := notifications.filter(sent_at__isnull=True).count():
        problems.append(f"{unsent} notifications unsent")
    if retried := notifications.filter(attempts__gt=1).count():
        problems.append(f"{retried} notifications needed more than one attempt")
    if open_claims := ScheduledEffect.objects.filter(done_at__isnull=True).count():
        problems.append(f"{open_claims} scheduler claims not done")
    return figures, problems


def unfinished_work() -> int:
    """Tasks and outbox rows the worker has still to do (the bench waits for 0)."""
    from django_tasks_db.models import DBTaskResult

    from psoportal.certification.models import Notification

    return (DBTaskResult.objects.filter(status__in=("READY", "RUNNING")).count()
            + Notification.objects.filter(sent_at__isnull=True, attempts=0).count())


def check(since: dt.datetime) -> dict:
    checked, orphans = _orphans()
    submitted, application_problems = _applications(since)
    invoices, invoice_problems = _invoices()
    figures, background_problems = _background()
    return {
        "foreign keys checked": checked,
        "applications submitted during the run": submitted,
        "invoices": invoices,
        **figures,
        "problems": {
            "orphaned rows": orphans,
            "uploads": _uploads(),
            "applications": application_problems,
            "invoice numbers": invoice_problems,
            "background work": background_problems,
        },
    }
