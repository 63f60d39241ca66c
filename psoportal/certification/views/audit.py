"""The certifying institution's audit workspace: the days, the checklist, corrections and the
report (issue 10 §5); and the report's download for every party of the application.

The workspace is the auditor's own: the applicant, PSO-Nederland and other institutions get a
404 here and read the audit's facts on the application page instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from psoportal.assessments.selectors import ROWS_PER_PAGE
from psoportal.certification.access import get_application_for_user
from psoportal.certification.audit_forms import (
    AuditPlanForm,
    ChecklistForm,
    ReportForm,
    RowCorrectionForm,
    WorkforceCorrectionForm,
)
from psoportal.certification.audits import (
    DATE,
    DECIMAL,
    FLAG,
    ROW_FIELDS,
    WORKFORCE_FIELDS,
    AuditRefused,
    audit_checks_save,
    audit_comparison,
    audit_correct,
    audit_of,
    audit_plan,
    audit_report_file,
    audited_document,
    checklist_progress,
    correction_kind,
    handbook_of,
    is_overdue,
    recommendable_levels,
    row_path,
    workforce_path,
)
from psoportal.certification.models import Application, Audit, AuditCheck, AuditCorrection
from psoportal.certification.transitions import TRANSITIONS, Party, State
from psoportal.certification.uploads import MAX_PDF_BYTES, MAX_PDF_MB, pdf_response
from psoportal.core.templatetags.handbook import label, level_label
from psoportal.core.templatetags.pso_format import figure
from psoportal.methodology.handbook import Handbook

SAMPLED_PARAMETER = "steekproef"
OTHERS_PARAMETER = "pagina"
# Room for the form fields and multipart boundaries around the file itself.
_FORM_OVERHEAD = 64 * 1024


def _institution_application(user, application_id: int) -> Application:
    """The application, for the certifying institution of its accepted quote only."""
    application, party = get_application_for_user(user, application_id)
    if party != Party.INSTITUTION:
        raise Http404("audit")
    return application


def _page(request: HttpRequest, template: str, application: Application, audit: Audit | None,
          active: str, *, status: int = 200, **context: Any) -> HttpResponse:
    today = timezone.localdate()
    return render(request, template, {
        "application": application,
        "organisation": application.organisation,
        "audit": audit,
        "handbook": handbook_of(application),
        "active": active,
        "editable": audit is not None and application.state == State.AUDIT_PLANNED,
        "overdue": audit is not None and is_overdue(audit, today),
        **context,
    }, status=status)


def _add_errors(form, exc: AuditRefused,
                field_of: Callable[[str | None], str | None] | None = None) -> None:
    """The service's refusals on the form: on their field when the form has it."""
    for field, message in exc.errors:
        name = field_of(field) if field_of else field
        form.add_error(name if name in form.fields else None, message)


def _planned(request: HttpRequest, application: Application) -> Audit | HttpResponse:
    audit = audit_of(application)
    if audit is None:
        messages.info(request, _("Plan eerst de auditdagen."))
        return redirect("certification:audit", application.pk)
    return audit


# -- the days --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def audit(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _institution_application(request.user, application_id)
    found = audit_of(application)
    form = AuditPlanForm(initial={"first_day": found.first_day, "last_day": found.last_day}
                         if found else None)
    if request.method == "POST":
        form = AuditPlanForm(request.POST)
        if form.is_valid():
            try:
                audit_plan(application=application, first_day=form.cleaned_data["first_day"],
                           last_day=form.cleaned_data["last_day"], user=request.user,
                           party=Party.INSTITUTION)
            except AuditRefused as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("De auditdagen zijn opgeslagen."))
                return redirect("certification:audit", application.pk)
    return _page(
        request, "certification/audit.html", application, found, "plan",
        status=400 if form.is_bound else 200, form=form,
        can_plan=application.state in TRANSITIONS["plan_audit"].sources,
        progress=checklist_progress(found) if found else None,
        corrections=found.corrections.count() if found else 0,
    )


