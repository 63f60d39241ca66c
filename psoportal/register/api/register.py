"""GET /api/v1/register: the register search, with the filters of the register page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from psoportal.register.api import schemas
from psoportal.register.api.levels import check_level
from psoportal.register.api.present import entry
from psoportal.register.selectors import RegisterQuery, register_entries, register_queryset

router = Router(tags=["register"])


@router.get("/register", response=schemas.RegisterPage, operation_id="searchRegister",
            summary="Search the register")
def search_register(request: HttpRequest, filters: Query[schemas.RegisterFilters]):
    """Certificates in force on `date` (default: today) that match every filter given, one page
    at a time. Expired, superseded and withdrawn certificates are found by a date on which they
    were in force, and always by number (/certificates/{number})."""
    on = filters.date or timezone.localdate()
    check_level(filters.minLevel, on)
    query = RegisterQuery(
        on=on, name=filters.name.strip(), place=filters.place.strip(), kvk=filters.kvk or "",
        min_level=filters.minLevel or "", pso30plus=filters.pso30plus,
        institution=filters.institution.strip(), sort=filters.sort,
    )
    certificates = register_queryset(query)
    total = certificates.count()
    first = (filters.page - 1) * filters.pageSize
    page = certificates[first:first + filters.pageSize] if first < total else []
    return {
        "date": on,
        "total": total,
        "page": filters.page,
        "pageSize": filters.pageSize,
        "entries": [entry(item) for item in register_entries(page, on=on)],
    }
