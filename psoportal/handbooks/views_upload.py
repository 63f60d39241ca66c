"""Uploading a new handbook version and its page with the diff against the version in force
(issue 14 §1). PSO-Nederland's back office: to anyone else these pages do not exist (404)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from psoportal.handbooks.access import get_handbook_version_for_staff
from psoportal.handbooks.diff_display import diff_display
from psoportal.handbooks.error_messages import handbook_problem
from psoportal.handbooks.forms import MAX_KB, HandbookUploadForm
from psoportal.handbooks.upload import (
    UPLOAD_SOURCE,
    HandbookUploadRefused,
    handbook_read,
    handbook_version_upload,
)
from psoportal.methodology.handbook import HANDBOOK_TEXT_MAX_BYTES, HandbookError, handbook_for
from psoportal.methodology.handbook_diff import handbook_diff
from psoportal.organisations.access import require_pso_staff


def _upload_page(request: HttpRequest, form: HandbookUploadForm, *, problem=None,
                 status: int = 200) -> HttpResponse:
    return render(request, "handbooks/upload.html", {
        "form": form, "problem": problem, "max_kb": MAX_KB,
        "in_force": handbook_for(timezone.localdate()), "nav_section": "pso_nederland",
    }, status=status)


@require_http_methods(["GET", "POST"])
def handbook_upload(request: HttpRequest) -> HttpResponse:
    require_pso_staff(request.user)
    if request.method == "GET":
        return _upload_page(request, HandbookUploadForm())
    form = HandbookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        # One byte more than allowed, so the service sees a file that grew after its size was
        # declared, and never more.
        row = handbook_version_upload(text=upload.read(HANDBOOK_TEXT_MAX_BYTES + 1),
                                      file_name=upload.name, by=request.user)
    except HandbookUploadRefused as refused:
        form.add_error("file", refused.message)
        return _upload_page(request, form, problem=refused.problem, status=400)
    messages.success(request, _(
        "Versie %(version)s is ingelezen. Hieronder staat wat er verandert ten opzichte van "
        "de versie die nu geldt.") % {"version": row.version})
    return redirect("handbooks:detail", row.pk)


@require_GET
def handbook_version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_handbook_version_for_staff(request.user, version_id)
    in_force = handbook_for(timezone.localdate())
    diff = display = problem = None
    try:
        handbook = handbook_read(version.text)
    except HandbookError as error:  # a stored text the loader of today no longer accepts
        problem = handbook_problem(error, source=UPLOAD_SOURCE)
    else:
        diff = handbook_diff(in_force, handbook)
        display = diff_display(diff, old=in_force, new=handbook)
    return render(request, "handbooks/detail.html", {
        "version": version, "in_force": in_force, "diff": diff, "display": display,
        "problem": problem, "nav_section": "pso_nederland",
    })


@require_GET
def handbook_version_file(request: HttpRequest, version_id: int) -> HttpResponse:
    """The uploaded file as it was read, under a name the server makes."""
    version = get_handbook_version_for_staff(request.user, version_id)
    response = HttpResponse(version.text.encode("utf-8"),
                            content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="pso-handboek-{version.version}.toml"')
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