# -- the checklist ---------------------------------------------------------------------------


def _paginate(queryset, number: str | None) -> Page:
    return Paginator(queryset, ROWS_PER_PAGE).get_page(number)


def _page_links(request: HttpRequest, page: Page, parameter: str) -> list[dict]:
    """Links to the other pages of one list, keeping the other list's page."""
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            links.append({"number": number, "href": ""})
            continue
        query = request.GET.copy()
        query[parameter] = number
        links.append({"number": number, "href": "?" + query.urlencode(),
                      "current": number == page.number})
    return links


def _row_facts(row: dict[str, Any] | None, handbook: Handbook) -> dict[str, Any]:
    if row is None:
        return {}
    category = handbook.categories.get(row.get("category"))
    contract = handbook.contracts.get(row.get("contract"))
    return {
        "category": label(category) if category else row.get("category"),
        "contract": label(contract) if contract else row.get("contract"),
        "hours": row.get("hours_per_week"),
        "employed_from": _date(row.get("employed_from")),
        "employed_until": _date(row.get("employed_until")),
    }


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


@require_http_methods(["GET", "POST"])
def audit_checklist(request: HttpRequest, application_id: int) -> HttpResponse:
    """The aspects, the sampled rows and (folded away, a page at a time) the other rows: the
    form holds only what the page shows, so a Z of thousands costs one page of fields."""
    application = _institution_application(request.user, application_id)
    audit = _planned(request, application)
    if isinstance(audit, HttpResponse):
        return audit
    handbook = handbook_of(application)
    by_code = {aspect.code: aspect for aspect in handbook.aspects}
    names = {code: label(aspect) for code, aspect in by_code.items()}
    aspects = list(audit.checks.filter(kind=AuditCheck.Kind.ASPECT))
    employees = audit.checks.filter(kind=AuditCheck.Kind.EMPLOYEE).order_by("id")
    sampled = _paginate(employees.filter(sampled=True), request.GET.get(SAMPLED_PARAMETER))
    others = _paginate(employees.filter(sampled=False), request.GET.get(OTHERS_PARAMETER))
    shown = [(check, names.get(check.key, check.label)) for check in aspects]
    shown += [(check, check.label) for check in [*sampled.object_list, *others.object_list]]
    form = ChecklistForm(request.POST if request.method == "POST" else None, checks=shown)
    if request.method == "POST" and form.is_valid():
        try:
            audit_checks_save(audit=audit, party=Party.INSTITUTION, user=request.user,
                              outcomes=form.outcomes())
        except AuditRefused as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("De checklist is opgeslagen."))
            return redirect(request.get_full_path())
    rows = audited_document(audit).get("target_group") or []

    def entry(check: AuditCheck, name: str) -> dict[str, Any]:
        index = int(check.key) if check.kind == AuditCheck.Kind.EMPLOYEE else None
        return {
            "check": check, "name": name, "index": index,
            "aspect": by_code.get(check.key) if index is None else None,
            "number": None if index is None else index + 1,
            "row": _row_facts(rows[index] if index is not None and index < len(rows) else None,
                              handbook),
            "outcome": form[f"outcome_{check.pk}"], "note": form[f"note_{check.pk}"],
        }

    others_entries = [entry(check, check.label) for check in others.object_list]
    return _page(
        request, "certification/audit_checklist.html", application, audit, "checklist",
        status=400 if form.is_bound else 200, form=form,
        aspects=[entry(check, name) for check, name in shown[: len(aspects)]],
        sampled=[entry(check, check.label) for check in sampled.object_list],
        others=others_entries,
        sampled_page=sampled, sampled_links=_page_links(request, sampled, SAMPLED_PARAMETER),
        others_page=others, others_links=_page_links(request, others, OTHERS_PARAMETER),
        others_open=OTHERS_PARAMETER in request.GET or any(
            e["outcome"].errors or e["note"].errors for e in others_entries),
        progress=checklist_progress(audit),
    )


