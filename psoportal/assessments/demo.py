"""Demo rekentool for `make run`: the demo applicant gets a filled scenario (Trede 2).

Composed by `manage.py seed_demo` (psoportal/demo) after the organisations' demo data.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from psoportal.accounts.models import User
from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
from psoportal.organisations.demo import demo_applicant
from psoportal.organisations.models import Membership, Organisation

DEMO_NAME = "Peiljaar 2024 (voorbeeld)"

_EMPLOYEES = [
    ("D-001", "wia", "regular", "40", "2018-01-01"),
    ("D-002", "wajong", "regular", "32", "2020-03-01"),
    ("D-003", "ww", "regular", "32", "2022-05-01"),
    ("D-004", "participatiewet_lks", "begeleid_werken", "24", "2021-09-01"),
    ("D-005", "bbl_bol_2", "internship", "20", "2024-02-01"),
]


def demo_rekentool(organisation: Organisation, name: str, author: User | None) -> Rekentool:
    """A filled scenario (Trede 2 with every step-5 answer yes) for a demo organisation; the
    certification demo builds its applications on the same figures."""
    rekentool = Rekentool.objects.create(
        organisation=organisation,
        name=name,
        created_by=author,
        updated_by=author,
        peiljaar_start=dt.date(2024, 1, 1),
        total_fte=Decimal("120"),
        average_headcount=Decimal("135"),
        qualitative={
            "passend_werk": True,
            "integratie": True,
            "functioneren_ontwikkeling": True,
            "begeleiding": True,
        },
    )
    TargetGroupEmployee.objects.bulk_create(
        TargetGroupEmployee(
            rekentool=rekentool, ref=ref, category=category, contract=contract,
            hours_per_week=Decimal(hours), employed_from=dt.date.fromisoformat(start),
            lks_until=dt.date(2027, 12, 31) if category == "participatiewet_lks" else None,
        )
        for ref, category, contract, hours, start in _EMPLOYEES
    )
    Purchase.objects.create(
        rekentool=rekentool, supplier="Groenvoorziening De Hoven B.V.", kvk="11223344",
        kind=Purchase.Kind.PSO_CERTIFIED, amount=Decimal("60000"),
        supplier_turnover=Decimal("2000000"), supplier_weighted_fte=Decimal("25"),
    )
    return rekentool


def seed() -> list[tuple[str, str]]:
    organisation = demo_applicant()
    if organisation is None or organisation.rekentools.filter(name=DEMO_NAME).exists():
        return []
    # The demo Accounthouder made it, so Mijn overzicht shows who changed it last.
    holder = organisation.memberships.filter(role=Membership.Role.ACCOUNTHOUDER).first()
    demo_rekentool(organisation, DEMO_NAME, holder.user if holder else None)
    return []
