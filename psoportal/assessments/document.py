"""The one module that converts a rekentool's rows to and from a `pso-assessment/1` document.

The document (shared/domain/assessment-format.md) is what the engine scores, what export and
import write and read, and what a definitive application freezes.

A purchase from a supplier in the PSO register (rule book §6) is written without the supplier's
figures, everywhere: in the export, in the frozen application, in what the buyer downloads. The
format allows that ("may be omitted and are filled from it"), and it keeps the supplier's
confidential figures out of every file a buyer holds. Only the engine sees them: `register_filled`
fills them in just before scoring, from the register as it stands, and leaves out the purchases
whose supplier held no valid certificate in the peiljaar (they do not count). Reading such a row
back (an import, a recertification) makes it a register purchase again, so export → import
loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
from psoportal.assessments.supplier_register import SupplierFigures, supplier_register
from psoportal.methodology.problems import Problem

FORMAT = "pso-assessment/1"

_EMPLOYEE_DATES = (
    "employed_from", "employed_until", "inflow_date", "lks_until", "indication_until",
    "school_left",
)


def _decimal(value: Decimal | int | None) -> str | None:
    if value is None:
        return None
    # Drop trailing zeros of the database scale ("40.00" -> "40") without exponent notation.
    return format(Decimal(str(value)).normalize(), "f")


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def employee_to_row(employee: TargetGroupEmployee) -> dict[str, Any]:
    row: dict[str, Any] = {
        "ref": employee.ref,
        "category": employee.category,
        "contract": employee.contract,
        "hours_per_week": _decimal(employee.hours_per_week),
    }
    for name in _EMPLOYEE_DATES:
        row[name] = _day(getattr(employee, name))
    row["indicated_30plus"] = employee.indicated_30plus
    return row


def purchase_to_row(purchase: Purchase) -> dict[str, Any]:
    row: dict[str, Any] = {
        "supplier": purchase.supplier,
        "kvk": purchase.kvk or None,
        "kind": purchase.kind,
        "amount": _decimal(purchase.amount),
    }
    if purchase.supplier_turnover is not None:
        row["supplier_turnover"] = _decimal(purchase.supplier_turnover)
    if purchase.supplier_weighted_fte is not None:
        row["supplier_weighted_fte"] = _decimal(purchase.supplier_weighted_fte)
    return row


def rekentool_document(
    rekentool: Rekentool,
    *,
    on: dt.date,
    employees: list[TargetGroupEmployee] | None = None,
    purchases: list[Purchase] | None = None,
) -> dict[str, Any]:
    """The rekentool as a `pso-assessment/1` document, calculated as of `on`.

    Missing values stay missing (None) so the engine reports them with their field path; the
    step pages turn those problems into "still to do" lists.
    """
    organisation = rekentool.organisation
    if employees is None:
        employees = list(rekentool.employees.all())
    if purchases is None:
        purchases = list(rekentool.purchases.all())
    peiljaar_end = rekentool.peiljaar_end
    return {
        "format": FORMAT,
        "handbook": rekentool.handbook_version or None,
        "date": on.isoformat(),
        "organisation": {
            "name": organisation.name,
            "kvk": organisation.kvk,
            "entities": [
                {"name": entity.name, "kvk": entity.kvk}
                for entity in organisation.entities.all()
            ],
            "fulltime_hours": _decimal(rekentool.fulltime_hours),
        },
        "peiljaar": {
            "start": _day(rekentool.peiljaar_start),
            "end": _day(peiljaar_end),
        },
        "workforce": {
            "total_fte": _decimal(rekentool.total_fte),
            "average_headcount": _decimal(rekentool.average_headcount),
            "sw_seconded_out_fte": _decimal(rekentool.sw_seconded_out_fte),
        },
        "target_group": [employee_to_row(e) for e in employees],
        "purchases": [purchase_to_row(p) for p in purchases],
        "qualitative": dict(rekentool.qualitative or {}),
    }


def _parse_day(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _parse_decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value))


def employee_fields(row: dict[str, Any]) -> dict[str, Any]:
    """Model field values of a document target-group row that the engine has validated."""
    fields: dict[str, Any] = {
        "ref": row["ref"],
        "category": row["category"],
        "contract": row["contract"],
        "hours_per_week": _parse_decimal(row["hours_per_week"]),
        "indicated_30plus": bool(row.get("indicated_30plus") or False),
    }
    for name in _EMPLOYEE_DATES:
        fields[name] = _parse_day(row.get(name))
    return fields


def purchase_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "supplier": row["supplier"],
        "kvk": row.get("kvk") or "",
        "kind": row["kind"],
        "amount": _parse_decimal(row["amount"]),
        "supplier_turnover": _parse_decimal(row.get("supplier_turnover")),
        "supplier_weighted_fte": _parse_decimal(row.get("supplier_weighted_fte")),
        "from_register": is_register_purchase(row),
    }


def is_register_purchase(row: Any) -> bool:
    """A document purchase whose figures come from the register: PSO-certified, with a KvK
    number, and neither figure given (the same rule as models.REGISTER_PURCHASE)."""
    return (
        isinstance(row, Mapping)
        and row.get("kind") == Purchase.Kind.PSO_CERTIFIED
        and isinstance(row.get("kvk"), str) and bool(row["kvk"])
        and row.get("supplier_turnover") in (None, "")
        and row.get("supplier_weighted_fte") in (None, "")
    )


@dataclass(frozen=True)
class RegisterFilled:
    """A document as the engine scores it, with what was done to its register purchases."""

    # Register purchases filled with their supplier's figures; those that do not count left out.
    document: dict[str, Any]
    # Index of each purchase the engine sees -> its index in the document given.
    kept: tuple[int, ...]
    # Indexes (in the document given) of register purchases whose supplier held no certificate
    # with figures in force at any time in the peiljaar (rule book §6 [rule]).
    not_counted: frozenset[int]
    # KvK number -> the figures used (for the stored result's inputs key; never shown).
    figures: Mapping[str, SupplierFigures]


def _peiljaar(document: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    peiljaar = document.get("peiljaar")
    if not isinstance(peiljaar, Mapping):
        return None
    try:
        return dt.date.fromisoformat(peiljaar["start"]), dt.date.fromisoformat(peiljaar["end"])
    except (KeyError, TypeError, ValueError):
        return None  # the engine names what is wrong with it


def register_figures(kvks: set[str], peiljaar: tuple[dt.date, dt.date] | None
                     ) -> dict[str, SupplierFigures]:
    """The register's figures of these suppliers for the peiljaar (one call for all)."""
    if not kvks or peiljaar is None:
        return {}
    start, end = peiljaar
    return supplier_register().figures(sorted(kvks), start=start, end=end)


