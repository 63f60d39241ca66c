"""Helpers of the billing tests."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from decimal import Decimal

from django.utils import timezone

from psoportal.billing.models import Invoice
from psoportal.certification.models import Application, Audit
from psoportal.certification.transitions import State
from psoportal.methodology.dates import application_dates
from tests.certification.awarding import submitted_on


def dates_of(application: Application):
    return application_dates(timezone.localdate(application.submitted_at))


def codes(invoice: Invoice) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for line in invoice.lines.all():
        found[line.code] = found.get(line.code, Decimal(0)) + line.amount
    return found


def owed(application: Application, year: int | None = None) -> Decimal:
    """Net excl. VAT over the application's invoices (credit notes are negative)."""
    invoices = Invoice.objects.filter(application=application)
    if year is not None:
        invoices = invoices.filter(contribution_year=year)
    return sum((i.subtotal for i in invoices), Decimal(0))


def another_application(application: Application, on: dt.date) -> Application:
    """A newer application of the same organisation submitted on `on` (a copy of the row: its
    certification details are not what billing tests are about)."""
    clone = Application.objects.create(
        organisation=application.organisation, submission_key=uuid.uuid4().hex,
        handbook_version=application.handbook_version, agreement_version="1",
        document=application.document, result=application.result, state=State.SUBMITTED,
    )
    return submitted_on(clone, on)


def audit_corrects_fte(application: Application, fte: str, *, pso30plus: bool | None = None
                       ) -> Audit:
    """The auditor corrected total fte (and PSO 30+): the audited result the band follows."""
    result = copy.deepcopy(application.result)
    result["total_fte"] = fte
    if pso30plus is not None:
        result["pso30plus"] = {"pct": "31.00" if pso30plus else "0.00", "eligible": pso30plus}
    today = timezone.localdate()
    return Audit.objects.update_or_create(application=application, defaults={
        "first_day": today, "last_day": today, "report_due": today, "audited_result": result,
    })[0]
