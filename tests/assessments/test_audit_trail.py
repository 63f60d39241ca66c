"""Every write to a rekentool leaves one audit row naming who did what (architecture.md:
"one transaction, a security/audit event"), without personal data of target-group rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from psoportal.assessments import services
from psoportal.assessments.document import rekentool_document
from psoportal.assessments.models import Purchase
from psoportal.core.models import AuditEvent

pytestmark = pytest.mark.django_db

EMPLOYEE = {
    "ref": "N-001", "category": "wajong", "contract": "regular",
    "hours_per_week": Decimal("32"), "employed_from": dt.date(2023, 1, 1),
}
PURCHASE = {
    "supplier": "Groen B.V.", "kvk": "11223344", "kind": Purchase.Kind.PSO_CERTIFIED,
    "amount": Decimal("50000"), "supplier_turnover": Decimal("2000000"),
    "supplier_weighted_fte": Decimal("20"),
}


def _only_event() -> AuditEvent:
    (event,) = AuditEvent.objects.all()
    return event


def _write(name: str, rekentool, user):
    employee = rekentool.employees.get(ref="D-001")
    purchase = Purchase.objects.create(rekentool=rekentool, **PURCHASE)
    version = rekentool.version
    return {
        "rekentool_create": lambda: services.rekentool_create(
            organisation=rekentool.organisation, user=user, name="Nieuw"),
        "rekentool_copy": lambda: services.rekentool_copy(
            rekentool=rekentool, user=user, name="Kopie"),
        "rekentool_update": lambda: services.rekentool_update(
            rekentool=rekentool, user=user, expected_version=version,
            total_fte=Decimal("60")),
        "rekentool_delete": lambda: services.rekentool_delete(rekentool=rekentool, user=user),
        "employee_add": lambda: services.employee_add(rekentool=rekentool, user=user, **EMPLOYEE),
        "employee_update": lambda: services.employee_update(
            employee=employee, user=user, expected_version=employee.version,
            hours_per_week=Decimal("20")),
        "employee_delete": lambda: services.employee_delete(employee=employee, user=user),
        "employees_import": lambda: services.employees_import(
            rekentool=rekentool, user=user,
            rows=[{"ref": "N-002", "category": "wajong", "contract": "regular",
                   "hours_per_week": "32", "employed_from": "2023-01-01"}]),
        "purchase_add": lambda: services.purchase_add(rekentool=rekentool, user=user, **PURCHASE),
        "purchase_update": lambda: services.purchase_update(
            purchase=purchase, user=user, expected_version=purchase.version,
            amount=Decimal("1000")),
        "purchase_delete": lambda: services.purchase_delete(purchase=purchase, user=user),
        "rekentool_import_document": lambda: services.rekentool_import_document(
            rekentool=rekentool, user=user,
            document=rekentool_document(rekentool, on=dt.date(2025, 8, 15))),
    }[name]


WRITES = [
    "rekentool_create", "rekentool_copy", "rekentool_update", "rekentool_delete",
    "employee_add", "employee_update", "employee_delete", "employees_import",
    "purchase_add", "purchase_update", "purchase_delete", "rekentool_import_document",
]


@pytest.mark.parametrize("action", WRITES)
def test_each_write_leaves_one_audit_row_naming_the_actor_and_the_action(
    action, bob, rekentool
):
    write = _write(action, rekentool, bob)
    write()
    event = _only_event()
    assert event.actor == bob
    assert event.action == action
    assert event.organisation_id == rekentool.organisation_id
    assert event.subject_id is not None


def test_a_target_group_row_is_named_by_its_anonymous_ref_and_changed_fields_only(
    bob, rekentool
):
    employee = rekentool.employees.get(ref="D-001")
    services.employee_update(employee=employee, user=bob, expected_version=employee.version,
                             hours_per_week=Decimal("20"), employed_until=dt.date(2024, 6, 30))
    event = _only_event()
    assert event.subject_type == "assessments.targetgroupemployee"
    assert event.subject_id == employee.pk
    assert event.changes == {
        "rekentool": rekentool.pk, "ref": "D-001", "fields": ["employed_until", "hours_per_week"]
    }


def test_a_refused_stale_write_leaves_no_audit_row(bob, rekentool):
    with pytest.raises(services.StaleVersion):
        services.rekentool_update(rekentool=rekentool, user=bob,
                                  expected_version=rekentool.version - 1, name="Oud")
    assert not AuditEvent.objects.exists()


def test_the_rekentool_pages_record_the_logged_in_member(login, bob, rekentool):
    from django.urls import reverse

    login(bob).post(reverse("mijnpso:employee_delete",
                            args=[rekentool.pk, rekentool.employees.get(ref="D-002").pk]))
    event = _only_event()
    assert (event.actor, event.action, event.changes["ref"]) == (bob, "employee_delete", "D-002")
