"""Helpers for the award and certificate tests: an application with its audit report filed,
awarded and paid, on a chosen submission date."""

from __future__ import annotations

import copy
import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from psoportal.certification.award import application_award
from psoportal.certification.models import Application, Audit
from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party, State

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def submitted_on(application: Application, day: dt.date, hour: int = 12) -> Application:
    """Move the submission to `day` (noon in Amsterdam unless told otherwise)."""
    application.submitted_at = dt.datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)
    Application.objects.filter(pk=application.pk).update(submitted_at=application.submitted_at)
    return application


def audited(application: Application, *, level: str | None = None, pso30plus: bool = False,
            recommended: str = "") -> dict:
    """The engine's result with the level and PSO 30+ the auditor's corrections led to."""
    result = copy.deepcopy(application.result)
    if level is not None:
        result["level"] = level
    result["pso30plus"] = {"pct": "31.00" if pso30plus else "0.00", "eligible": pso30plus}
    return result


def report_filed(application: Application, *, audited_result: dict | None = None,
                 recommended: str = "", findings: str = "") -> Application:
    """The audit done and its report filed (the audit workspace is another feature: the row is
    made directly)."""
    today = timezone.localdate()
    Audit.objects.create(
        application=application, first_day=today - dt.timedelta(days=10),
        last_day=today - dt.timedelta(days=9), report_due=today + dt.timedelta(days=5),
        audited_result=audited_result, recommended_level=recommended, findings=findings,
        report_filed_at=timezone.now(),
    )
    Application.objects.filter(pk=application.pk).update(state=State.REPORT_FILED)
    application.refresh_from_db()
    return application


def awarded(application: Application, bo, *, level: str | None = None,
            pso30plus: bool = False) -> Application:
    if application.state == State.SUBMITTED:
        report_filed(application)
    return application_award(application=application, level=level or application.result["level"],
                             pso30plus=pso30plus, user=bo)


def paid(application: Application, bo) -> Application:
    return application_transition(application=application, name="payment_received", actor=bo,
                                  party=Party.PSO_NEDERLAND)


def certified(application: Application, bo, **award) -> Application:
    """Awarded and the first-year invoice paid: the certificates are issued."""
    return paid(awarded(application, bo, **award), bo)


def thawed(submit):
    """`submit` for tests that certify several applications of one organisation in a row from
    one draft. A submitted rekentool is frozen and the applicant would submit a copy; here the
    draft is thawed and detached from the earlier application instead, which is what a copy
    amounts to for the certificates."""
    from psoportal.assessments.models import Rekentool

    def _submit(tool, **kwargs):
        Rekentool.objects.filter(pk=tool.pk).update(frozen_at=None)
        Application.objects.filter(rekentool=tool).update(rekentool=None)
        tool.refresh_from_db()
        return submit(tool, **kwargs)

    return _submit
