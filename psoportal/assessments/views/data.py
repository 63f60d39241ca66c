"""Step 3: peiljaar and staff (3A/3B), target-group employees (3C) and purchases (3D)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from psoportal.assessments.access import get_rekentool_for_user
from psoportal.assessments.forms import (
    EmployeeForm,
    PurchaseForm,
    RegisterPurchaseAddForm,
    RegisterPurchaseForm,
    RegisterSearchForm,
    UploadForm,
    WorkforceForm,
)
from psoportal.assessments.models import Purchase, TargetGroupEmployee
from psoportal.assessments.selectors import (
    REGISTER_SEARCH_MIN_LENGTH,
    employee_page,
    employee_totals,
    purchase_duplicate,
    purchase_page,
    purchase_totals,
    purchases_not_counted,
    register_search,
    register_supplier,
    rekentool_evaluate,
    rekentool_handbook,
)
from psoportal.assessments.services import (
    DuplicateReference,
    StaleVersion,
    employee_add,
    employee_delete,
    employee_update,
    purchase_add,
    purchase_delete,
    purchase_update,
    rekentool_update,
)
from psoportal.assessments.views.common import is_htmx, refuse_when_frozen, steps_context
from psoportal.core.templatetags.pso_format import euro
from psoportal.methodology.rounding import fte_text

_EMPLOYEE_FIELDS = [
    "ref", "category", "contract", "hours_per_week", "employed_from", "employed_until",
    "inflow_date", "lks_until", "indication_until", "school_left", "indicated_30plus",
]
_PURCHASE_FIELDS = [
    "supplier", "kvk", "kind", "amount", "supplier_turnover", "supplier_weighted_fte",
]
# The query parameter of the page number in the 3C and 3D tables.
PAGE_PARAMETER = "pagina"


def _page(request, template, rekentool, active, **context) -> HttpResponse:
    evaluation = context.pop("evaluation", None) or rekentool_evaluate(rekentool, stale_ok=True)
    return render(
        request,
        template,
        {
            "rekentool": rekentool,
            "organisation": rekentool.organisation,
            "evaluation": evaluation,
            "steps": steps_context(evaluation, active),
            **context,
        },
    )


@require_http_methods(["GET", "POST"])
@refuse_when_frozen("mijnpso:data")
def data(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    """3A peiljaar and 3B staff, with htmx autosave of the whole form."""
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    start = rekentool.peiljaar_start or timezone.localdate().replace(month=1, day=1)
    handbook = rekentool_handbook(rekentool)
    form = WorkforceForm(
        handbook=handbook,
        initial={
            "version": rekentool.version,
            "peiljaar_month": start.month,
            "peiljaar_year": start.year if rekentool.peiljaar_start else start.year - 1,
            "fulltime_hours": rekentool.fulltime_hours,
            "total_fte": rekentool.total_fte,
            "average_headcount": rekentool.average_headcount,
            "sw_seconded_out_fte": rekentool.sw_seconded_out_fte,
        }
    )
    saved = None
    if request.method == "POST":
        form = WorkforceForm(request.POST, handbook=handbook)
        if form.is_valid():
            fields = {
                key: form.cleaned_data[key]
                for key in ("fulltime_hours", "total_fte", "average_headcount")
            }
            fields["sw_seconded_out_fte"] = form.cleaned_data["sw_seconded_out_fte"] or 0
            try:
                rekentool = rekentool_update(
                    rekentool=rekentool,
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                    peiljaar_start=form.peiljaar_start(),
                    **fields,
                )
            except StaleVersion as exc:
                form.add_error(None, str(exc))
            else:
                saved = timezone.localtime()
                if is_htmx(request):
                    # The step bar and the "Nog te doen" list swap in out-of-band.
                    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
                    return render(
                        request, "assessments/partials/saved.html",
                        {"saved": saved, "version": rekentool.version,
                         "evaluation": evaluation, "steps": steps_context(evaluation, 3)},
                    )
                messages.success(request, _("De gegevens zijn opgeslagen."))
                return redirect("mijnpso:data", rekentool.pk)
        if is_htmx(request):
            return render(
                request, "assessments/partials/saved.html", {"form": form}
            )
    return _page(request, "assessments/data.html", rekentool, 3, form=form, saved=saved)


@require_http_methods(["GET", "POST"])
@refuse_when_frozen("mijnpso:target_group")
def target_group(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    """3C: the anonymised target-group employees; add a row here, import a file below."""
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
    form = EmployeeForm(handbook=evaluation.handbook, initial={"version": 1,
                                                               "contract": "regular"})
    if request.method == "POST":
        # Only a POST needs every reference (to refuse a duplicate with a field message).
        existing = set(rekentool.employees.values_list("ref", flat=True))
        form = EmployeeForm(request.POST, handbook=evaluation.handbook, existing_refs=existing)
        if form.is_valid():
            try:
                employee_add(
                    rekentool=rekentool,
                    user=request.user,
                    **{key: form.cleaned_data[key] for key in _EMPLOYEE_FIELDS},
                )
            except DuplicateReference:
                form.refuse_duplicate_ref()
            else:
                messages.success(request, _("De medewerker is toegevoegd."))
                return redirect("mijnpso:target_group", rekentool.pk)
    return _page(
        request, "assessments/target_group.html", rekentool, 3,
        evaluation=evaluation, form=form, upload_form=UploadForm(),
        **target_group_rows(request, rekentool, evaluation),
    )


def target_group_rows(request: HttpRequest, rekentool, evaluation) -> dict:
    """The page of 3C rows asked for (?pagina=N), with their figures, and totals over all."""
    page = employee_page(rekentool, request.GET.get(PAGE_PARAMETER))
    figures = evaluation.row_figures() if evaluation.result else {}
    problems = _problems_by_index(evaluation, "target_group")
    offset = page.start_index() - 1
    english = get_language() == "en"
    categories = {code: c.label_en if english else c.label_nl
                  for code, c in evaluation.handbook.categories.items()}
    contracts = {code: c.label_en if english else c.label_nl
                 for code, c in evaluation.handbook.contracts.items()}
    return {
        "page": page,
        "page_numbers": _page_numbers(page),
        "page_parameter": PAGE_PARAMETER,
        "employees": [
            _EmployeeRow(
                employee=employee,
                category=categories.get(employee.category, employee.category),
                contract=contracts.get(employee.contract, employee.contract),
                figures=_figures(figures.get(employee.ref)),
                problems=problems.get(offset + index),
            )
            for index, employee in enumerate(page.object_list)
        ],
        "totals": employee_totals(rekentool),
    }


@dataclass(frozen=True)
class _EmployeeRow:
    employee: TargetGroupEmployee
    category: str
    contract: str
    figures: dict | None
    problems: list | None


def _figures(found: list | None) -> dict | None:
    if found is None:
        return None
    counted_days, weighted_fte = found
    return {"counted_days": counted_days, "weighted_fte": fte_text(Fraction(weighted_fte))}


def _back_to_page(request: HttpRequest, name: str, rekentool) -> HttpResponse:
    """Back to the page of the table the row was on (?pagina=N of the edit or delete URL)."""
    url = reverse(name, args=[rekentool.pk])
    number = request.GET.get(PAGE_PARAMETER, "")
    if number.isdigit() and number != "1":
        url += f"?{PAGE_PARAMETER}={int(number)}"
    return redirect(url)


def _page_numbers(page) -> list:
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


def _problems_by_index(evaluation, key: str) -> dict[int, list]:
    found: dict[int, list] = {}
    prefix = key + "["
    for problem in evaluation.problems:
        if problem.path.startswith(prefix):
            index = int(problem.path[len(prefix):].split("]", 1)[0])
            found.setdefault(index, []).append(problem)
    return found


def _employee(rekentool, employee_id):
    employee = rekentool.employees.filter(pk=employee_id).first()
    if employee is None:
        raise Http404("employee")
    return employee


def _row_edit(request, rekentool, row, *, form_class, form_options, fields, update, template,
              done, back, extra_context):
    """Edit one row of a rekentool (an employee or a purchase) with a version check."""
    form = form_class(
        initial={"version": row.version, **{key: getattr(row, key) for key in fields}},
        **form_options,
    )
    if request.method == "POST":
        form = form_class(request.POST, **form_options)
        if form.is_valid():
            try:
                update(
                    row, request.user, form.cleaned_data["version"],
                    {key: form.cleaned_data[key] for key in fields},
                )
            except StaleVersion as exc:
                form.add_error(None, str(exc))
            except DuplicateReference:
                form.refuse_duplicate_ref()
            else:
                messages.success(request, done)
                return _back_to_page(request, back, rekentool)
    return _page(request, template, rekentool, 3, form=form, **extra_context)


@require_http_methods(["GET", "POST"])
@refuse_when_frozen("mijnpso:target_group", also_get=True)
def employee_edit(request: HttpRequest, rekentool_id: int, employee_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    employee = _employee(rekentool, employee_id)
    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
    others = set(rekentool.employees.exclude(pk=employee.pk).values_list("ref", flat=True))
    return _row_edit(
        request, rekentool, employee,
        form_class=EmployeeForm,
        form_options={"handbook": evaluation.handbook, "existing_refs": others},
        fields=_EMPLOYEE_FIELDS,
        update=lambda row, user, version, values: employee_update(
            employee=row, user=user, expected_version=version, **values
        ),
        template="assessments/employee_edit.html",
        done=_("De medewerker is bijgewerkt."),
        back="mijnpso:target_group",
        extra_context={"evaluation": evaluation, "employee": employee},
    )


def _confirm_delete(request, rekentool, *, title: str, back: str) -> HttpResponse:
    """GET of a delete URL: "Weet u zeker…" with a POST button; works without JavaScript."""
    return _page(request, "assessments/row_delete.html", rekentool, 3, title=title,
                 back_url=_back_to_page(request, back, rekentool).url)


@require_http_methods(["GET", "POST"])
@refuse_when_frozen("mijnpso:target_group", also_get=True)
def employee_remove(request: HttpRequest, rekentool_id: int, employee_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    employee = _employee(rekentool, employee_id)
    if request.method == "GET":
        return _confirm_delete(request, rekentool, back="mijnpso:target_group", title=_(
            "Weet u zeker dat u medewerker %(ref)s wilt verwijderen?") % {"ref": employee.ref})
    employee_delete(employee=employee, user=request.user)
    messages.success(request, _("De medewerker is verwijderd."))
    return _back_to_page(request, "mijnpso:target_group", rekentool)


@require_http_methods(["GET", "POST"])
@refuse_when_frozen("mijnpso:purchases")
def purchases(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    """3D: purchases from PSO-certified organisations and SW companies: picked from the PSO
    register (only the amount typed) or entered by hand with the supplier's statement."""
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
    form = PurchaseForm(handbook=evaluation.handbook, initial={"version": 1})
    duplicate_of = None
    if request.method == "POST":
        form = PurchaseForm(request.POST, handbook=evaluation.handbook)
        duplicate = form.is_valid() and not request.POST.get("duplicate_ok") and (
            purchase_duplicate(rekentool, supplier=form.cleaned_data["supplier"],
                               kvk=form.cleaned_data["kvk"], amount=form.cleaned_data["amount"]))
        if duplicate:
            # A warning, not an error: the same amount from the same supplier may be real.
            duplicate_of = duplicate
        elif form.is_valid():
            purchase_add(
                rekentool=rekentool,
                user=request.user,
                **{key: form.cleaned_data[key] for key in _PURCHASE_FIELDS},
            )
            messages.success(request, _("De inkoop is toegevoegd."))
            return redirect("mijnpso:purchases", rekentool.pk)
    return _purchases_page(request, rekentool, evaluation, form=form, duplicate_of=duplicate_of)


