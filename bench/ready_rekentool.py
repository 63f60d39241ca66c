"""A complete rekentool with an accepted quote: what step 6 needs before a submission.

One definition for the step-6 benchmark (bench/applications.py), the load test
(bench/load_seed.py) and the fault injection (tests/faults/seed.py), so all three submit the
same thing. Import it after django.setup(): the models are imported where they are used.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

# Three target-group employees and every step-5 question answered: enough for a level.
EMPLOYEES = [("D-001", "wia", "40", "2018-01-01"), ("D-002", "wia", "40", "2018-01-01"),
             ("D-003", "ww", "32", "2022-05-01")]
ANSWERS = {"passend_werk": True, "integratie": True, "functioneren_ontwikkeling": True,
           "begeleiding": True}


def complete_rekentool(organisation, name: str = "Peiljaar 2024"):
    """A rekentool of peiljaar 2024 with staff, fte, the employees above and step 5 answered."""
    from psoportal.assessments.models import Rekentool, TargetGroupEmployee

    tool = Rekentool.objects.create(
        organisation=organisation, name=name, peiljaar_start=dt.date(2024, 1, 1),
        total_fte=Decimal("50"), average_headcount=Decimal("55"), qualitative=ANSWERS,
    )
    TargetGroupEmployee.objects.bulk_create(
        TargetGroupEmployee(rekentool=tool, ref=ref, category=category, contract="regular",
                            hours_per_week=Decimal(hours),
                            employed_from=dt.date.fromisoformat(start),
                            inflow_date=dt.date.fromisoformat(start))
        for ref, category, hours, start in EMPLOYEES
    )
    return tool


def quote_accepted(tool, user, institution, auditor) -> None:
    """A quote requested, answered and accepted: the rekentool can be submitted at step 6."""
    from django.utils import timezone

    from psoportal.certification.quotes import quote_accept, quote_answer, quote_request_create

    [request] = quote_request_create(rekentool=tool, user=user, institutions=[institution])
    quote = quote_answer(request=request, user=auditor, man_days=Decimal(1),
                         day_rate=Decimal(1000),
                         valid_until=timezone.localdate() + dt.timedelta(days=30))
    quote_accept(quote=quote, user=user)
