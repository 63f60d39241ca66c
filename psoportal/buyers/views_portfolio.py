"""The supplier portfolio (issue 13 §2): the table with the register's answer for each
supplier, its downloads, one supplier at a time, and the import of a file."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from psoportal.assessments.spreadsheet.errors import MAX_SHOWN_ERRORS
from psoportal.buyers import portfolio_exports
from psoportal.buyers.access import get_buyer_for_user, get_supplier_for_user
from psoportal.buyers.forms_portfolio import (
    STATUS_BELOW,
    STATUS_EXPIRES,
    STATUS_NIVEAU1,
    PortfolioFilterForm,
    SupplierForm,
    SupplierUploadForm,
)
from psoportal.buyers.models import Buyer
from psoportal.buyers.portfolio import (
    FLAG_BELOW,
    FLAG_EXPIRES,
    FLAG_NIVEAU1,
    filter_rows,
    niveau_label,
    portfolio_counts,
    portfolio_rows,
    sort_rows,
)
from psoportal.buyers.portfolio_import import (
    COLUMNS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    read_supplier_file,
)
from psoportal.buyers.services_portfolio import (
    MAX_SUPPLIERS,
    DuplicateSupplier,
    ImportRefused,
    PortfolioFull,
    portfolio_import,
    supplier_create,
    supplier_delete,
    supplier_update,
)
from psoportal.core.lib.numbers import as_count
from psoportal.register.import_file import level_names
from psoportal.register.status import register_handbook

PAGE_SIZE = 25
PAGE_PARAMETER = "pagina"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}
FLAGS = {STATUS_NIVEAU1: FLAG_NIVEAU1, STATUS_EXPIRES: FLAG_EXPIRES, STATUS_BELOW: FLAG_BELOW}
SORTS = {
    "naam": "name", "-naam": "-name", "kvk": "kvk", "categorie": "category",
    "niveau": "niveau", "status": "status", "trede": "level", "-trede": "-level",
    "einde": "certificate_end", "contracteinde": "contract_end",
}


def _context(buyer: Buyer, **extra) -> dict:
    return {"buyer": buyer, "organisation": buyer.organisation,
            "workspace_section": "suppliers", **extra}


def _filters(request: HttpRequest) -> str:
    """The table's query string (its fields only, empty ones left out) for page links and
    downloads."""
    kept = QueryDict(mutable=True)
    for name, value in request.GET.items():
        if name in PortfolioFilterForm.base_fields and value.strip():
            kept[name] = value
    return kept.urlencode()


def _filtered(request: HttpRequest, buyer: Buyer):
    """(form, all rows, the rows the filters keep, sorted) for today."""
    form = PortfolioFilterForm(request.GET, buyer=buyer)
    rows = portfolio_rows(buyer, on=timezone.localdate())
    if not form.is_valid():
        return form, rows, None
    data = form.cleaned_data
    kept = filter_rows(rows, search=data["zoek"], category_id=data["categorie"],
                       niveau=data["niveau"], flag=FLAGS.get(data["status"], ""))
    return form, rows, sort_rows(kept, SORTS.get(data["sortering"] or "", "name"))


@require_GET
def suppliers(request: HttpRequest, organisation_id: int) -> HttpResponse:
    buyer = get_buyer_for_user(request.user, organisation_id)
    form, rows, kept = _filtered(request, buyer)
    context = _context(buyer, form=form, counts=portfolio_counts(rows),
                       filters=_filters(request), status_niveau1=STATUS_NIVEAU1,
                       status_expires=STATUS_EXPIRES, status_below=STATUS_BELOW,
                       max_suppliers=MAX_SUPPLIERS)
    if kept is not None:
        page = Paginator(kept, PAGE_SIZE).get_page(request.GET.get(PAGE_PARAMETER))
        context.update(
            page=page, page_parameter=PAGE_PARAMETER,
            page_numbers=list(page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1)),
            rows=[(row, niveau_label(row.niveau)) for row in page.object_list],
            sort=form.cleaned_data["sortering"] or "naam",
        )
    return render(request, "buyers/suppliers.html", context)


@require_GET
def suppliers_export(request: HttpRequest, organisation_id: int, fmt: str) -> HttpResponse:
    """The filtered table (every page) as .csv or .xlsx."""
    buyer = get_buyer_for_user(request.user, organisation_id)
    if fmt not in FORMATS:
        raise Http404("format")
    _form, _rows, kept = _filtered(request, buyer)
    if kept is None:
        # The table says what to correct.
        return redirect(f"{reverse('buyers:suppliers', args=[buyer.organisation_id])}"
                        f"?{_filters(request)}")
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(
            portfolio_exports.csv_lines(kept), content_type=FORMATS[fmt])
    else:
        response = HttpResponse(portfolio_exports.xlsx_bytes(kept), content_type=FORMATS[fmt])
    # A server-made name: nothing the visitor typed ends up in the header.
    response["Content-Disposition"] = (
        f'attachment; filename="leveranciers-{timezone.localdate():%Y-%m-%d}.{fmt}"')
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _supplier_fields(form: SupplierForm) -> dict:
    return dict(form.cleaned_data)


@require_http_methods(["GET", "POST"])
def supplier_add(request: HttpRequest, organisation_id: int) -> HttpResponse:
    buyer = get_buyer_for_user(request.user, organisation_id)
    form = SupplierForm(request.POST or None, buyer=buyer)
    if request.method == "POST" and form.is_valid():
        try:
            supplier = supplier_create(buyer=buyer, by=request.user, **_supplier_fields(form))
        except PortfolioFull as full:
            form.add_error(None, str(full))
        except DuplicateSupplier:
            form.add_error("kvk", _("Dit KvK-nummer staat al in uw leveranciers."))
        else:
            messages.success(request, _("%(name)s is toegevoegd.") % {"name": supplier.name})
            return redirect("buyers:suppliers", buyer.organisation_id)
    return render(request, "buyers/supplier_form.html", _context(buyer, form=form,
                                                                 supplier=None))


@require_http_methods(["GET", "POST"])
def supplier_edit(request: HttpRequest, organisation_id: int, supplier_id: int) -> HttpResponse:
    supplier = get_supplier_for_user(request.user, organisation_id, supplier_id)
    buyer = supplier.buyer
    form = SupplierForm(request.POST or None, buyer=buyer, instance=supplier)
    if request.method == "POST" and form.is_valid():
        try:
            supplier_update(supplier=supplier, by=request.user, **_supplier_fields(form))
        except DuplicateSupplier:
            form.add_error("kvk", _("Dit KvK-nummer staat al in uw leveranciers."))
        else:
            messages.success(request, _("%(name)s is opgeslagen.") % {"name": supplier.name})
            return redirect("buyers:suppliers", buyer.organisation_id)
    [row] = portfolio_rows(buyer, on=timezone.localdate(), suppliers=[supplier])
    return render(request, "buyers/supplier_form.html", _context(
        buyer, form=form, supplier=supplier, row=row))


@require_http_methods(["GET", "POST"])
def supplier_delete_view(request: HttpRequest, organisation_id: int,
                         supplier_id: int) -> HttpResponse:
    supplier = get_supplier_for_user(request.user, organisation_id, supplier_id)
    buyer = supplier.buyer
    if request.method == "POST":
        name = supplier.name
        supplier_delete(supplier=supplier, by=request.user)
        messages.success(request, _("%(name)s is verwijderd uit uw leveranciers.")
                         % {"name": name})
        return redirect("buyers:suppliers", buyer.organisation_id)
    return render(request, "buyers/supplier_delete.html", _context(buyer, supplier=supplier))


def _import_context(buyer: Buyer, **extra) -> dict:
    return _context(
        buyer, columns=COLUMNS,
        limits={"rows": as_count(MAX_ROWS), "mb": MAX_BYTES // (1024 * 1024),
                "columns": MAX_COLUMNS, "suppliers": as_count(MAX_SUPPLIERS),
                "errors": MAX_SHOWN_ERRORS},
        categories_text=", ".join(category.name for category in buyer.categories.all()) or "–",
        levels_text=level_names(register_handbook(timezone.localdate())), **extra)


@require_http_methods(["GET", "POST"])
def suppliers_import(request: HttpRequest, organisation_id: int) -> HttpResponse:
    buyer = get_buyer_for_user(request.user, organisation_id)
    form = SupplierUploadForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = read_supplier_file(
            upload.read(), upload.name or "", categories=buyer.categories.all(),
            handbook=register_handbook(timezone.localdate()))
        try:
            summary = portfolio_import(buyer=buyer, by=request.user, result=result,
                                       file_name=upload.name or "")
        except ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(request, _(
                "Het bestand is ingelezen: %(created)s nieuw, %(updated)s bijgewerkt, "
                "%(unchanged)s ongewijzigd.")
                % {"created": as_count(summary.created), "updated": as_count(summary.updated),
                   "unchanged": as_count(summary.unchanged)})
            return redirect("buyers:suppliers", buyer.organisation_id)
    return render(request, "buyers/suppliers_import.html",
                  _import_context(buyer, form=form, errors=errors))


@require_GET
def suppliers_template(request: HttpRequest, organisation_id: int, fmt: str) -> HttpResponse:
    buyer = get_buyer_for_user(request.user, organisation_id)
    if fmt not in FORMATS:
        raise Http404("format")
    content = portfolio_exports.template_bytes(
        fmt, categories=list(buyer.categories.all()),
        handbook=register_handbook(timezone.localdate()))
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="leveranciers-sjabloon.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
