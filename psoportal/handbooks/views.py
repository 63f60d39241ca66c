"""The handbook versions' list (the entrance of issue 14's back office)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from psoportal.handbooks.models import HandbookVersion
from psoportal.methodology.handbook import handbook_list
from psoportal.organisations.access import require_pso_staff


@require_GET
def version_list(request: HttpRequest, version_id: int | None = None) -> HttpResponse:
    require_pso_staff(request.user)
    return render(request, "handbooks/list.html", {
        "shipped": handbook_list(), "uploaded": HandbookVersion.objects.all(),
        "nav_section": "pso_nederland",
    })
