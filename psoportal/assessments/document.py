"""The one module that converts a rekentool's rows to and from a `pso-assessment/1` document.

The document (shared/domain/assessment-format.md) is what the engine scores, what export and
import write and read, and what a definitive application freezes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee

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
    }


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
