from __future__ import annotations

import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from psoportal.core.storage import StorageFull
from psoportal.methodology.handbook import handbook_for

logger = logging.getLogger(__name__)


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # The ladder is described with the handbook in force today (its levels and numbers).
    return render(request, "core/home.html", {"handbook": handbook_for(timezone.localdate())})


@login_not_required
@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "core/glossary.html", {"handbook": handbook_for(timezone.localdate())})


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@login_not_required
@require_GET
def terms(request: HttpRequest) -> HttpResponse:
    # The cancellation charge is the handbook's, never a number in the text.
    table = handbook_for(timezone.localdate()).fee_table_for(timezone.localdate())
    event = table.events.get("cancel_personal_data") if table else None
    return render(request, "core/terms.html", {"cancel_fee": event.amount if event else None})


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The reason goes to the log, not to an anonymous caller.
        logger.exception("healthz: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The page for an unhandled exception (Django calls it inside its except block).

    Rendered without the request, so without context processors that could fail again (the
    database may be the thing that is down); no details are shown. Two causes that pass are
    answered 503 with Retry-After, so a proxy or monitor sees "try again" rather than a bug:
    the database unreachable (a restart or failover, tests/faults/test_database_restart.py)
    and an upload that found no room on disk (core/storage.py), which gets its own page
    saying the file was not saved."""
    exc = sys.exc_info()[1]
    if isinstance(exc, StorageFull):
        template, status = "503_storage.html", 503
    elif isinstance(exc, (OperationalError, InterfaceError)):
        template, status = "500.html", 503
    else:
        template, status = "500.html", 500
    response = HttpResponse(loader.render_to_string(template), status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return response
