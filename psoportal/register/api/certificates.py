"""GET /api/v1/certificates/{number}: one certificate by its number, whatever its status."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from psoportal.register.api import schemas
from psoportal.register.api.present import certificate_detail
from psoportal.register.api.problems import problem_response
from psoportal.register.selectors import certificate_by_number

router = Router(tags=["certificates"])


class NumberPath(schemas.Strict):
    number: str = schemas.Field(..., min_length=1, max_length=30, pattern=schemas.TEXT_PATTERN,
                                description="The certificate number, e.g. PSO-2026-000123.")


@router.get("/certificates/{number}", response=schemas.Certificate,
            operation_id="getCertificate", summary="A certificate by number")
def get_certificate(request: HttpRequest, path: Path[NumberPath],
                    day: Query[schemas.DayQuery]):
    """Every certified fact and the status on `date` (default: today): also an expired,
    superseded (vervallen) or withdrawn (ingetrokken) certificate is found by its number."""
    certificate = certificate_by_number(path.number)
    if certificate is None:
        return problem_response(request, 404, detail=_(
            "Er is geen certificaat met nummer %(number)s.") % {"number": path.number.strip()})
    return certificate_detail(certificate, on=day.date or timezone.localdate())