# -- corrections -----------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _shown(path: str, value: str, handbook: Handbook) -> str:
    """A stored correction value as the page shows it: 59,6 · 15-08-2025 · Ja · the label."""
    if value == "":
        return "–"
    kind = correction_kind(path)
    if kind == DECIMAL:
        return figure(value)
    if kind == DATE:
        return date_format(dt.date.fromisoformat(value), "d-m-Y")
    if kind == FLAG:
        return _("Ja") if value == "true" else _("Nee")
    codes = handbook.categories if path.endswith(".category") else handbook.contracts
    return label(codes[value]) if value in codes else value


def _field_labels() -> dict[str, str]:
    labels = {name: str(field.label) for name, field in WorkforceCorrectionForm.base_fields.items()}
    labels.update({name: str(field.label) for name, field in RowCorrectionForm.base_fields.items()})
    return labels


def _correction_lines(corrections: list[AuditCorrection], document: dict[str, Any],
                      handbook: Handbook) -> list[dict[str, Any]]:
    labels = _field_labels()
    rows = document.get("target_group") or []
    lines = []
    for correction in corrections:
        key = correction.field.rsplit(".", 1)[-1]
        where = None
        if correction.field.startswith("target_group["):
            index = int(correction.field[len("target_group["):].split("]", 1)[0])
            ref = rows[index].get("ref") if index < len(rows) else ""
            where = {"index": index, "number": index + 1, "ref": ref}
        lines.append({
            "correction": correction, "where": where, "label": labels.get(key, key),
            "original": _shown(correction.field, correction.original, handbook),
            "corrected": _shown(correction.field, correction.corrected, handbook),
        })
    return lines


def _find_row(document: dict[str, Any], ref: str) -> int | None:
    for index, row in enumerate(document.get("target_group") or []):
        if str(row.get("ref", "")).strip() == ref:
            return index
    return None


