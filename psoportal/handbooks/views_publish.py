"""Publishing a handbook version: a page that says what will happen, then one POST."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from psoportal.handbooks.access import get_handbook_version_for_staff
from psoportal.handbooks.announce import announce_recipients, moving_drafts
from psoportal.handbooks.publish import (
    PublishRefused,
    announcement,
    handbook_version_publish,
    publish_check,
)
from psoportal.methodology.handbook import handbook_for
from psoportal.news.markdown import markdown_html


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_handbook_version_for_staff(request.user, version_id)
    if request.method == "POST":
        try:
            item = handbook_version_publish(version=version, by=request.user)
        except PublishRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _(
                "Versie %(version)s is gepubliceerd en gaat in op %(date)s. Het nieuwsbericht "
                "“%(title)s” staat online en gaat naar de abonnees; de Accounthouders krijgen "
                "een e-mail.") % {"version": version.version, "title": item.title,
                                  "date": f"{version.effective:%d-%m-%Y}"})
        return redirect("handbooks:publish", version.pk)
    context = {"version": version, "nav_section": "pso_nederland", "refused": ""}
    try:
        handbook = publish_check(version, today=timezone.localdate())
    except PublishRefused as refused:
        context["refused"] = str(refused)
    else:
        previous = handbook_for(handbook.effective - dt.timedelta(days=1))
        title, body = announcement(handbook, previous=previous)
        from_version = handbook.migration.from_version if handbook.migration else ""
        context.update(
            handbook=handbook, previous=previous, news_title=title,
            news_body=markdown_html(body),
            drafts=moving_drafts(from_version=from_version).count(),
            account_holders=announce_recipients(version).count(),
        )
    return render(request, "handbooks/publish.html", context)
