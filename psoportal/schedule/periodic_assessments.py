"""The periodic supplier assessments' job (issue 13 item 4): each (buyer, period) that
buyers/periodic.py finds due is claimed with effect_once and recorded in the claim's
transaction, so two runs, or two copies at once, record it once."""

from __future__ import annotations

import datetime as dt
from functools import partial

from psoportal.buyers.periodic import periodic_assessment_create, periodic_assessments_due
from psoportal.schedule.claims import effect_once

JOB = "periodic_assessment"


def periodic_assessments_record(as_of: dt.date) -> int:
    """The job: the assessment of each buyer whose period has begun without one."""
    return sum(effect_once(JOB, due.key, partial(periodic_assessment_create, due=due,
                                                 as_of=as_of))
               for due in periodic_assessments_due(as_of))
