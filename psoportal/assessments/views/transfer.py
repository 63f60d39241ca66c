"""Export and import of a rekentool (JSON and Excel), and the target-group file import."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from psoportal.assessments.access import get_rekentool_for_user
from psoportal.assessments.document import rekentool_document
from psoportal.assessments.forms import EmployeeForm, UploadForm
from psoportal.assessments.pdf import proefaanvraag_pdf
from psoportal.assessments.selectors import rekentool_evaluate, rekentool_handbook
from psoportal.assessments.services import employees_import, rekentool_import_document
from psoportal.assessments.spreadsheet import (
    RowError,
    assessment_from_xlsx,
    assessment_to_xlsx,
    read_target_group,
    target_group_template,
)
from psoportal.assessments.views.common import steps_context
from psoportal.assessments.views.data import target_group_rows
from psoportal.methodology.assessment import assessment_to_dict, parse_assessment_json
from psoportal.methodology.problems import InvalidAssessment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 20 * 1024 * 1024


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # A server-made name: nothing the user typed ends up unescaped in the header.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _filename(rekentool, extension: str) -> str:
    stem = slugify(rekentool.name)[:50] or "rekentool"
    return f"rekentool-{rekentool.pk}-{stem}.{extension}"


@require_GET
def export(request: HttpRequest, rekentool_id: int, fmt: str) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    document = rekentool_document(rekentool, on=timezone.localdate())
    if fmt == "json":
        content = json.dumps(document, indent=1, ensure_ascii=False).encode()
        return _download(content, "application/json", _filename(rekentool, "json"))
    if fmt == "xlsx":
        content = assessment_to_xlsx(document, rekentool_handbook(rekentool))
        return _download(content, XLSX, _filename(rekentool, "xlsx"))
    raise Http404("format")


@require_GET
def proefaanvraag(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    content = proefaanvraag_pdf(rekentool_evaluate(rekentool))
    return _download(content, "application/pdf", _filename(rekentool, "pdf"))


@require_GET
def target_group_template_download(request: HttpRequest, rekentool_id: int,
                                   fmt: str) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    if fmt not in {"xlsx", "csv"}:
        raise Http404("format")
    content = target_group_template(rekentool_handbook(rekentool), fmt)
    content_type = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    return _download(content, content_type, f"pso-doelgroep-sjabloon.{fmt}")


def _upload_too_large(upload) -> list[RowError]:
    if upload.size > MAX_UPLOAD:
        return [RowError(row=None, column=None, code="too_large",
                         message=_("Het bestand is groter dan 20 MB."))]
    return []


@require_POST
def target_group_import(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    """All rows or none: a file with any error imports nothing and lists every error."""
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    form = UploadForm(request.POST, request.FILES)
    errors: list[RowError] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        errors = _upload_too_large(upload)
        if not errors:
            replace = form.cleaned_data["replace"]
            existing = set() if replace else set(rekentool.employees.values_list("ref", flat=True))
            result = read_target_group(
                upload.read(), upload.name, rekentool_handbook(rekentool), existing_refs=existing
            )
            errors = list(result.errors)
            if not errors:
                count = employees_import(
                    rekentool=rekentool, user=request.user, rows=result.rows, replace=replace
                )
                messages.success(
                    request, _("%(count)d medewerkers geïmporteerd.") % {"count": count}
                )
                return redirect("mijnpso:target_group", rekentool.pk)
    evaluation = rekentool_evaluate(rekentool)
    return render(
        request,
        "assessments/target_group.html",
        {
            "rekentool": rekentool,
            "organisation": rekentool.organisation,
            "evaluation": evaluation,
            "steps": steps_context(evaluation, 3),
            "form": EmployeeForm(handbook=evaluation.handbook, initial={"version": 1}),
            "upload_form": form,
            "import_errors": errors,
            **target_group_rows(request, rekentool, evaluation),
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
def import_rekentool(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    """Replace a rekentool's data by a JSON or Excel export; nothing changes on any error."""
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        errors = [e.message for e in _upload_too_large(upload)]
        if not errors:
            errors, document = _read_document(upload.read(), rekentool)
            if not errors:
                rekentool_import_document(rekentool=rekentool, user=request.user,
                                          document=document)
                messages.success(request, _("De rekentool is geïmporteerd."))
                return redirect("mijnpso:result", rekentool.pk)
    evaluation = rekentool_evaluate(rekentool)
    return render(
        request,
        "assessments/import.html",
        {
            "rekentool": rekentool,
            "organisation": rekentool.organisation,
            "evaluation": evaluation,
            "steps": steps_context(evaluation, 3),
            "form": form,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _read_document(data: bytes, rekentool) -> tuple[list[str], dict | None]:
    """A validated document from JSON or xlsx bytes, or the list of problems."""
    if data[:2] == b"PK":
        result = assessment_from_xlsx(data, rekentool_handbook(rekentool))
        if result.errors:
            return [_row_error_text(e) for e in result.errors], None
        document = result.document
        text = json.dumps(document)
    else:
        text = data
    try:
        assessment = parse_assessment_json(text)
    except InvalidAssessment as exc:
        return [str(problem) for problem in exc.problems], None
    return [], assessment_to_dict(assessment)


def _row_error_text(error: RowError) -> str:
    place = []
    if error.sheet:
        place.append(error.sheet)
    if error.row:
        place.append(_("rij %(row)d") % {"row": error.row})
    if error.column:
        place.append(error.column)
    return f"{', '.join(place)}: {error.message}" if place else error.message
