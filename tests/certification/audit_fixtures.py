"""Fixtures of the audit workspace tests (issue 10 §5), imported by each tests/certification/
test_audit_*.py. Personas: Alice (applicant), Audrey (auditor of Keurmerk Certificering, the
institution of the accepted quote), Otto (auditor of another institution), Bo (PSO-Nederland),
Charlie (outsider)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from psoportal.assessments.models import TargetGroupEmployee
from psoportal.certification.audits import audit_plan
from psoportal.certification.transitions import Party
from tests.factories import InstitutionMembershipFactory, UserFactory


@pytest.fixture
def application(submit, complete_rekentool):
    """Rule book §12 example 1, submitted today: T = 50, Z = 3, Trede 2."""
    return submit(complete_rekentool)


@pytest.fixture
def large_application(submit, complete_rekentool):
    """Z = 100 (three of §12 example 1 plus 97 more at 8 hours a week): a sample below Z."""
    complete_rekentool.total_fte = Decimal("500")
    # A new revision: the stored score of the three rows must not be reused.
    complete_rekentool.data_revision += 1
    complete_rekentool.save()
    TargetGroupEmployee.objects.bulk_create(
        TargetGroupEmployee(
            rekentool=complete_rekentool, ref=f"X-{number:03}", category="wia",
            contract="regular", hours_per_week=Decimal("8"),
            employed_from=dt.date(2018, 1, 1), inflow_date=dt.date(2018, 1, 1),
        )
        for number in range(97)
    )
    return submit(complete_rekentool)


@pytest.fixture
def planned(application, auditor):
    """The audit planned for today and tomorrow."""
    today = timezone.localdate()
    return audit_plan(application=application, first_day=today,
                      last_day=today + dt.timedelta(days=1), user=auditor,
                      party=Party.INSTITUTION)


@pytest.fixture
def otto(db):
    """An auditor of another certifying institution."""
    user = UserFactory(email="otto@ander-ci.example", full_name="Otto Andere")
    InstitutionMembershipFactory(user=user)
    return user