def _purchases_page(request, rekentool, evaluation, *, form, duplicate_of=None,
                    register_form=None, register_duplicate_of=None, status=200) -> HttpResponse:
    page = purchase_page(rekentool, request.GET.get(PAGE_PARAMETER))
    problems = _problems_by_index(evaluation, "purchases")
    offset = page.start_index() - 1
    rows = list(page.object_list)
    not_counted = purchases_not_counted(rekentool, rows)
    response = _page(
        request, "assessments/purchases.html", rekentool, 3,
        evaluation=evaluation, form=form, page=page, duplicate_of=duplicate_of,
        page_numbers=_page_numbers(page),
        page_parameter=PAGE_PARAMETER,
        purchases=[
            _PurchaseRow(purchase, problems.get(offset + index), purchase.pk in not_counted)
            for index, purchase in enumerate(rows)
        ],
        totals=purchase_totals(rekentool),
        **_register_section(request, rekentool, register_form, register_duplicate_of),
    )
    response.status_code = status
    return response


@dataclass(frozen=True)
class _PurchaseRow:
    purchase: Purchase
    problems: list | None
    # A register purchase whose supplier held no valid certificate in the peiljaar.
    not_counted: bool


def _register_section(request, rekentool, add_form, duplicate_of) -> dict:
    """"Kies een leverancier uit het PSO-register": the search (GET ?zoek=), its results and,
    once one is picked (GET ?kies=KvK, or a refused POST), the amount form."""
    search_form = RegisterSearchForm(request.GET or None)
    text = search_form.cleaned_data["zoek"].strip() if search_form.is_valid() else ""
    results, more = register_search(rekentool, text)
    kvk = add_form["kvk"].value() if add_form is not None else request.GET.get("kies", "")
    chosen = register_supplier(rekentool, kvk) if _is_kvk(kvk) else None
    if add_form is None and chosen is not None:
        add_form = RegisterPurchaseAddForm(prefix="register",
                                           initial={"version": 1, "kvk": chosen.kvk})
    return {
        "register_search_form": search_form,
        "register_text": text,
        "register_too_short": 0 < len(text) < REGISTER_SEARCH_MIN_LENGTH,
        "register_min_length": REGISTER_SEARCH_MIN_LENGTH,
        "register_results": results,
        "register_more": more,
        "register_chosen": chosen,
        # A KvK number picked (an old link, a certificate revoked since) that does not qualify.
        "register_gone": bool(kvk) and chosen is None,
        "register_form": add_form,
        "register_duplicate_of": duplicate_of,
    }


