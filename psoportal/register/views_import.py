"""PSO-Nederland's import of the old portal's register (issue 12 §5): upload → dry run →
"Importeren". Staff only, like the rest of PSO-Nederland's back office: to anyone else these
pages do not exist (404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from psoportal.accounts.models import User
from psoportal.certification.models import Certificate
from psoportal.core.lib.numbers import as_count
from psoportal.core.templatetags.handbook import label
from psoportal.core.templatetags.pso_format import euro, figure
from psoportal.methodology.handbook import HandbookNotFound, handbook_for, handbook_get
from psoportal.register.forms_import import RegisterApplyForm, RegisterUploadForm
from psoportal.register.import_file import (
    COLUMNS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_DATA_ROWS,
    MAX_LISTED_ERRORS,
    ImportError,
)
from psoportal.register.import_template import column_example, column_help, register_template
from psoportal.register.models import RegisterImport
from psoportal.register.register_import import (
    DRY_RUN_VALID,
    FIELD_LABELS,
    PREVIEW_LIMIT,
    ImportRefused,
    Plan,
    PlanChanged,
    register_import_apply,
    register_import_check,
)

RECENT_IMPORTS = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _staff_only(user: User) -> None:
    if not (user.is_authenticated and user.is_staff):
        raise Http404("register import")


def _start_page(request: HttpRequest, form: RegisterUploadForm, *,
                errors: list[ImportError] = (), plan: Plan | None = None,
                status: int = 200) -> HttpResponse:
    handbook = handbook_for(timezone.localdate())
    return render(request, "register/import.html", {
        "form": form,
        "errors": errors,
        "plan": plan,
        "columns": [{"header": c.header, "required": c.required,
                     "help": column_help(c, handbook), "example": column_example(c, handbook)}
                    for c in COLUMNS],
        "limits": {"mb": MAX_BYTES // (1024 * 1024), "rows": as_count(MAX_DATA_ROWS),
                   "columns": MAX_COLUMNS, "errors": MAX_LISTED_ERRORS,
                   "hours": int(DRY_RUN_VALID.total_seconds() // 3600)},
        "imports": RegisterImport.objects.select_related("created_by", "applied_by")
        [:RECENT_IMPORTS],
    }, status=status)


@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form and the description of the format. POST: the dry run; without
    errors it is kept and shown on its own page, with errors the errors are listed here."""
    _staff_only(request.user)
    if request.method == "GET":
        return _start_page(request, RegisterUploadForm())
    form = RegisterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _start_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    plan, batch = register_import_check(data=upload.read(MAX_BYTES + 1), file_name=upload.name,
                                        actor=request.user)
    if batch is None:
        return _refused(request, form, plan)
    return redirect("register_import:batch", batch.pk)


def _refused(request: HttpRequest, form: RegisterUploadForm, plan: Plan) -> HttpResponse:
    count = plan.errors.count
    form.add_error("file", ngettext(
        "Het bestand bevat %(count)s fout; er is niets ingelezen. Verbeter het bestand en lees "
        "het opnieuw in.",
        "Het bestand bevat %(count)s fouten; er is niets ingelezen. Verbeter het bestand en lees "
        "het opnieuw in.", count) % {"count": count})
    return _start_page(request, form, errors=plan.errors.lines(), plan=plan, status=400)


