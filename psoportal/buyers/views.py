"""The buyer workspace's entrance: which organisations buy, turning a workspace on, its home."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from psoportal.buyers.access import (
    buyer_organisations_for_user,
    get_buyer_for_user,
    get_organisation_for_buyer_user,
)
from psoportal.buyers.selectors import workspace_summary
from psoportal.buyers.services import buyer_activate
from psoportal.buyers.watch import open_alerts
from psoportal.organisations.models import Membership


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    organisations = list(buyer_organisations_for_user(request.user))
    if len(organisations) == 1 and hasattr(organisations[0], "buyer"):
        return redirect("buyers:home", organisations[0].pk)
    return render(request, "buyers/index.html", {"organisations": organisations})


@require_POST
def activate(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, role = get_organisation_for_buyer_user(request.user, organisation_id)
    if role != Membership.Role.ACCOUNTHOUDER:
        messages.error(request, _("Alleen de Accounthouder kan de inkoopwerkruimte aanzetten."))
        return redirect("buyers:index")
    buyer_activate(organisation=organisation, by=request.user)
    messages.success(request, _("De inkoopwerkruimte staat aan. Begin met uw leveranciers."))
    return redirect("buyers:home", organisation.pk)


@require_GET
def home(request: HttpRequest, organisation_id: int) -> HttpResponse:
    buyer = get_buyer_for_user(request.user, organisation_id)
    return render(request, "buyers/home.html", {
        "buyer": buyer, "organisation": buyer.organisation,
        "summary": workspace_summary(buyer), "workspace_section": "home",
        "open_alerts": open_alerts(buyer, limit=5),
    })
