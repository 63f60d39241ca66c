"""The contract watch's page in the buyer workspace (issue 13 item 3): "Contractsignalen".

Open (unseen) alerts first, then the earlier ones: an alert stays after it is seen, so the
history of a supplier whose certificate expired stays visible, with the certificate's register
status today beside it. Filters by kind and open; "Gezien" per alert and for all at once.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from psoportal.buyers.access import get_buyer_for_user, get_contract_alert_for_user
from psoportal.buyers.models import ContractAlert
from psoportal.buyers.watch import (
    ALERT_OFFSETS_DAYS,
    alert_rows,
    alerts_for_buyer,
    contract_alert_mark_seen,
    contract_alerts_mark_all_seen,
    offsets_in_words,
)

ALERTS_PER_PAGE = 50
PAGE_PARAMETER = "pagina"
OPEN = "open"


class AlertFilterForm(forms.Form):
    soort = forms.ChoiceField(
        label=gettext_lazy("Soort signaal"), required=False,
        choices=[("", gettext_lazy("Alle soorten")), *ContractAlert.Kind.choices])
    toon = forms.ChoiceField(
        label=gettext_lazy("Welke signalen"), required=False,
        choices=[("", gettext_lazy("Alle signalen")),
                 (OPEN, gettext_lazy("Alleen nieuwe signalen"))])


def _filters(form: AlertFilterForm) -> str:
    kept = QueryDict(mutable=True)
    for name, value in form.cleaned_data.items():
        if value:
            kept[name] = value
    return kept.urlencode()


@require_GET
def alerts(request: HttpRequest, organisation_id: int) -> HttpResponse:
    buyer = get_buyer_for_user(request.user, organisation_id)
    form = AlertFilterForm(request.GET or None)
    kind, only_open, filters = "", False, ""
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["soort"]
        only_open = form.cleaned_data["toon"] == OPEN
        filters = _filters(form)
    queryset = alerts_for_buyer(buyer, kind=kind, only_open=only_open)
    page = Paginator(queryset, ALERTS_PER_PAGE).get_page(request.GET.get(PAGE_PARAMETER))
    return render(request, "buyers/alerts.html", {
        "buyer": buyer, "organisation": buyer.organisation, "workspace_section": "alerts",
        "form": form, "filters": filters, "page": page, "page_parameter": PAGE_PARAMETER,
        "page_numbers": list(page.paginator.get_elided_page_range(page.number)),
        "rows": alert_rows(page.object_list),
        "open_count": alerts_for_buyer(buyer, only_open=True).count(),
        "offsets_before": offsets_in_words(), "warns_on_the_day": 0 in ALERT_OFFSETS_DAYS,
    })


@require_POST
def alert_seen(request: HttpRequest, organisation_id: int, alert_id: int) -> HttpResponse:
    alert = get_contract_alert_for_user(request.user, organisation_id, alert_id)
    if contract_alert_mark_seen(alert=alert, by=request.user):
        messages.success(request, _("Het signaal over %(name)s staat op gezien.")
                         % {"name": alert.supplier.name})
    return redirect("buyers:alerts", organisation_id)


@require_POST
def alerts_seen_all(request: HttpRequest, organisation_id: int) -> HttpResponse:
    buyer = get_buyer_for_user(request.user, organisation_id)
    count = contract_alerts_mark_all_seen(buyer=buyer, by=request.user)
    if count:
        messages.success(request, ngettext("%(count)s signaal staat op gezien.",
                                           "%(count)s signalen staan op gezien.", count)
                         % {"count": count})
    return redirect("buyers:alerts", organisation_id)