@require_http_methods(["GET", "POST"])
def register_import_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    """GET: the dry run (or, once applied, what was imported). POST: "Importeren"."""
    _staff_only(request.user)
    batch = get_object_or_404(RegisterImport, pk=batch_id)
    if request.method == "GET":
        return _batch_page(request, batch)
    form = RegisterApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("De proefimport is niet herkend; bekijk de wijzigingen en "
                                  "klik opnieuw op Importeren."))
        return redirect("register_import:batch", batch.pk)
    try:
        batch = register_import_apply(batch_id=batch.pk, digest=form.cleaned_data["digest"],
                                      actor=request.user)
    except ImportRefused as refused:
        messages.error(request, str(refused))
    except PlanChanged as changed:
        if changed.plan.errors:
            return _refused(request, RegisterUploadForm(), changed.plan)
        messages.warning(request, _(
            "Het register is veranderd sinds de proefimport, dus er is niets geïmporteerd. "
            "Hieronder staat wat het bestand nu zou veranderen; controleer het en klik opnieuw "
            "op Importeren."))
    else:
        messages.success(request, _(
            "Geïmporteerd: %(new)s nieuw, %(updated)s gewijzigd, %(lapsed)s met een andere "
            "opvolging.") % {"new": batch.new, "updated": batch.updated,
                              "lapsed": batch.lapsed})
    if not RegisterImport.objects.filter(pk=batch.pk).exists():
        return redirect("register_import:start")
    return redirect("register_import:batch", batch.pk)


def _batch_page(request: HttpRequest, batch: RegisterImport) -> HttpResponse:
    preview = batch.preview or {}
    expired = (batch.status == RegisterImport.Status.DRY_RUN
               and batch.created_at < timezone.now() - DRY_RUN_VALID)
    return render(request, "register/import_batch.html", {
        "batch": batch,
        "applied": batch.status == RegisterImport.Status.APPLIED,
        "expired": expired,
        "form": RegisterApplyForm(initial={"digest": batch.plan_digest}),
        "new": [_entry(row) for row in preview.get("new", [])],
        "updated": [{**_entry(row), "changes": [_change(row, *change)
                                                for change in row["changes"]]}
                    for row in preview.get("updated", [])],
        "lapses": [_lapse(row) for row in preview.get("lapses", [])],
        "more": {"new": max(0, batch.new - PREVIEW_LIMIT),
                 "updated": max(0, batch.updated - PREVIEW_LIMIT),
                 "lapsed": max(0, batch.lapsed - PREVIEW_LIMIT)},
    })


# -- showing stored values -------------------------------------------------------------------------


def _date(value: str | None) -> str:
    return dt.date.fromisoformat(value).strftime("%d-%m-%Y") if value else "–"


def _level(version: str, code: str) -> str:
    try:
        return label(handbook_get(version).level(code))
    except (KeyError, HandbookNotFound):
        return _("onbekende trede")


def _value(name: str, value: Any, version: str) -> str:
    if value is None or value == "":
        return "–"
    if name in ("start", "end", "revoked_on"):
        return _date(value)
    if name == "supplier_turnover":
        return euro(value)
    if name == "supplier_weighted_fte":
        return figure(value)
    if name == "kvks":
        return ", ".join(value)
    if name == "kind":
        return str(Certificate.Kind(value).label)
    if name == "level":
        return _level(version, value)
    return str(value)


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    return {"row": row["row"], "number": row["number"], "organisation": row["organisation"],
            "kind": _value("kind", row["kind"], row["version"]),
            "level": _level(row["version"], row["level"]),
            "start": _date(row["start"]), "end": _date(row["end"])}


def _change(row: dict[str, Any], name: str, old: Any, new: Any) -> dict[str, str]:
    return {"field": str(FIELD_LABELS[name]), "old": _value(name, old, row["version"]),
            "new": _value(name, new, row["version"])}


def _lapse(row: dict[str, Any]) -> dict[str, str]:
    (old_on, old_by), (new_on, new_by) = row["old"], row["new"]
    return {"number": row["number"], "organisation": row["organisation"],
            "old_on": _date(old_on), "old_by": old_by or "",
            "new_on": _date(new_on), "new_by": new_by or ""}


@require_GET
def register_import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    _staff_only(request.user)
    if fmt not in ("xlsx", "csv"):
        raise Http404("format")
    content = register_template(handbook_for(timezone.localdate()), fmt)
    response = HttpResponse(content, content_type=XLSX if fmt == "xlsx"
                            else "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pso-register-sjabloon.{fmt}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
