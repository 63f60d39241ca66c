"""The contract watch's job (issue 13 item 3): each alert due on the run's day (buyers/watch.py
decides which) is claimed with effect_once and written with its e-mails in the claim's
transaction, so two runs, or two copies at once, tell the buyer once. The alert row's own
unique constraint is the second lock: an alert written without a claim is never written again.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from psoportal.buyers.watch import alerts_due, contract_alert_create
from psoportal.schedule.claims import effect_once

JOB = "contract_alert"


def contract_alerts_send(as_of: dt.date) -> int:
    """The job: every alert due on `as_of` once; how many were written now."""
    return sum(effect_once(JOB, due.key, partial(contract_alert_create, due=due))
               for due in alerts_due(as_of))
