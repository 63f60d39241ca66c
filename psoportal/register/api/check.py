"""GET /api/v1/check and POST /api/v1/check/bulk: was KvK number K certified on day D (at
level X or higher)? The bulk form answers up to MAX_BULK_KVKS numbers in two queries, in the
order asked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from psoportal.register.api import schemas
from psoportal.register.api.guard import charge
from psoportal.register.api.levels import check_level
from psoportal.register.api.present import certificate_ref
from psoportal.register.selectors import KvkCheck, kvk_checks
from psoportal.register.status import entry_status

router = Router(tags=["check"])


def _answer(check: KvkCheck, on: dt.date) -> dict[str, Any]:
    plus = check.pso30plus
    return {
        "kvk": check.kvk,
        "certified": check.certified,
        "certificate": certificate_ref(check.certificate, check.status),
        "pso30plus": certificate_ref(plus, entry_status(plus, on=on) if plus else None),
    }


@router.get("/check", response=schemas.Check, operation_id="checkKvk",
            summary="Was a KvK number certified on a day?")
def check_kvk(request: HttpRequest, query: Query[schemas.CheckQuery]):
    """Certified or not on `date` (default: today), at `minLevel` or higher when given, with
    the certificate that decides (the highest level in force that day) and a PSO 30+
    certificate in force that day."""
    on = query.date or timezone.localdate()
    check_level(query.level, on)
    [check] = kvk_checks([query.kvk], on=on, min_level=query.level or "")
    return {**_answer(check, on), "date": on, "minLevel": query.level}


@router.post("/check/bulk", response=schemas.BulkCheck, operation_id="checkKvkBulk",
             summary="Check many KvK numbers at once")
def check_kvk_bulk(request: HttpRequest, payload: schemas.BulkCheckRequest):
    """One answer per KvK number, in the order given. Costs one token per number of the
    client's `api-kvk-ip` bucket on top of the call itself."""
    on = payload.date or timezone.localdate()
    check_level(payload.minLevel, on, location="body")
    charge(request, "api-kvk-ip", weight=len(payload.kvkNumbers))
    checks = kvk_checks(payload.kvkNumbers, on=on, min_level=payload.minLevel or "")
    return {
        "date": on,
        "minLevel": payload.minLevel,
        "count": len(checks),
        "answers": [_answer(check, on) for check in checks],
    }
