"""Export and import of a rekentool (JSON and Excel), and the target-group file import."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from psoportal.assessments.access import get_rekentool_for_user
from psoportal.assessments.document import rekentool_document
from psoportal.assessments.forms import EmployeeForm, UploadForm
from psoportal.assessments.pdf import proefaanvraag_pdf
from psoportal.assessments.problem_messages import problem_line, problem_lines
from psoportal.assessments.selectors import (
    rekentool_evaluate,
    rekentool_export_document,
    rekentool_handbook,
    rekentool_result_document,
)
from psoportal.assessments.services import employees_import, rekentool_import_document
from psoportal.assessments.spreadsheet import (
    RowError,
    assessment_from_xlsx,
    assessment_to_xlsx,
    read_target_group,
    target_group_template,
)
from psoportal.assessments.spreadsheet.sources import MAX_BYTES
from psoportal.assessments.views.common import refuse_when_frozen, steps_context
from psoportal.assessments.views.data import target_group_rows
from psoportal.core.lib.numbers import as_count
from psoportal.methodology.assessment import (
    assessment_to_dict,
    parse_assessment,
    parse_assessment_json,
)
from psoportal.methodology.limits import MAX_TARGET_GROUP_ROWS
from psoportal.methodology.problems import InvalidAssessment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# One upload limit for every import (the spreadsheet reader checks the same bytes again).
MAX_UPLOAD = MAX_BYTES


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
    if fmt not in {"json", "xlsx"}:
        raise Http404("format")
    document = rekentool_export_document(rekentool, on=timezone.localdate())
    if fmt == "json":
        content = json.dumps(document, indent=1, ensure_ascii=False).encode()
        return _download(content, "application/json", _filename(rekentool, "json"))
    result = rekentool_result_document(document)
    content = assessment_to_xlsx(document, rekentool_handbook(rekentool), result)
    return _download(content, XLSX, _filename(rekentool, "xlsx"))


@require_GET
def result_export(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    """The result as `pso score` prints it for the JSON export (a second download beside it)."""
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    document = rekentool_export_document(rekentool, on=timezone.localdate())
    result = rekentool_result_document(document)
    if result is None:
        text = _("Nog geen uitslag: de gegevens van de rekentool zijn onvolledig of bevatten "
                 "fouten.")
        return HttpResponse(text, status=409, content_type="text/plain; charset=utf-8")
    content = json.dumps(result, indent=1, ensure_ascii=False).encode()
    return _download(content, "application/json", _filename(rekentool, "uitslag.json"))


@require_GET
def proefaanvraag(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    content = proefaanvraag_pdf(rekentool_evaluate(rekentool))
    return _download(content, "application/pdf", _filename(rekentool, "pdf"))


@require_GET
def target_group_template_download(
    request: HttpRequest, rekentool_id: int, fmt: str
) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    if fmt not in {"xlsx", "csv"}:
        raise Http404("format")
    content = target_group_template(rekentool_handbook(rekentool), fmt)
    content_type = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    return _download(content, content_type, f"pso-doelgroep-sjabloon.{fmt}")


def _upload_too_large(upload) -> list[RowError]:
    if upload.size > MAX_UPLOAD:
        message = _(
            "Het bestand is groter dan %(limit)s MB. Maak het kleiner (bijvoorbeeld zonder "
            "overbodige werkbladen) en probeer het opnieuw."
        ) % {"limit": MAX_UPLOAD // 1024 // 1024}
        return [RowError(row=None, column=None, code="too_large", message=message)]
    return []


@require_POST
@refuse_when_frozen("mijnpso:target_group")
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
            errors = list(result.errors) or _group_errors(rekentool, result.rows, replace)
            if not errors:
                count = employees_import(
                    rekentool=rekentool, user=request.user, rows=result.rows, replace=replace
                )
                messages.success(
                    request, _("%(count)d medewerkers geïmporteerd.") % {"count": count}
                )
                return redirect("mijnpso:target_group", rekentool.pk)
    if errors:  # the page's error summary links to the file field, beside the full list
        form.add_error("file", ngettext(
            "Het bestand bevat %(count)d fout; er is niets geïmporteerd.",
            "Het bestand bevat %(count)d fouten; er is niets geïmporteerd.",
            _count(errors),
        ) % {"count": _count(errors)})
    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
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
            "import_error_count": _count(errors),
        },
        status=400,
    )


def _group_errors(rekentool, rows: list[dict], replace: bool) -> list[RowError]:
    """What is wrong with the target group as a whole once the rows are in: more employees than
    a rekentool holds, or what the engine refuses for the whole group (Σ fte above the total
    fte T)."""
    existing = [] if replace else list(rekentool.employees.all())
    total = len(existing) + len(rows)
    if total > MAX_TARGET_GROUP_ROWS:
        message = _(
            "Met dit bestand erbij heeft de rekentool %(total)s doelgroepmedewerkers; hoogstens "
            "%(limit)s mag. Vink 'vervangen' aan of importeer minder regels."
        ) % {
            "total": as_count(total),
            "limit": as_count(MAX_TARGET_GROUP_ROWS),
        }
        return [RowError(row=None, column=None, message=message, code="too_many_employees")]
    document = rekentool_document(rekentool, on=timezone.localdate(), employees=existing)
    document["target_group"] = document["target_group"] + rows
    try:
        parse_assessment(document)
    except InvalidAssessment as exc:
        group = [p for p in exc.problems if p.path == "target_group"]
        return [RowError(row=None, column=None, message=problem_line(p), code=p.code)
                for p in group]  # fmt: skip
    return []


@require_http_methods(["GET", "POST"])
@refuse_when_frozen("mijnpso:data", also_get=True)
def import_rekentool(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    """Replace a rekentool's data by a JSON or Excel export; nothing changes on any error."""
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    form = UploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        errors = [e.message for e in _upload_too_large(upload)]
        if not errors:
            errors, document = _read_document(upload.read(), rekentool)
            if not errors:
                _keep_following_the_version_in_force(rekentool, document)
                rekentool_import_document(rekentool=rekentool, user=request.user, document=document)
                messages.success(request, _("De rekentool is geïmporteerd."))
                return redirect("mijnpso:result", rekentool.pk)
    if errors:  # the page's error summary links to the file field, beside the full list
        form.add_error("file", _("Het bestand is niet ingelezen; er is niets gewijzigd."))
    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
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


