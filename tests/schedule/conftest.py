"""Fixtures of the scheduler tests: a certified application (submitted 15 August 2025, so its
certificate runs 1 September 2025 – 31 August 2027 and the handbook's notice date is
1 June 2027), an overdue audit, and `run_schedule` as the command line runs it.

Alice (Accounthouder) and Bob (Collega) edit for the applicant, Charlie is an outsider, Audrey
audits for Keurmerk Certificering, Bo is PSO-Nederland."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from psoportal.certification.models import Audit, Notification
from psoportal.certification.services import application_submit
from tests.assessments.conftest import all_yes, rekentool  # noqa: F401 (fixtures)
from tests.certification.audit_fixtures import application, planned  # noqa: F401 (fixtures)
from tests.certification.awarding import certified, submitted_on, thawed
from tests.certification.conftest import (  # noqa: F401 (fixtures)
    answered_rekentool,
    auditor,
    complete_rekentool,
    institution,
)

SUBMITTED = dt.date(2025, 8, 15)
CERTIFICATE_END = dt.date(2027, 8, 31)
NOTICE_DAY = dt.date(2027, 6, 1)  # (end + 1 day) − 3 months, rule book §9


@pytest.fixture
def submit(alice):
    def _submit(tool):
        return application_submit(rekentool=tool, user=alice, submission_key=uuid.uuid4().hex,
                                  authorised=True, agreement_accepted=True)
    return thawed(_submit)


@pytest.fixture
def certificate(submit, complete_rekentool, bo, bob):  # noqa: F811
    """The level certificate of an application certified from a submission on SUBMITTED. Bob
    (Collega) is a member before the notice, so both editing members hear of it."""
    certified_application = submitted_on(submit(complete_rekentool), SUBMITTED)
    certified(certified_application, bo)
    settled()
    return certified_application.certificates.get()


def settled() -> None:
    """The messages of the set-up (award, payment) count as sent: the tests count only what
    the scheduler adds."""
    Notification.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    mail.outbox.clear()


@pytest.fixture
def overdue(planned):  # noqa: F811
    """The audit planned today and tomorrow, its report due yesterday: overdue today."""
    Audit.objects.filter(pk=planned.pk).update(report_due=timezone.localdate()
                                               - dt.timedelta(days=1))
    planned.refresh_from_db()
    settled()
    return planned


def run_schedule(*args: str) -> str:
    out = io.StringIO()
    call_command("run_schedule", *args, stdout=out)
    return out.getvalue()
