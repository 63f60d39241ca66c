"""Every write to a rekentool. Each function is one transaction and keyword-only.

Concurrent edits: forms carry the version they were rendered with; an update is a
compare-and-set on that version, so a second member's stale form is refused with a clear message
instead of silently overwriting the first member's work.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.assessments.document import employee_fields, purchase_fields, rekentool_fields
from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
from psoportal.assessments.selectors import rekentool_scored_in_background
from psoportal.assessments.tasks import rekentool_score
from psoportal.core.audit import audit_record
from psoportal.organisations.models import Organisation


class StaleVersion(Exception):
    """Someone else saved this data after the form was opened."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Iemand anders heeft deze gegevens intussen gewijzigd. Uw wijziging is niet "
                "opgeslagen; bekijk de nieuwe gegevens en voer uw wijziging opnieuw in."
            )
        )


class DuplicateReference(Exception):
    """Another employee of the rekentool already has this reference.

    The form checks this first; the unique constraint decides when two requests with the same
    new reference pass that check at the same moment (a double click, two colleagues).
    """


class RekentoolFrozen(Exception):
    """The rekentool was submitted as a definitive application: its data are what was applied
    for and can no longer change (rule book §3 step 6); a copy can."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Deze rekentool is ingediend als definitieve aanvraag en kan niet meer worden "
                "gewijzigd. Maak een kopie om verder te rekenen."
            )
        )


def _refuse_if_frozen(rekentool: Rekentool) -> None:
    """Read the flag under a row lock: a submission (which sets it with a compare-and-set on
    the same row) and a write can then never interleave, on PostgreSQL as on SQLite."""
    frozen_at = (
        Rekentool.objects.select_for_update().filter(pk=rekentool.pk)
        .values_list("frozen_at", flat=True).first()
    )
    if frozen_at is not None:
        raise RekentoolFrozen()


def _refuse_duplicate_ref(rekentool: Rekentool, ref: str, exc: IntegrityError) -> NoReturn:
    # Only the reference constraint becomes a form message; any other integrity error is a bug.
    if rekentool.employees.filter(ref=ref).exists():
        raise DuplicateReference() from exc
    raise exc


def _touch(rekentool: Rekentool, user: User) -> None:
    """Mark a change of the rekentool's data: a stored score of an older revision is stale.
    Who changed it last is kept beside when, for the overview's "last change"."""
    Rekentool.objects.filter(pk=rekentool.pk).update(
        updated_at=timezone.now(), updated_by=user, data_revision=F("data_revision") + 1
    )
    _score_later(rekentool)


def _score_later(rekentool: Rekentool) -> None:
    """A large rekentool is scored by the worker once the change is committed, so the page
    that follows answers at once (with the previous result, marked; see selectors)."""
    if rekentool_scored_in_background(rekentool.pk):
        pk = rekentool.pk
        transaction.on_commit(lambda: rekentool_score.enqueue(pk))


def _audit(user: User, action: str, rekentool: Rekentool, subject, **changes: Any) -> None:
    """One audit row per write: rows are named by their anonymous ref or id, never by values."""
    audit_record(actor=user, action=action, organisation_id=rekentool.organisation_id,
                 subject=subject, changes={"rekentool": rekentool.pk, **changes})


@transaction.atomic
def rekentool_create(
    *, organisation: Organisation, user: User, name: str, peiljaar_start: dt.date | None = None
) -> Rekentool:
    rekentool = Rekentool.objects.create(
        organisation=organisation,
        name=name,
        peiljaar_start=peiljaar_start,
        fulltime_hours=organisation.fulltime_hours,
        created_by=user,
        updated_by=user,
    )
    _audit(user, "rekentool_create", rekentool, rekentool)
    return rekentool


@transaction.atomic
def rekentool_copy(*, rekentool: Rekentool, user: User, name: str) -> Rekentool:
    """A new scenario with the same data, to try changes without touching the original."""
    copy = Rekentool.objects.create(
        organisation=rekentool.organisation,
        name=name,
        handbook_version=rekentool.handbook_version,
        peiljaar_start=rekentool.peiljaar_start,
        fulltime_hours=rekentool.fulltime_hours,
        total_fte=rekentool.total_fte,
        average_headcount=rekentool.average_headcount,
        sw_seconded_out_fte=rekentool.sw_seconded_out_fte,
        qualitative=dict(rekentool.qualitative or {}),
        created_by=user,
        updated_by=user,
    )
    employees = list(rekentool.employees.all())
    for employee in employees:
        employee.pk = None
        employee.rekentool = copy
        employee.version = 1
    TargetGroupEmployee.objects.bulk_create(employees, batch_size=1000)
    purchases = list(rekentool.purchases.all())
    for purchase in purchases:
        purchase.pk = None
        purchase.rekentool = copy
        purchase.version = 1
    Purchase.objects.bulk_create(purchases, batch_size=1000)
    _audit(user, "rekentool_copy", copy, copy, copied_from=rekentool.pk)
    return copy


@transaction.atomic
def rekentool_delete(*, rekentool: Rekentool, user: User) -> None:
    _refuse_if_frozen(rekentool)
    _audit(user, "rekentool_delete", rekentool, rekentool)
    rekentool.delete()


