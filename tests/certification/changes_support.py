"""Rows the tests of changes, fees and recertification set up directly (audits and
certificates are built by their own features; here they are only the circumstances)."""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.utils import timezone

from psoportal.certification.models import (
    Application,
    Audit,
    Certificate,
    CertificateScope,
    FeeEvent,
)
from psoportal.methodology.dates import add_years, application_dates
from psoportal.methodology.handbook import handbook_get

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def noon(day: dt.date) -> dt.datetime:
    """Midday of a day in Amsterdam: a moment that is that day however the clock is read."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=AMSTERDAM)


def submitted_on(application: Application, day: dt.date) -> Application:
    Application.objects.filter(pk=application.pk).update(submitted_at=noon(day))
    application.refresh_from_db()
    return application


def in_state(application: Application, state: str) -> Application:
    Application.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


def audit_for(application: Application, first_day: dt.date, days: int = 1) -> Audit:
    last_day = first_day + dt.timedelta(days=days - 1)
    return Audit.objects.create(application=application, first_day=first_day, last_day=last_day,
                                report_due=last_day + dt.timedelta(days=14))


def certificate_for(application: Application, *, level: str, start: dt.date | None = None,
                    kvks: tuple[str, ...] | None = None, **fields) -> Certificate:
    """A level certificate of the application, dated as §9 dates it unless `start` says."""
    handbook = handbook_get(application.handbook_version)
    if start is None:
        start = application_dates(timezone.localdate(application.submitted_at),
                                  handbook).certificate_start
    certificate = Certificate.objects.create(
        application=application, number=f"PSO-{secrets.token_hex(4)}",
        verification_code=secrets.token_urlsafe(32), level=level,
        organisation_name=application.organisation.name, institution_name="Keurmerk",
        handbook_version=application.handbook_version, start=start,
        end=add_years(start, handbook.dates.certificate_years) - dt.timedelta(days=1), **fields,
    )
    for kvk in kvks or (application.organisation.kvk,):
        CertificateScope.objects.create(certificate=certificate, kvk=kvk, name="x",
                                        is_main=kvk == application.organisation.kvk)
    return certificate


def fee_events(application: Application) -> list[tuple[str, object]]:
    return list(FeeEvent.objects.filter(application=application)
                .order_by("id").values_list("code", "amount"))


def handbook_amount(application: Application, code: str):
    """The amount the rule book's fee table gives, read from the handbook file."""
    handbook = handbook_get(application.handbook_version)
    table = handbook.fee_table_for(timezone.localdate(application.submitted_at))
    return table.events[code].amount
