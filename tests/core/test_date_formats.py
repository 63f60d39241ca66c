"""One date style per language: 15-08-2025 (d-m-Y) in Dutch and in English."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_date_shows_as_day_month_year_in_every_language(language):
    with translation.override(language):
        text = Template("{{ d }} {{ d|date }} {{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": dt.date(2025, 8, 15)})
        )
    assert text == "15-08-2025 15-08-2025 15-08-2025"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_moment_shows_as_day_month_year_and_time(language):
    moment = dt.datetime(2025, 8, 15, 14, 30)
    with translation.override(language):
        text = Template("{{ m }}").render(Context({"m": moment}))
    assert text == "15-08-2025 14:30"