@transaction.atomic
def rekentool_update(
    *, rekentool: Rekentool, user: User, expected_version: int, **fields: Any
) -> Rekentool:
    """Update rekentool-level fields (name, peiljaar, workforce, qualitative answers)."""
    allowed = {
        "name", "peiljaar_start", "fulltime_hours", "total_fte", "average_headcount",
        "sw_seconded_out_fte", "qualitative", "handbook_version",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"rekentool_update: unknown fields {sorted(unknown)}")
    _refuse_if_frozen(rekentool)
    updated = Rekentool.objects.filter(pk=rekentool.pk, version=expected_version).update(
        **fields, version=F("version") + 1, updated_at=timezone.now(), updated_by=user,
        data_revision=F("data_revision") + 1,
    )
    if not updated:
        raise StaleVersion()
    _score_later(rekentool)
    _audit(user, "rekentool_update", rekentool, rekentool, fields=sorted(fields))
    rekentool.refresh_from_db()
    return rekentool


@transaction.atomic
def employee_add(*, rekentool: Rekentool, user: User, **fields: Any) -> TargetGroupEmployee:
    """Raises DuplicateReference when the reference is taken (also by a concurrent request)."""
    _refuse_if_frozen(rekentool)
    try:
        # A savepoint, so the transaction stays usable after the constraint refuses the row.
        with transaction.atomic():
            employee = TargetGroupEmployee.objects.create(rekentool=rekentool, **fields)
    except IntegrityError as exc:
        _refuse_duplicate_ref(rekentool, fields["ref"], exc)
    _touch(rekentool, user)
    _audit(user, "employee_add", rekentool, employee, ref=employee.ref)
    return employee


@transaction.atomic
def employee_update(
    *, employee: TargetGroupEmployee, user: User, expected_version: int, **fields: Any
) -> None:
    _refuse_if_frozen(employee.rekentool)
    try:
        with transaction.atomic():
            updated = TargetGroupEmployee.objects.filter(
                pk=employee.pk, version=expected_version
            ).update(**fields, version=F("version") + 1)
    except IntegrityError as exc:
        _refuse_duplicate_ref(employee.rekentool, fields.get("ref", employee.ref), exc)
    if not updated:
        raise StaleVersion()
    _touch(employee.rekentool, user)
    _audit(user, "employee_update", employee.rekentool, employee,
           ref=fields.get("ref", employee.ref), fields=sorted(fields))


@transaction.atomic
def employee_delete(*, employee: TargetGroupEmployee, user: User) -> None:
    _refuse_if_frozen(employee.rekentool)
    _audit(user, "employee_delete", employee.rekentool, employee, ref=employee.ref)
    employee.delete()
    _touch(employee.rekentool, user)


@transaction.atomic
def employees_import(
    *, rekentool: Rekentool, user: User, rows: list[dict[str, Any]], replace: bool = False
) -> int:
    """Add (or, with `replace`, swap in) validated document rows; all or nothing."""
    _refuse_if_frozen(rekentool)
    if replace:
        rekentool.employees.all().delete()
    created = TargetGroupEmployee.objects.bulk_create(
        [TargetGroupEmployee(rekentool=rekentool, **employee_fields(row)) for row in rows],
        batch_size=2000,
    )
    _touch(rekentool, user)
    _audit(user, "employees_import", rekentool, rekentool, added=len(created), replace=replace)
    return len(created)


@transaction.atomic
def purchase_add(*, rekentool: Rekentool, user: User, **fields: Any) -> Purchase:
    _refuse_if_frozen(rekentool)
    purchase = Purchase.objects.create(rekentool=rekentool, **fields)
    _touch(rekentool, user)
    _audit(user, "purchase_add", rekentool, purchase)
    return purchase


@transaction.atomic
def purchase_update(
    *, purchase: Purchase, user: User, expected_version: int, **fields: Any
) -> None:
    _refuse_if_frozen(purchase.rekentool)
    updated = Purchase.objects.filter(pk=purchase.pk, version=expected_version).update(
        **fields, version=F("version") + 1
    )
    if not updated:
        raise StaleVersion()
    _touch(purchase.rekentool, user)
    _audit(user, "purchase_update", purchase.rekentool, purchase, fields=sorted(fields))


@transaction.atomic
def purchase_delete(*, purchase: Purchase, user: User) -> None:
    _refuse_if_frozen(purchase.rekentool)
    _audit(user, "purchase_delete", purchase.rekentool, purchase)
    purchase.delete()
    _touch(purchase.rekentool, user)


@transaction.atomic
def rekentool_import_document(
    *, rekentool: Rekentool, user: User, document: dict[str, Any]
) -> Rekentool:
    """Replace the rekentool's data by a validated document; the organisation scope stays."""
    _refuse_if_frozen(rekentool)
    fields = rekentool_fields(document)
    Rekentool.objects.filter(pk=rekentool.pk).update(
        **fields, version=F("version") + 1, updated_at=timezone.now(), updated_by=user,
        data_revision=F("data_revision") + 1,
    )
    _score_later(rekentool)
    rekentool.employees.all().delete()
    rekentool.purchases.all().delete()
    TargetGroupEmployee.objects.bulk_create(
        [
            TargetGroupEmployee(rekentool=rekentool, **employee_fields(row))
            for row in document.get("target_group") or []
        ],
        batch_size=2000,
    )
    Purchase.objects.bulk_create(
        [
            Purchase(rekentool=rekentool, **purchase_fields(row))
            for row in document.get("purchases") or []
        ],
        batch_size=2000,
    )
    _audit(user, "rekentool_import_document", rekentool, rekentool,
           employees=len(document.get("target_group") or []),
           purchases=len(document.get("purchases") or []))
    rekentool.refresh_from_db()
    return rekentool
