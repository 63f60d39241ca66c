"""The banner of a draft moved to a new handbook version: "Gezien" hides it (issue 14 item 4)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from psoportal.handbooks.access import get_draft_migration_for_user
from psoportal.handbooks.migration import draft_migration_dismiss


@require_POST
def migration_seen(request: HttpRequest, rekentool_id: int, migration_id: int) -> HttpResponse:
    record = get_draft_migration_for_user(request.user, rekentool_id, migration_id)
    draft_migration_dismiss(record=record, user=request.user)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return redirect("mijnpso:rekentool", rekentool_id)
    return redirect(target)
