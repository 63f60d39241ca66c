"""Reads that the step pages share: the rekentool scored by the engine (once per change)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import MappingProxyType, SimpleNamespace
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.document import (
    problems_in_document,
    register_figures,
    register_filled,
    rekentool_document,
)
from psoportal.assessments.models import (
    Purchase,
    Rekentool,
    RekentoolResult,
    TargetGroupEmployee,
)
from psoportal.assessments.outcome import aspects_deciding
from psoportal.assessments.supplier_register import (
    RegisterSupplier,
    SupplierFigures,
    supplier_register,
)
from psoportal.methodology.assessment import parse_assessment
from psoportal.methodology.handbook import Handbook, handbook_for, handbook_get
from psoportal.methodology.output import score_to_dict
from psoportal.methodology.problems import InvalidAssessment, Problem
from psoportal.methodology.scoring import score
from psoportal.organisations.models import Entity, Organisation

# Which MijnPSO step a field path of the document belongs to (rule book §3).
_STEP_OF_PATH = [
    ("organisation", 1),
    ("handbook", 2),
    ("date", 2),
    ("peiljaar", 3),
    ("workforce", 3),
    ("target_group", 3),
    ("purchases", 3),
    ("qualitative", 5),
]

EMPTY, INCOMPLETE, COMPLETE, ERRORS, LATER = "empty", "incomplete", "complete", "errors", "later"
WAITING = "waiting"
OPEN = "open"


def step_of(path: str) -> int:
    for prefix, step in _STEP_OF_PATH:
        if path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "["):
            return step
    # Whole-assessment problems (e.g. D greater than T) are about the data of step 3.
    return 3


@dataclass
class StepState:
    number: int
    state: str
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Evaluation:
    """A rekentool with its score (or the problems that keep it from being scored).

    Built from the stored result when that still describes the rekentool's inputs, else by
    scoring once and storing the outcome (see `rekentool_evaluate`).
    """

    rekentool: Rekentool
    handbook: Handbook
    # score_to_dict(explain=True) without the per-row figures (see `row_figures`).
    result: dict[str, Any] | None
    problems: tuple[Problem, ...]
    steps: dict[int, StepState]
    employee_count: int
    purchase_count: int
    # True when this call ran the engine; False when it read the stored result.
    scored: bool = False
    # True when this is the result from before the latest change of a large rekentool, shown
    # while the worker scores the change (see `rekentool_evaluate`).
    stale: bool = False
    _row_figures: dict[str, list] | None = field(default=None, repr=False)

    @property
    def missing(self) -> list[Problem]:
        return [p for p in self.problems if p.code == "missing"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.code != "missing"]

    def row_figures(self) -> dict[str, list]:
        """Per target-group ref: [counted days, exact weighted fte as text, e.g. "3/4"].

        Read from the stored result once, when a page asks for it.
        """
        if self._row_figures is None:
            self._row_figures = (
                RekentoolResult.objects.filter(rekentool_id=self.rekentool.pk)
                .values_list("row_figures", flat=True)
                .first()
                or {}
            )
        return self._row_figures


@dataclass(frozen=True)
class ListedRekentool:
    """A line of the rekentools list: the stored score when it is current, never a new one."""

    rekentool: Rekentool
    # None while the rekentool has not been scored since its last change.
    result: dict[str, Any] | None
    scored: bool
    handbook: Handbook
    employee_count: int = 0
    purchase_count: int = 0


# Bump when what RekentoolResult holds changes shape, so older stored results are recomputed.
_STORED_FORMAT = "1"


def rekentool_list(organisation: Organisation) -> QuerySet[Rekentool]:
    return organisation.rekentools.order_by("name", "id")


def rekentool_list_with_results(
    organisation: Organisation, *, on: dt.date | None = None
) -> list[ListedRekentool]:
    """The organisation's rekentools with their stored scores, in a fixed number of queries.

    The list never runs the engine (10,000 purchases take seconds to score): a rekentool whose
    stored score is out of date shows "nog niet berekend" until one of its pages scores it.
    The level and total do not depend on the date, only on the inputs and the handbook, so a
    score stored on an earlier day still counts here when its inputs key matches.
    """
    return rekentool_lists_with_results([organisation], on=on)[organisation.pk]


def rekentool_lists_with_results(
    organisations: list[Organisation], *, on: dt.date | None = None
) -> dict[int, list[ListedRekentool]]:
    """rekentool_list_with_results for several organisations at once (Mijn overzicht): three
    queries whether the user belongs to one organisation or to twenty."""
    on = on or timezone.localdate()
    by_id = {org.pk: org for org in organisations}
    entities: dict[int, list[Any]] = {pk: [] for pk in by_id}
    for org_id, name, kvk in Entity.objects.filter(organisation_id__in=by_id).values_list(
        "organisation_id", "name", "kvk"
    ):
        entities[org_id].append((name, kvk))
    scopes = {pk: _scope_of(by_id[pk], entities[pk]) for pk in by_id}
    tools = list(
        Rekentool.objects.filter(organisation_id__in=by_id)
        .order_by("name", "id")
        .select_related("stored_result", "updated_by")
        .defer("stored_result__row_figures", "stored_result__problems")
        .annotate(
            # Subqueries, not two joined Counts: joining both row tables would multiply them.
            n_employees=_row_count(TargetGroupEmployee), n_purchases=_row_count(Purchase),
            n_register=_row_count(Purchase, from_register=True),
        )
    )
    register = _register_figures_of([tool for tool in tools if tool.n_register])
    lists: dict[int, list[ListedRekentool]] = {pk: [] for pk in by_id}
    for tool in tools:
        tool.organisation = by_id[tool.organisation_id]
        stored = getattr(tool, "stored_result", None)
        handbook = rekentool_handbook(tool, on=on)
        key = _inputs_key(tool, handbook, scopes[tool.organisation_id],
                          register.get(tool.pk, {}))
        current = stored is not None and stored.inputs_key == key
        lists[tool.organisation_id].append(
            ListedRekentool(rekentool=tool, result=stored.result if current else None,
                            scored=current, handbook=handbook,
                            employee_count=tool.n_employees, purchase_count=tool.n_purchases)
        )
    return lists


def _row_count(model, **where: Any) -> Subquery:
    rows = (
        model.objects.filter(rekentool=OuterRef("pk"), **where).order_by()
        .values("rekentool").annotate(n=Count("id")).values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def rekentool_handbook(rekentool: Rekentool, *, on: dt.date | None = None) -> Handbook:
    """The pinned version, or the one in force on `on` (today) (rule book §10)."""
    if rekentool.handbook_version:
        return handbook_get(rekentool.handbook_version)
    return handbook_for(on or timezone.localdate())


# From this many rows (employees + purchases) a rekentool is scored by the worker after each
# change instead of by the page that follows it: 20,000 rows take 0.7 s to score, a page must
# answer in under 300 ms. Below it scoring takes < 50 ms and the page scores itself.
BACKGROUND_SCORING_ROWS = 2_000
# How long after a change a page shows the previous result while the worker scores. Past it
# the worker is evidently not running (or far behind) and the page scores itself after all.
BACKGROUND_SCORING_GRACE = dt.timedelta(minutes=2)


def _number(value: Any):
    return None if value in (None, "") else Decimal(str(value))


def compare_rows(a: Evaluation, b: Evaluation) -> dict[str, Any]:
    """Two evaluations side by side: per line the values of A and B and B − A (numbers only;
    None where either side has no value)."""

    def line(label: str, kind: str, get) -> dict[str, Any]:
        value_a, value_b = get(a), get(b)
        na, nb = _number(value_a), _number(value_b)
        return {"label": label, "kind": kind, "a": value_a, "b": value_b,
                "diff": None if na is None or nb is None else nb - na}

    def result(key, *inner):
        def get(e):
            value = e.result.get(key) if e.result else None
            for name in inner:
                value = value.get(name) if isinstance(value, dict) else None
            return value
        return get

    return {
        "a": a, "b": b,
        "lines": [
            line(_("Totaal fte (T)"), "num2", lambda e: e.rekentool.total_fte),
            line(_("Doelgroepmedewerkers (Z)"), "int", result("z")),
            line(_("Gewogen doelgroep-fte (D)"), "num4", result("direct_fte")),
            line(_("Direct"), "pct", result("direct_pct")),
            line(_("Indirect (meegeteld)"), "pct", result("indirect_pct_counted")),
            line(_("Totaal"), "pct", result("total_pct")),
            line(_("Jaarbijdrage"), "euro", result("costs", "annual_contribution")),
        ],
    }


def rekentool_export_document(rekentool: Rekentool, *, on: dt.date) -> dict[str, Any]:
    """The rekentool as an export: the document with the handbook version it is scored with
    filled in (never `null`), so the file says which rules its numbers follow."""
    document = rekentool_document(rekentool, on=on)
    document["handbook"] = rekentool_handbook(rekentool, on=on).version
    return document


def rekentool_result_document(document: dict[str, Any]) -> dict[str, Any] | None:
    """What `pso score` prints for an export document; None while it cannot be scored. The
    register purchases get their figures from the register here, as when the rekentool is
    scored (the document itself never holds them)."""
    try:
        assessment = parse_assessment(register_filled(document).document)
    except InvalidAssessment:
        return None
    return score_to_dict(score(assessment))


def rekentool_evaluate(
    rekentool: Rekentool, *, on: dt.date | None = None, stale_ok: bool = False
) -> Evaluation:
    """The rekentool's score as of `on` (default today) and each step's state.

    Scores at most once per change: the stored result is used while its inputs key (data
    revision, handbook version, organisation scope) and date still match; otherwise the
    rekentool is scored and the outcome stored for the next view. With `stale_ok` (the step
    pages, never an export, PDF or comparison) a large rekentool changed moments ago shows its
    previous result, marked `stale`, while the worker scores the change (tasks.py).
    """
    on = on or timezone.localdate()
    handbook = rekentool_handbook(rekentool, on=on)
    scope = _scope(rekentool.organisation)
    register = _register_figures_of([rekentool]).get(rekentool.pk, {})
    key = _inputs_key(rekentool, handbook, scope, register)
    stored = (
        RekentoolResult.objects.filter(rekentool_id=rekentool.pk)
        .defer("row_figures")
        .first()
    )
    current = stored is not None and stored.inputs_key == key and stored.scored_on == on
    if current or (stale_ok and _may_show_while_scoring(rekentool, stored)):
        problems = tuple(
            Problem(p["path"], p["code"], p["message"], MappingProxyType(p.get("params") or {}))
            for p in stored.problems
        )
        evaluation = _evaluation(
            rekentool, handbook, stored.result, problems,
            employee_count=stored.employee_count, purchase_count=stored.purchase_count,
        )
        evaluation.stale = not current
        return evaluation
    return _score_and_store(rekentool, handbook, on=on, key=key, register=register)


def _may_show_while_scoring(rekentool: Rekentool, stored: RekentoolResult | None) -> bool:
    return (
        stored is not None
        and stored.employee_count + stored.purchase_count >= BACKGROUND_SCORING_ROWS
        and rekentool_scored_soon(rekentool)
    )


def rekentool_scored_soon(rekentool: Rekentool) -> bool:
    """Whether the worker may still score the latest change (it is younger than the grace)."""
    return timezone.now() - rekentool.updated_at < BACKGROUND_SCORING_GRACE


def rekentool_scored_in_background(rekentool_id: int) -> bool:
    """Whether a change of this rekentool is scored by the worker (its last score was large)."""
    counts = (
        RekentoolResult.objects.filter(rekentool_id=rekentool_id)
        .values_list("employee_count", "purchase_count")
        .first()
    )
    return counts is not None and sum(counts) >= BACKGROUND_SCORING_ROWS


def rekentool_score_is_current(rekentool: Rekentool, *, on: dt.date | None = None) -> bool:
    """Whether the stored result describes the rekentool as it is now (never scores)."""
    on = on or timezone.localdate()
    key = _inputs_key(rekentool, rekentool_handbook(rekentool, on=on),
                      _scope(rekentool.organisation),
                      _register_figures_of([rekentool]).get(rekentool.pk, {}))
    return RekentoolResult.objects.filter(
        rekentool_id=rekentool.pk, inputs_key=key, scored_on=on
    ).exists()


def _score_and_store(rekentool: Rekentool, handbook: Handbook, *, on: dt.date, key: str,
                     register: dict[str, SupplierFigures]) -> Evaluation:
    # The revision is read (with the rekentool) before the rows: the rows are at least as new
    # as the revision the result is stored under, never older.
    revision = rekentool.data_revision
    employees = _records(rekentool.employees.order_by("id"))
    purchases = _records(rekentool.purchases.order_by("id"))
    document = rekentool_document(rekentool, on=on, employees=employees, purchases=purchases)
    filled = register_filled(document, figures=register)
    result = None
    figures: dict[str, list] = {}
    problems: tuple[Problem, ...] = ()
    try:
        scored = score(parse_assessment(filled.document), handbook=handbook, with_rows=True)
    except InvalidAssessment as exc:
        problems = problems_in_document(exc.problems, filled)
    else:
        # The trace without the rows. Of each row only what the 3C table and the PDF show,
        # exact (a fraction as text): formatting 20,000 rows took a fifth of the scoring time,
        # and a page formats only its 50.
        result = score_to_dict(replace(scored, rows=None), explain=True)
        figures = {row.ref: [row.counted_days, str(row.weighted_fte)] for row in scored.rows or ()}
    _store(
        rekentool, revision=revision, key=key, on=on,
        fields={
            "result": result,
            "problems": [_problem_dict(p) for p in problems],
            "row_figures": figures,
            "employee_count": len(employees),
            "purchase_count": len(purchases),
        },
    )
    evaluation = _evaluation(rekentool, handbook, result, problems,
                             employee_count=len(employees), purchase_count=len(purchases))
    evaluation.scored = True
    evaluation._row_figures = figures
    return evaluation


def _records(rows: QuerySet) -> list[SimpleNamespace]:
    """Rows as plain records with the model's attributes, for the document.

    Building 30,000 model instances (with their back-reference to the rekentool) took a third of
    the time of scoring a large rekentool; the document needs only the values.
    """
    return [SimpleNamespace(**values) for values in rows.values()]


def _store(rekentool: Rekentool, *, revision: int, key: str, on: dt.date,
           fields: dict[str, Any]) -> None:
    """Keep the result for the next view (derived data: no audit row, no version bump).

    Compare-and-set on the revision: a slow request that scored older data never replaces a
    result of newer data; two requests storing the same revision store the same thing.
    """
    fields = {**fields, "inputs_key": key, "revision": revision, "scored_on": on,
              "scored_at": timezone.now()}
    stored = RekentoolResult.objects.filter(rekentool_id=rekentool.pk)
    if stored.filter(revision__lte=revision).update(**fields) or stored.exists():
        return
    try:
        with transaction.atomic():
            RekentoolResult.objects.create(rekentool_id=rekentool.pk, **fields)
    except IntegrityError:
        # A concurrent request stored its result first, or the rekentool was just deleted.
        pass


def _scope(organisation: Organisation) -> list[Any]:
    """What of the organisation ends up in the document (step 1's scope)."""
    return _scope_of(organisation, organisation.entities.values_list("name", "kvk"))


def _scope_of(organisation: Organisation, entities) -> list[Any]:
    return [organisation.name, organisation.kvk, [list(e) for e in sorted(entities)]]


def _inputs_key(rekentool: Rekentool, handbook: Handbook, scope: list[Any],
                register: dict[str, SupplierFigures]) -> str:
    """A digest of everything a score depends on apart from the date.

    `data_revision` changes with every write to the rekentool and its rows (services.py); the
    handbook in force can change overnight; step 1's scope is edited elsewhere; a supplier
    picked from the register may get a new certificate, or lose the one of the peiljaar.
    """
    suppliers = sorted(
        [kvk, found.certificate_number, str(found.turnover), str(found.weighted_fte)]
        for kvk, found in register.items()
    )
    payload = json.dumps(
        [_STORED_FORMAT, rekentool.pk, rekentool.data_revision, handbook.version, scope,
         suppliers],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _register_figures_of(tools: list[Rekentool]) -> dict[int, dict[str, SupplierFigures]]:
    """Rekentool id -> the register's figures of its register purchases' suppliers that
    qualify for its peiljaar. One query for the KvK numbers, one register call per peiljaar;
    nothing at all when none of the rekentools has a register purchase."""
    if not tools:
        return {}
    kvks: dict[int, set[str]] = {}
    for tool_id, kvk in (
        Purchase.objects.filter(rekentool__in=[tool.pk for tool in tools], from_register=True)
        .values_list("rekentool_id", "kvk").distinct()
    ):
        kvks.setdefault(tool_id, set()).add(kvk)
    by_peiljaar: dict[tuple[dt.date, dt.date] | None, list[Rekentool]] = {}
    for tool in tools:
        if tool.pk in kvks:
            peiljaar = (tool.peiljaar_start, tool.peiljaar_end) if tool.peiljaar_start else None
            by_peiljaar.setdefault(peiljaar, []).append(tool)
    found: dict[int, dict[str, SupplierFigures]] = {}
    for peiljaar, group in by_peiljaar.items():
        figures = register_figures(set().union(*(kvks[tool.pk] for tool in group)), peiljaar)
        for tool in group:
            found[tool.pk] = {kvk: figures[kvk] for kvk in kvks[tool.pk] if kvk in figures}
    return found


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "code": problem.code,
        "message": problem.message,
        "params": {
            k: v if isinstance(v, str | int | bool) or v is None else str(v)
            for k, v in dict(problem.params).items()
        },
    }


def _evaluation(rekentool, handbook, result, problems, *, employee_count,
                purchase_count) -> Evaluation:
    steps = _step_states(rekentool, handbook, employee_count, purchase_count, problems, result)
    return Evaluation(
        rekentool=rekentool,
        handbook=handbook,
        result=result,
        problems=problems,
        steps=steps,
        employee_count=employee_count,
        purchase_count=purchase_count,
    )


# Rows per page of the 3C and 3D tables: a page stays small at 20,000 rows.
ROWS_PER_PAGE = 50


def employee_page(rekentool: Rekentool, number: Any) -> Page:
    """One page of target-group rows in document order (so problem paths match the index)."""
    return Paginator(rekentool.employees.order_by("id"), ROWS_PER_PAGE).get_page(number)


def employee_totals(rekentool: Rekentool) -> dict[str, Any]:
    """Totals over all target-group rows, not just the page shown."""
    return rekentool.employees.aggregate(count=Count("id"), hours=Sum("hours_per_week"))


def purchase_page(rekentool: Rekentool, number: Any) -> Page:
    return Paginator(rekentool.purchases.order_by("id"), ROWS_PER_PAGE).get_page(number)


def purchase_totals(rekentool: Rekentool) -> dict[str, Any]:
    """Totals over all purchases, not just the page shown."""
    return rekentool.purchases.aggregate(count=Count("id"), amount=Sum("amount"))


def step5_aspects(handbook: Handbook, quantitative_level: str):
    """The qualitative aspects that decide the final level for this provisional level (§8)."""
    return aspects_deciding(handbook, quantitative_level)


def _step_states(rekentool, handbook, employee_count, purchase_count, problems, result):
    by_step: dict[int, list[Problem]] = {n: [] for n in range(1, 7)}
    for problem in problems:
        by_step[step_of(problem.path)].append(problem)

    def state(number: int, *, empty: bool, complete: bool) -> StepState:
        found = by_step[number]
        if any(p.code != "missing" for p in found):
            return StepState(number, ERRORS, found)
        if empty:
            return StepState(number, EMPTY, found)
        if found or not complete:
            return StepState(number, INCOMPLETE, found)
        return StepState(number, COMPLETE, found)

    data_empty = rekentool.total_fte is None and not employee_count and not purchase_count
    aspects = step5_aspects(handbook, result["quantitative_level"]) if result else ()
    answered = rekentool.qualitative or {}
    aspects_done = all(a.code in answered for a in aspects)
    return {
        1: state(1, empty=False, complete=True),
        2: state(2, empty=False, complete=rekentool.peiljaar_start is not None),
        3: state(3, empty=data_empty, complete=rekentool.total_fte is not None),
        # Step 4 is complete only when the final level is known: until step 5 has answered
        # every aspect that decides it, only the quantitative level is (outcome.py).
        4: StepState(4, INCOMPLETE if not result else COMPLETE if aspects_done else WAITING),
        5: state(
            5,
            empty=not answered,
            complete=bool(aspects) and all(a.code in answered for a in aspects),
        ),
        # Step 6 (quotes and the definitive application) is its own app's page: open to visit
        # at any time; what it still needs is listed there.
        6: StepState(6, OPEN),
    }


def purchase_duplicate(rekentool, *, supplier: str, kvk: str, amount) -> Any:
    """An existing purchase of the same amount from the same supplier (by KvK or by name)."""
    same_supplier = Q(supplier__iexact=supplier.strip())
    if kvk:
        same_supplier |= Q(kvk=kvk)
    return rekentool.purchases.filter(same_supplier, amount=amount).first()


def register_purchase_buyers(kvks: list[str], *, besides: int) -> int:
    """How many organisations other than `besides` have a purchase picked from the register
    from one of these KvK numbers: the certified organisation sees that its figures are used,
    never by whom (issue 12 item 4)."""
    return (
        Purchase.objects.filter(from_register=True, kvk__in=kvks)
        .exclude(rekentool__organisation_id=besides)
        .values("rekentool__organisation_id").distinct().count()
    )


# A search of the register lists at most this many suppliers (then: "search more precisely").
REGISTER_SEARCH_LIMIT = 20
# Shorter text would list half the register.
REGISTER_SEARCH_MIN_LENGTH = 2


def _peiljaar_of(rekentool: Rekentool) -> tuple[dt.date, dt.date] | None:
    if rekentool.peiljaar_start is None:
        return None
    return rekentool.peiljaar_start, rekentool.peiljaar_end


def register_search(rekentool: Rekentool, text: str) -> tuple[list[RegisterSupplier], bool]:
    """Suppliers in the register matching a name or KvK number that qualify for the
    rekentool's peiljaar (rule book §6), and whether there were more than listed."""
    peiljaar = _peiljaar_of(rekentool)
    if peiljaar is None or len(text.strip()) < REGISTER_SEARCH_MIN_LENGTH:
        return [], False
    start, end = peiljaar
    found = supplier_register().search(text, start=start, end=end,
                                       limit=REGISTER_SEARCH_LIMIT + 1)
    return found[:REGISTER_SEARCH_LIMIT], len(found) > REGISTER_SEARCH_LIMIT


def register_supplier(rekentool: Rekentool, kvk: str) -> RegisterSupplier | None:
    """The supplier with this KvK number, when it qualifies for the rekentool's peiljaar."""
    found, _more = register_search(rekentool, kvk)
    return next((supplier for supplier in found if supplier.kvk == kvk), None)


def purchases_not_counted(rekentool: Rekentool, purchases: list[Purchase]) -> set[int]:
    """Ids of the register purchases among these whose supplier held no valid certificate in
    the peiljaar: they do not count (rule book §6 [rule]). One register call for the page."""
    kvks = {p.kvk for p in purchases if p.from_register}
    if not kvks:
        return set()
    figures = register_figures(kvks, _peiljaar_of(rekentool))
    return {p.pk for p in purchases if p.from_register and p.kvk not in figures}