@require_http_methods(["GET", "POST"])
def audit_corrections(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _institution_application(request.user, application_id)
    audit = _planned(request, application)
    if isinstance(audit, HttpResponse):
        return audit
    document = audited_document(audit)
    ref = request.GET.get("referentie", "").strip()[:100]
    ref_error = ""
    if ref:
        index = _find_row(document, ref)
        if index is not None:
            return redirect("certification:audit_correct_row", application.pk, index)
        ref_error = _("Geen doelgroepmedewerker met deze referentie in de aanvraag.")
    workforce = document.get("workforce") or {}
    form = WorkforceCorrectionForm(
        request.POST if request.method == "POST" else None,
        initial={key: _decimal(workforce.get(key)) for key in WORKFORCE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        changes = {workforce_path(key): form.cleaned_data[key] for key in WORKFORCE_FIELDS}
        if _correct(request, audit, changes, form):
            return redirect("certification:audit_corrections", application.pk)
    page = _paginate(audit.corrections.select_related("by"), request.GET.get(OTHERS_PARAMETER))
    handbook = handbook_of(application)
    return _page(
        request, "certification/audit_corrections.html", application, audit, "corrections",
        status=400 if form.is_bound or ref_error else 200, form=form, ref=ref,
        ref_error=ref_error, comparison=audit_comparison(application, audit),
        corrections=_correction_lines(list(page.object_list), document, handbook),
        corrections_page=page, corrections_links=_page_links(request, page, OTHERS_PARAMETER),
    )


def _correct(request: HttpRequest, audit: Audit, changes: dict[str, Any], form) -> bool:
    try:
        made = audit_correct(audit=audit, party=Party.INSTITUTION, user=request.user,
                             changes=changes, note=form.cleaned_data["note"])
    except AuditRefused as exc:
        _add_errors(form, exc, lambda path: path.rsplit(".", 1)[-1] if path else None)
        return False
    audit.refresh_from_db()
    comparison = audit_comparison(audit.application, audit)
    saved = ngettext("%(count)s correctie opgeslagen.", "%(count)s correcties opgeslagen.",
                     len(made)) % {"count": len(made)}
    messages.success(request, f"{saved} {comparison.level_change}")
    return True


@require_http_methods(["GET", "POST"])
def audit_correct_row(request: HttpRequest, application_id: int, row: int) -> HttpResponse:
    application = _institution_application(request.user, application_id)
    audit = _planned(request, application)
    if isinstance(audit, HttpResponse):
        return audit
    rows = audited_document(audit).get("target_group") or []
    if row >= len(rows):
        raise Http404("row")
    current = rows[row]
    handbook = handbook_of(application)
    initial = {key: current.get(key) for key in ROW_FIELDS}
    initial["hours_per_week"] = _decimal(current.get("hours_per_week"))
    for key, kind in ROW_FIELDS.items():
        if kind == DATE:
            initial[key] = _date(current.get(key))
    form = RowCorrectionForm(request.POST if request.method == "POST" else None,
                             handbook=handbook, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {row_path(row, key): form.cleaned_data[key] for key in ROW_FIELDS}
        if _correct(request, audit, changes, form):
            return redirect("certification:audit_corrections", application.pk)
    submitted = (application.document.get("target_group") or [])[row]
    return _page(
        request, "certification/audit_correct_row.html", application, audit, "corrections",
        status=400 if form.is_bound else 200, form=form, row=row, number=row + 1,
        ref=current.get("ref", ""), submitted=_submitted_row(submitted, handbook),
    )


def _submitted_row(row: dict[str, Any], handbook: Handbook) -> list[tuple[str, str]]:
    """The row as the applicant submitted it, field by field, for the auditor to compare."""
    labels = _field_labels()
    return [(labels[key], _shown(row_path(0, key), _stored(row.get(key)), handbook))
            for key in ROW_FIELDS]


def _stored(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- the report ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def audit_report(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _institution_application(request.user, application_id)
    audit = _planned(request, application)
    if isinstance(audit, HttpResponse):
        return audit
    handbook = handbook_of(application)
    levels = [("", _("Kies een trede"))] + [
        (code, level_label(handbook, code)) for code in recommendable_levels(audit)]
    form = ReportForm(levels=levels)
    error, status = "", 200
    if request.method == "POST":
        # A body far above the limit is refused before Django spools it to disk.
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_PDF_BYTES + _FORM_OVERHEAD:
            error = _("Het bestand is groter dan %(mb)s MB.") % {"mb": MAX_PDF_MB}
            status = 413
        else:
            form, status = ReportForm(request.POST, request.FILES, levels=levels), 400
            if form.is_valid() and _file_report(request, audit, form):
                return redirect("certification:application", application.pk)
    return _page(
        request, "certification/audit_report.html", application, audit, "report",
        status=status, form=form, error=error, progress=checklist_progress(audit),
        comparison=audit_comparison(application, audit),
    )


def _file_report(request: HttpRequest, audit: Audit, form: ReportForm) -> bool:
    data = form.cleaned_data
    try:
        audit_report_file(audit=audit, party=Party.INSTITUTION, user=request.user,
                          findings=data["findings"], recommended_level=data["recommended_level"],
                          upload=data["report_file"])
    except AuditRefused as exc:
        _add_errors(form, exc)
        return False
    messages.success(request, _("Het auditrapport is ingediend."))
    return True


@require_GET
def audit_report_download(request: HttpRequest, application_id: int) -> FileResponse:
    """The report, for the parties of the application only (the access helper's 404 for
    anyone else), always as a download under the name it was uploaded with."""
    application, _party = get_application_for_user(request.user, application_id)
    found = audit_of(application)
    if found is None:
        raise Http404("report")
    response = pdf_response(found.report_file, found.report_filename)
    response["Cache-Control"] = "no-store"
    return response
