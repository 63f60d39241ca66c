"""Demo data of step 6: the demo applicant's rekentool has asked both demo institutions for a
quote; the first has answered, so a fresh `make run` shows quotes to compare and accept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from psoportal.assessments.demo import DEMO_NAME
from psoportal.certification.quotes import quote_answer, quote_request_create
from psoportal.organisations.demo import demo_applicant
from psoportal.organisations.models import CertifyingInstitution


def seed() -> list[tuple[str, str]]:
    organisation = demo_applicant()
    rekentool = organisation.rekentools.filter(name=DEMO_NAME).first() if organisation else None
    if rekentool is None or rekentool.quote_requests.exists():
        return []
    institutions = list(CertifyingInstitution.objects.filter(is_active=True).order_by("name"))
    requests = quote_request_create(rekentool=rekentool, user=None, institutions=institutions)
    if requests:
        first = requests[0]
        auditor = first.institution.memberships.select_related("user").first()
        quote_answer(
            request=first, user=auditor.user if auditor else None, man_days=Decimal("1.5"),
            day_rate=Decimal("1095.00"), registration_fee=Decimal("150.00"),
            licence_fee=Decimal("0"), travel=Decimal("85.00"),
            valid_until=timezone.localdate() + dt.timedelta(days=60),
            remarks="Inclusief rapportage. Audit op één locatie.",
        )
    return []
