"""Drafts of handbook 2.2 for the migration tests, and the synthetic 2.3 published.

- `small`: follows the version in force; 5 fte with a direct share of 12.8 % (a WIA row and a
  WIW/ID row): Trede 1 under 2.2 (norm 12.6 %), Basistrede under 2.3 (norm 13.1 %); step 5's
  "passend werk" answered.
- `pinned`: pinned to 2.2; 50 fte, two WIA rows and a row of the removed category status_lost.
- `submitted`: submitted (frozen) with a WIW/ID row and its application.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from psoportal.assessments.document import rekentool_document
from psoportal.assessments.models import Rekentool, TargetGroupEmployee
from psoportal.certification.models import Application
from psoportal.handbooks.models import HandbookVersion
from psoportal.handbooks.registry import registry_reset

EFFECTIVE = dt.date(2027, 4, 1)
BEFORE = timezone.make_aware(dt.datetime(2027, 2, 1, 12))


def draft(organisation, name, *, fte, rows, pinned="", qualitative=None, frozen=False):
    tool = Rekentool.objects.create(
        organisation=organisation, name=name, handbook_version=pinned,
        peiljaar_start=dt.date(2026, 1, 1), total_fte=Decimal(fte),
        average_headcount=Decimal(fte), qualitative=qualitative or {}, created_at=BEFORE,
        updated_at=BEFORE, frozen_at=BEFORE if frozen else None,
    )
    for ref, category, hours in rows:
        TargetGroupEmployee.objects.create(
            rekentool=tool, ref=ref, category=category, contract="regular",
            hours_per_week=Decimal(hours), employed_from=dt.date(2024, 1, 1),
            inflow_date=dt.date(2024, 1, 1))
    return tool


@pytest.fixture
def small(organisation):
    return draft(organisation, "Klein", fte="5",
                 rows=[("K-1", "wia", "16"), ("K-2", "wiw_id", "9.6")],
                 qualitative={"passend_werk": [True, True]})


@pytest.fixture
def pinned(organisation):
    return draft(organisation, "Groot", fte="50", pinned="2.2",
                 rows=[("G-1", "wia", "40"), ("G-2", "wia", "40"),
                       ("G-3", "status_lost", "32")])


@pytest.fixture
def submitted(organisation, alice):
    tool = draft(organisation, "Ingediend", fte="20", rows=[("S-1", "wiw_id", "40")],
                 qualitative={"passend_werk": [True, True]}, frozen=True)
    document = rekentool_document(tool, on=dt.date(2027, 2, 1))
    document["handbook"] = "2.2"
    Application.objects.create(
        organisation=organisation, rekentool=tool, submission_key="migratie-test",
        submitted_at=BEFORE, submitted_by=alice, handbook_version="2.2",
        agreement_version="2025-1", document=document, result={"level": "trede_1"})
    return tool


@pytest.fixture
def published(uploaded) -> HandbookVersion:
    HandbookVersion.objects.filter(pk=uploaded.pk).update(
        state=HandbookVersion.State.PUBLISHED, published_at=BEFORE)
    registry_reset()
    uploaded.refresh_from_db()
    return uploaded
