"""Fixtures of the billing tests: the certification personas and an application of rule book
§12 example 1 (T = 50: the 50–100 band), submitted on a chosen day."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.assessments.conftest import all_yes, rekentool  # noqa: F401 (fixtures)
from tests.certification.audit_fixtures import application  # noqa: F401 (fixtures)
from tests.certification.awarding import submitted_on
from tests.certification.conftest import (  # noqa: F401 (fixtures)
    answered_rekentool,
    auditor,
    complete_rekentool,
    institution,
    submit,
)

SUBMITTED = dt.date(2025, 8, 15)


@pytest.fixture
def submitted(application):  # noqa: F811
    """Submitted on 15 August 2025: first invoice on 29 August, second on 15 August 2026."""
    return submitted_on(application, SUBMITTED)
