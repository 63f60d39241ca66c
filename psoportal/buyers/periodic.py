"""Periodic supplier assessments (seed 004: "periodieke leveranciersbeoordelingen"): each buyer
chooses an interval (Buyer.assessment_months); from the first day of each period the scheduler
records one assessment, unless one was recorded in that period already (by hand or by an
earlier run). The scheduler's job (schedule/periodic_assessments.py) claims each (buyer,
period) once, so a second run, or a run days later because the scheduler was down, adds
nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from psoportal.buyers.assessments import assessment_create
from psoportal.buyers.models import Buyer, SupplierAssessment
from psoportal.core.audit import audit_record
from psoportal.methodology.dates import add_months


def period_start(on: dt.date, months: int) -> dt.date:
    """The first day of the period `on` lies in: periods of `months` months counted from
    1 January (a quarter starts in January, April, July or October)."""
    month = (on.month - 1) // months * months + 1
    return dt.date(on.year, month, 1)


@dataclass(frozen=True)
class DueAssessment:
    buyer: Buyer
    period: dt.date

    @property
    def key(self) -> str:
        return f"{self.buyer.pk}:{self.period.isoformat()}"


def periodic_assessments_due(as_of: dt.date) -> list[DueAssessment]:
    """Buyers with suppliers, an interval, and no assessment yet in the period of `as_of`.
    Two queries whatever the number of buyers."""
    buyers = list(Buyer.objects.exclude(assessment_months=Buyer.AssessmentInterval.OFF)
                  .filter(suppliers__isnull=False).distinct().select_related("organisation")
                  .order_by("pk"))
    latest = dict(SupplierAssessment.objects.filter(buyer__in=buyers, assessed_on__lte=as_of)
                  .values("buyer").annotate(last=Max("assessed_on"))
                  .values_list("buyer", "last"))
    due = []
    for buyer in buyers:
        period = period_start(as_of, buyer.assessment_months)
        last = latest.get(buyer.pk)
        if last is None or last < period:
            due.append(DueAssessment(buyer, period))
    return due


def periodic_assessment_create(*, due: DueAssessment, as_of: dt.date) -> SupplierAssessment:
    """The assessment of the period, on the run's day, recorded by nobody (the scheduler)."""
    return assessment_create(buyer=due.buyer, on=as_of, note="", by=None, automatic=True)


def buyer_assessment_interval_set(*, buyer: Buyer, months: int, by) -> bool:
    """Set how often the scheduler records an assessment; True when it changed."""
    if months == buyer.assessment_months:
        return False
    with transaction.atomic():
        before = buyer.assessment_months
        Buyer.objects.filter(pk=buyer.pk).update(assessment_months=months)
        buyer.assessment_months = months
        audit_record(actor=by, action="buyer_assessment_interval_set",
                     organisation_id=buyer.organisation_id, subject=buyer,
                     changes={"assessment_months": [before, months]})
    return True


def next_automatic_assessment(buyer: Buyer, today: dt.date) -> dt.date | None:
    """The first day of the next period (when the scheduler records the next one), or None
    when assessments are recorded by hand only."""
    months = buyer.assessment_months
    if not months:
        return None
    start = period_start(today, months)
    return add_months(start, months)
