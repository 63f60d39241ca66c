"""The calculation rules in words, public: what each line of "Alle rekenstappen" refers to.

Rendered from the handbook version asked for (default: the one in force today), so the weights,
periods and questions on this page are always the ones the engine uses.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from psoportal.core.templatetags.handbook import label
from psoportal.methodology.handbook import (
    HandbookNotFound,
    handbook_for,
    handbook_get,
    handbook_list,
)


@login_not_required
@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    version = request.GET.get("handboek", "")
    if version:
        try:
            handbook = handbook_get(version[:20])
        except HandbookNotFound:
            raise Http404("handbook") from None
    else:
        handbook = handbook_for(timezone.localdate())
    return render(request, "assessments/rules.html", {
        "handbook": handbook,
        "versions": [hb.version for hb in handbook_list()],
        "categories": sorted(handbook.categories.values(), key=lambda c: label(c).casefold()),
        "contracts": list(handbook.contracts.values()),
    })
