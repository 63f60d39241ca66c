"""The engine knows a published version from the database (handbooks/registry.py), never an
uploaded one that is not published yet; it is the version in force from its effective date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from psoportal.handbooks.models import HandbookVersion
from psoportal.handbooks.registry import registry_reset
from psoportal.methodology.handbook import HandbookNotFound, handbook_for, handbook_get

pytestmark = pytest.mark.django_db


def test_an_uploaded_version_is_unknown_to_the_engine(uploaded):
    registry_reset()
    with pytest.raises(HandbookNotFound):
        handbook_get("2.3")
    assert handbook_for(dt.date(2027, 4, 1)).version == "2.2"


def test_a_published_version_is_in_force_from_its_date_and_not_before(uploaded):
    HandbookVersion.objects.filter(pk=uploaded.pk).update(
        state=HandbookVersion.State.PUBLISHED, published_at=timezone.now())
    registry_reset()
    assert handbook_get("2.3").migration.from_version == "2.2"
    assert handbook_for(dt.date(2027, 3, 31)).version == "2.2"
    assert handbook_for(dt.date(2027, 4, 1)).version == "2.3"


def test_without_a_reset_the_process_keeps_what_it_read(uploaded):
    registry_reset()
    assert handbook_for(dt.date(2027, 4, 1)).version == "2.2"
    HandbookVersion.objects.filter(pk=uploaded.pk).update(
        state=HandbookVersion.State.PUBLISHED, published_at=timezone.now())
    # Within HANDBOOK_REGISTRY_SECONDS another process's publication is not asked for yet.
    assert handbook_for(dt.date(2027, 4, 1)).version == "2.2"
    registry_reset()
    assert handbook_for(dt.date(2027, 4, 1)).version == "2.3"
