"""The register's tests run on a fixed day, so "vandaag", "verloopt binnenkort" and the default
date of the search are the same on every run."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

TODAY = dt.date(2025, 8, 15)


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2025, 8, 15, 12, tzinfo=ZoneInfo("Europe/Amsterdam")),
                             tick=False):
        yield TODAY


@pytest.fixture(autouse=True)
def dutch():
    """Each test starts in Dutch, the site's language. A request with the English cookie leaves
    English active in the thread after it; a service called directly afterwards would answer
    in English."""
    with translation.override("nl"):
        yield