def _keep_following_the_version_in_force(rekentool, document: dict) -> None:
    """An export names the version it was scored with. Re-importing it keeps that version; a
    rekentool that follows the version in force keeps following it when the file names that
    very version (so an export and re-import changes nothing)."""
    named = document.get("handbook")
    if not rekentool.handbook_version and named == rekentool_handbook(rekentool).version:
        document["handbook"] = None


def _count(errors: list[RowError]) -> int:
    """How many errors a file has: the closing "… en nog N fouten" line stands for N."""
    return sum(error.hidden or 1 for error in errors)


def _read_document(data: bytes, rekentool) -> tuple[list[str], dict | None]:
    """A validated document from JSON or xlsx bytes, or the list of problems (Dutch)."""
    if data[:2] == b"PK":
        result = assessment_from_xlsx(data, rekentool_handbook(rekentool))
        if result.errors:
            return [_row_error_text(e) for e in result.errors], None
        document = result.document
        text: str | bytes = json.dumps(document)
    else:
        text = data
    try:
        assessment = parse_assessment_json(text)
    except InvalidAssessment as exc:
        return problem_lines(exc.problems), None
    return [], assessment_to_dict(assessment)


def _row_error_text(error: RowError) -> str:
    place = []
    # A whole-sheet message ("Het werkblad 'Rekentool' heeft …") names its sheet already.
    if error.sheet and (error.row is not None or f"'{error.sheet}'" not in error.message):
        place.append(error.sheet)
    if error.row:
        place.append(_("rij %(row)d") % {"row": error.row})
    if error.column:
        place.append(error.column)
    return f"{', '.join(place)}: {error.message}" if place else error.message
