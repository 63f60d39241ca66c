"""One rule for "meets the required level" (buyers/levels.py), shared by the portfolio, the
assessments and the compliance overview."""

from __future__ import annotations

import datetime as dt

import pytest

from psoportal.buyers.levels import level_ranks, meets_level

pytestmark = pytest.mark.no_db

RANKS = level_ranks(dt.date(2025, 6, 1))


def test_the_ladder_runs_from_aspirant_to_trede_3():
    assert RANKS["aspirant"] < RANKS["basistrede"] < RANKS["trede_1"] < RANKS["trede_3"]


@pytest.mark.parametrize(("certificate", "required", "meets"), [
    ("trede_2", "trede_1", True),
    ("trede_1", "trede_1", True),
    ("basistrede", "trede_1", False),
    ("trede_1", "", True),  # no level required: any certificate in force will do
    (None, "", False),  # no certificate in force never meets
    (None, "trede_1", False),
    ("trede_3", "trede_9", False),  # a level the ladder does not know cannot be checked
])
def test_a_certificate_meets_the_required_level_by_its_place_on_the_ladder(
        certificate, required, meets):
    assert meets_level(certificate, required, RANKS) is meets
