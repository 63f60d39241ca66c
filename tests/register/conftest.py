"""The register's tests run on a fixed day, so "vandaag", "verloopt binnenkort" and the default
date of the search are the same on every run."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

TODAY = dt.date(2025, 8, 15)


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2025, 8, 15, 12, tzinfo=ZoneInfo("Europe/Amsterdam")),
                             tick=False):
        yield TODAY
