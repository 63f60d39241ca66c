"""Counting periods and counted days (rule book §5.1, day rules of §5.3)."""

from datetime import date

import pytest

from psoportal.methodology.assessment import parse_assessment
from psoportal.methodology.counting import counted_days, counting_period
from psoportal.methodology.dates import add_months, add_years
from psoportal.methodology.handbook import handbook_get

from .builders import doc, row

HB = handbook_get("2.2")


def _days(peiljaar=("2024-01-01", "2024-12-31"), **fields):
    a = parse_assessment(doc(row(**fields), peiljaar=peiljaar))
    r = a.target_group[0]
    return counted_days(r, a.peiljaar, HB.categories[r.category], HB.contracts[r.contract])


@pytest.mark.parametrize(
    ("fields", "days"),
    [
        # while employed (peiljaar 2024 has 366 days)
        ({"category": "wia"}, 366),
        ({"category": "wia", "employed_from": "2024-09-01"}, 122),
        ({"category": "wia", "employed_until": "2024-03-31"}, 91),
        ({"category": "wia", "employed_from": "2024-12-31"}, 1),
        ({"category": "wia", "employed_until": "2023-12-31"}, 0),
        ({"category": "wia", "employed_from": "2025-01-01"}, 0),
        ({"category": "wia", "inflow_date": "2024-04-01"}, 275),
        ({"category": "wia", "employed_from": "2024-07-01", "inflow_date": "2015-01-01"}, 184),
        ({"category": "bbl_bol_1", "employed_from": "2023-09-01"}, 366),
        ({"category": "vso_pro_stage", "employed_from": "2023-09-01"}, 366),
        ({"category": "vso_pro_stage", "school_left": "2010-06-30"}, 366),
        ({"category": "vso_pro_stage", "employed_until": "2024-06-30"}, 182),
        # 5 years from inflow, up to and excluding the anniversary
        ({"category": "participatiewet", "inflow_date": "2019-07-01"}, 182),
        ({"category": "participatiewet", "employed_from": "2019-07-01"}, 182),
        ({"category": "participatiewet", "inflow_date": "2019-01-01"}, 0),
        ({"category": "participatiewet", "inflow_date": "2019-01-02"}, 1),
        ({"category": "participatiewet", "inflow_date": "2019-02-28"}, 58),
        ({"category": "ww", "inflow_date": "2020-01-01"}, 366),
        ({"category": "wiw_id", "inflow_date": "2019-12-31"}, 365),
        ({"category": "status_lost", "inflow_date": "2019-03-01"}, 60),
        # LKS: 5 years from inflow and beyond that while the LKS runs (inclusive)
        ({"category": "participatiewet_lks", "inflow_date": "2018-01-01",
          "lks_until": "2024-03-31"}, 91),
        ({"category": "participatiewet_lks", "inflow_date": "2020-01-01",
          "lks_until": "2022-06-30"}, 366),
        ({"category": "participatiewet_lks", "inflow_date": "2019-07-01",
          "lks_until": "2023-01-01"}, 182),
        ({"category": "participatiewet_lks", "inflow_date": "2018-01-01"}, 366),
        # Wsw: while the indication is valid (inclusive); no end date runs on
        ({"category": "wsw", "indication_until": "2024-06-30"}, 182),
        ({"category": "wsw", "indication_until": "2024-01-01"}, 1),
        ({"category": "wsw", "indication_until": "2023-12-31"}, 0),
        ({"category": "wsw"}, 366),
        # VSO/PrO: 5 years from leaving school, else from inflow, else employment start
        ({"category": "vso_pro", "school_left": "2019-08-01"}, 213),
        ({"category": "vso_pro", "school_left": "2019-08-01", "inflow_date": "2015-01-01"}, 213),
        ({"category": "vso_pro", "inflow_date": "2019-08-01"}, 213),
        ({"category": "vso_pro", "employed_from": "2019-08-01"}, 213),
        ({"category": "vso_pro_register", "school_left": "2010-08-01"}, 366),
        # internships count at most 3 years from the employment start (§5.2)
        ({"contract": "internship", "employed_from": "2022-01-01"}, 366),
        ({"contract": "internship", "employed_from": "2021-07-01"}, 182),
        ({"contract": "internship", "employed_from": "2020-01-01"}, 0),
        ({"contract": "trial", "employed_from": "2020-01-01"}, 366),
    ],
)  # fmt: skip
def test_it_counts_the_days_inside_employment_peiljaar_and_counting_period(fields, days):
    assert _days(**fields) == days


def test_a_29_february_inflow_runs_until_27_february_five_years_later():
    # Inflow 29-02-2020: the period excludes 28-02-2025, so it ends on 27-02-2025.
    a = parse_assessment(
        doc(row(category="participatiewet", inflow_date="2020-02-29"),
            peiljaar=("2024-03-01", "2025-02-28"))
    )  # fmt: skip
    r = a.target_group[0]
    assert counting_period(r, HB.categories["participatiewet"]).end == date(2025, 2, 27)
    assert _days(("2024-03-01", "2025-02-28"), category="participatiewet",
                 inflow_date="2020-02-29") == 364  # fmt: skip


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2019, 7, 1), 5, date(2024, 7, 1)),
        (date(2020, 2, 29), 5, date(2025, 2, 28)),
        (date(2020, 2, 29), 4, date(2024, 2, 29)),
        (date(2024, 12, 31), 1, date(2025, 12, 31)),
    ],
)
def test_it_adds_years_keeping_the_calendar_day(day, years, expected):
    assert add_years(day, years) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 8, 15), 3, date(2025, 11, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2027, 9, 1), -3, date(2027, 6, 1)),
        (date(2024, 5, 31), -3, date(2024, 2, 29)),
        (date(2024, 1, 31), 12, date(2025, 1, 31)),
        (date(2024, 1, 1), -1, date(2023, 12, 1)),
    ],
)
def test_it_adds_months_clamping_to_the_end_of_a_short_month(day, months, expected):
    assert add_months(day, months) == expected