def _is_kvk(value) -> bool:
    return isinstance(value, str) and len(value) == 8 and value.isdigit()


@require_POST
@refuse_when_frozen("mijnpso:purchases")
def purchase_register_add(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    """Add a purchase from a supplier picked from the register: the supplier is looked up
    again (it must qualify for the peiljaar now), only the amount comes from the form."""
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    form = RegisterPurchaseAddForm(request.POST, prefix="register")
    supplier = None
    duplicate = None
    if form.is_valid():
        supplier = register_supplier(rekentool, form.cleaned_data["kvk"])
        if supplier is None:
            form.add_error(None, _(
                "Deze leverancier had in het peiljaar geen geldig PSO-certificaat. Zoek de "
                "leverancier opnieuw, of voer de inkoop met de hand in met een verklaring van "
                "de leverancier."))
        elif not request.POST.get("duplicate_ok"):
            duplicate = purchase_duplicate(rekentool, supplier=supplier.name, kvk=supplier.kvk,
                                           amount=form.cleaned_data["amount"])
    if form.is_valid() and supplier is not None and duplicate is None:
        purchase_add(
            rekentool=rekentool, user=request.user, supplier=supplier.name, kvk=supplier.kvk,
            kind=Purchase.Kind.PSO_CERTIFIED, amount=form.cleaned_data["amount"],
            from_register=True,
        )
        messages.success(request, _("De inkoop bij %(supplier)s is toegevoegd.")
                         % {"supplier": supplier.name})
        return redirect("mijnpso:purchases", rekentool.pk)
    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
    return _purchases_page(
        request, rekentool, evaluation,
        form=PurchaseForm(handbook=evaluation.handbook, initial={"version": 1}),
        register_form=form, register_duplicate_of=duplicate,
        status=200 if duplicate is not None else 400,
    )


def _purchase(rekentool, purchase_id):
    purchase = rekentool.purchases.filter(pk=purchase_id).first()
    if purchase is None:
        raise Http404("purchase")
    return purchase


@require_http_methods(["GET", "POST"])
@refuse_when_frozen("mijnpso:purchases", also_get=True)
def purchase_edit(request: HttpRequest, rekentool_id: int, purchase_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    purchase = _purchase(rekentool, purchase_id)
    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
    # From the register only the amount is the buyer's; the supplier's figures are not theirs
    # to see or change, and the supplier is changed by removing the purchase and picking again.
    by_hand = not purchase.from_register
    return _row_edit(
        request, rekentool, purchase,
        form_class=PurchaseForm if by_hand else RegisterPurchaseForm,
        form_options={"handbook": evaluation.handbook} if by_hand else {},
        fields=_PURCHASE_FIELDS if by_hand else ["amount"],
        update=lambda row, user, version, values: purchase_update(
            purchase=row, user=user, expected_version=version, **values
        ),
        template="assessments/purchase_edit.html",
        done=_("De inkoop is bijgewerkt."),
        back="mijnpso:purchases",
        extra_context={"evaluation": evaluation, "purchase": purchase},
    )


@require_http_methods(["GET", "POST"])
@refuse_when_frozen("mijnpso:purchases", also_get=True)
def purchase_remove(request: HttpRequest, rekentool_id: int, purchase_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    purchase = _purchase(rekentool, purchase_id)
    if request.method == "GET":
        return _confirm_delete(request, rekentool, back="mijnpso:purchases", title=_(
            "Weet u zeker dat u de inkoop bij %(supplier)s van %(amount)s wilt verwijderen?"
        ) % {"supplier": purchase.supplier, "amount": euro(purchase.amount)})
    purchase_delete(purchase=purchase, user=request.user)
    messages.success(request, _("De inkoop is verwijderd."))
    return _back_to_page(request, "mijnpso:purchases", rekentool)