def register_filled(document: dict[str, Any], *,
                    figures: Mapping[str, SupplierFigures] | None = None) -> RegisterFilled:
    """The document for the engine: each register purchase gets its supplier's certified
    figures; one whose supplier does not qualify for the peiljaar is left out (it does not
    count, and without figures the engine could not score it). Other rows are untouched.

    `figures`: the register's answer when the caller already asked it (selectors, which key
    the stored result on it); else the register is asked here.
    """
    rows = document.get("purchases")
    if not isinstance(rows, list) or not any(is_register_purchase(row) for row in rows):
        count = len(rows) if isinstance(rows, list) else 0
        return RegisterFilled(document, tuple(range(count)), frozenset(), {})
    if figures is None:
        figures = register_figures(
            {row["kvk"] for row in rows if is_register_purchase(row)}, _peiljaar(document)
        )
    filled, kept, not_counted = [], [], set()
    for index, row in enumerate(rows):
        if is_register_purchase(row):
            found = figures.get(row["kvk"])
            if found is None:
                not_counted.add(index)
                continue
            row = {**row, "supplier_turnover": _decimal(found.turnover),
                   "supplier_weighted_fte": _decimal(found.weighted_fte)}
        filled.append(row)
        kept.append(index)
    return RegisterFilled({**document, "purchases": filled}, tuple(kept),
                          frozenset(not_counted), figures)


_PURCHASE_PATH = "purchases["


def problems_in_document(problems: tuple[Problem, ...], filled: RegisterFilled
                         ) -> tuple[Problem, ...]:
    """The engine's problems with each purchase path pointing at the row of the document
    given (the engine saw the register purchases that do not count left out)."""
    if not filled.not_counted:
        return problems

    def moved(problem: Problem) -> Problem:
        if not problem.path.startswith(_PURCHASE_PATH):
            return problem
        index, rest = problem.path[len(_PURCHASE_PATH):].split("]", 1)
        return replace(problem, path=f"{_PURCHASE_PATH}{filled.kept[int(index)]}]{rest}")

    return tuple(moved(problem) for problem in problems)


def rekentool_fields(document: dict[str, Any]) -> dict[str, Any]:
    """Rekentool field values from a validated document (organisation scope excluded).

    The organisation's scope belongs to step 1 and is never overwritten by an import.
    """
    organisation = document.get("organisation") or {}
    workforce = document.get("workforce") or {}
    peiljaar = document.get("peiljaar") or {}
    return {
        "handbook_version": document.get("handbook") or "",
        "peiljaar_start": _parse_day(peiljaar.get("start")),
        "fulltime_hours": _parse_decimal(organisation.get("fulltime_hours")) or Decimal(40),
        "total_fte": _parse_decimal(workforce.get("total_fte")),
        "average_headcount": _parse_decimal(workforce.get("average_headcount")),
        "sw_seconded_out_fte": _parse_decimal(workforce.get("sw_seconded_out_fte"))
        or Decimal(0),
        "qualitative": dict(document.get("qualitative") or {}),
    }
