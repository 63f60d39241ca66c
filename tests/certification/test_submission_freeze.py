"""Submitting freezes the rekentool's data and the organisation's scope: every write path
refuses, in the services and on the pages, until the application ends without a certificate
(rule book §3 step 6; issue 10 §3)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from psoportal.assessments import services as writes
from psoportal.assessments.models import Purchase, Rekentool
from psoportal.assessments.selectors import rekentool_export_document
from psoportal.certification.models import Application
from psoportal.certification.services import PreconditionsNotMet, application_transition
from psoportal.certification.transitions import Party
from psoportal.organisations.models import Entity, Organisation
from psoportal.organisations.services import ScopeFrozen, entity_add, entity_remove

pytestmark = pytest.mark.django_db

FROZEN = "Deze rekentool is ingediend als definitieve aanvraag en kan niet meer worden gewijzigd."


@pytest.fixture
def submitted(complete_rekentool, submit, organisation):
    """A submitted rekentool with a purchase and an entity to try to change."""
    application = submit(complete_rekentool)
    # Added behind the freeze's back, only to have rows to try to change.
    Purchase.objects.create(rekentool=complete_rekentool, supplier="Werkbedrijf B.V.",
                            kvk="11223344", kind="sw_company", amount=Decimal("1000"),
                            supplier_turnover=Decimal("2000000"),
                            supplier_weighted_fte=Decimal("20"))
    Entity.objects.create(organisation=organisation, name="Noord B.V.", kvk="87654321")
    Organisation.objects.filter(pk=organisation.pk).update(
        scope_frozen_at=application.submitted_at)
    complete_rekentool.refresh_from_db()
    return complete_rekentool


def _state(tool: Rekentool) -> tuple:
    tool = Rekentool.objects.get(pk=tool.pk)
    return (tool.name, tool.version, tool.data_revision, tool.total_fte, tool.qualitative,
            sorted(tool.employees.values_list("ref", "hours_per_week")),
            sorted(tool.purchases.values_list("supplier", "amount")))


def _employee_fields() -> dict:
    return {"ref": "D-009", "category": "wia", "contract": "regular",
            "hours_per_week": Decimal("8"), "employed_from": dt.date(2024, 1, 1)}


SERVICE_WRITES = {
    "rekentool_update": lambda t, u: writes.rekentool_update(
        rekentool=t, user=u, expected_version=t.version, total_fte=Decimal("60")),
    "rekentool_update (name)": lambda t, u: writes.rekentool_update(
        rekentool=t, user=u, expected_version=t.version, name="Anders"),
    "rekentool_delete": lambda t, u: writes.rekentool_delete(rekentool=t, user=u),
    "employee_add": lambda t, u: writes.employee_add(rekentool=t, user=u, **_employee_fields()),
    "employee_update": lambda t, u: writes.employee_update(
        employee=t.employees.first(), user=u, expected_version=1,
        hours_per_week=Decimal("8")),
    "employee_delete": lambda t, u: writes.employee_delete(employee=t.employees.first(), user=u),
    "employees_import": lambda t, u: writes.employees_import(rekentool=t, user=u, rows=[],
                                                             replace=True),
    "purchase_add": lambda t, u: writes.purchase_add(
        rekentool=t, user=u, supplier="Ander B.V.", kind="sw_company", amount=Decimal("5")),
    "purchase_update": lambda t, u: writes.purchase_update(
        purchase=t.purchases.first(), user=u, expected_version=1, amount=Decimal("5")),
    "purchase_delete": lambda t, u: writes.purchase_delete(purchase=t.purchases.first(), user=u),
    "rekentool_import_document": lambda t, u: writes.rekentool_import_document(
        rekentool=t, user=u, document={**rekentool_export_document(t, on=dt.date.today()),
                                    "target_group": []}),
}


@pytest.mark.parametrize("write", sorted(SERVICE_WRITES))
def test_every_write_service_refuses_a_submitted_rekentool(write, submitted, alice):
    before = _state(submitted)
    with pytest.raises(writes.RekentoolFrozen) as refused:
        SERVICE_WRITES[write](submitted, alice)
    assert str(refused.value).startswith(FROZEN)
    assert _state(submitted) == before


@pytest.mark.parametrize("write", ["entity_add", "entity_remove"])
def test_the_scope_refuses_changes_while_the_application_is_in_procedure(
    write, submitted, organisation, alice
):
    with pytest.raises(ScopeFrozen):
        if write == "entity_add":
            entity_add(organisation=organisation, user=alice, name="Zuid B.V.", kvk="11223344")
        else:
            entity_remove(entity=organisation.entities.get(), user=alice)
    assert list(organisation.entities.values_list("kvk", flat=True)) == ["87654321"]


def _urls(tool) -> dict[str, str]:
    employee, purchase = tool.employees.first(), tool.purchases.first()
    return {
        "data": reverse("mijnpso:data", args=[tool.pk]),
        "target_group": reverse("mijnpso:target_group", args=[tool.pk]),
        "employee_edit": reverse("mijnpso:employee_edit", args=[tool.pk, employee.pk]),
        "employee_delete": reverse("mijnpso:employee_delete", args=[tool.pk, employee.pk]),
        "purchases": reverse("mijnpso:purchases", args=[tool.pk]),
        "purchase_edit": reverse("mijnpso:purchase_edit", args=[tool.pk, purchase.pk]),
        "purchase_delete": reverse("mijnpso:purchase_delete", args=[tool.pk, purchase.pk]),
        "qualitative": reverse("mijnpso:qualitative", args=[tool.pk]),
        "target_group_import": reverse("mijnpso:target_group_import", args=[tool.pk]),
        "import": reverse("mijnpso:import", args=[tool.pk]),
        "delete": reverse("mijnpso:delete", args=[tool.pk]),
    }


# Where each refused write leads: back to the page the data are shown on.
BACK = {"data": "data", "target_group": "target_group", "employee_edit": "target_group",
        "employee_delete": "target_group", "purchases": "purchases",
        "purchase_edit": "purchases", "purchase_delete": "purchases",
        "qualitative": "qualitative", "target_group_import": "target_group",
        "import": "data", "delete": "rekentool"}


@pytest.mark.parametrize("page", sorted(BACK))
def test_every_write_page_refuses_with_the_reason(page, login, alice, submitted):
    before = _state(submitted)
    client = login(alice)
    response = client.post(_urls(submitted)[page], {"ref": "X", "total_fte": "99"})
    assert response.status_code == 302
    assert response.url == reverse(f"mijnpso:{BACK[page]}", args=[submitted.pk])
    assert next(str(m) for m in get_messages(response.wsgi_request)).startswith(FROZEN)
    assert _state(submitted) == before


@pytest.mark.parametrize("page", ["employee_edit", "employee_delete", "purchase_edit",
                                  "purchase_delete", "import", "delete"])
def test_edit_and_delete_pages_are_not_shown_for_a_submitted_rekentool(page, login, alice,
                                                                       submitted):
    response = login(alice).get(_urls(submitted)[page])
    assert response.status_code == 302


def test_an_htmx_autosave_is_sent_to_the_page_instead(login, alice, submitted):
    response = login(alice).post(_urls(submitted)["data"], {"total_fte": "99"},
                                 headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("mijnpso:data", args=[submitted.pk])


@pytest.mark.parametrize("page", sorted(BACK))
def test_an_outsider_still_gets_404_for_a_submitted_rekentool(page, login, charlie, submitted):
    assert login(charlie).post(_urls(submitted)[page], {}).status_code == 404


def test_a_write_that_slips_past_the_page_check_is_refused_by_the_service(
    login, alice, submitted, monkeypatch
):
    """The submission may land between the page's check and the write: the service decides."""
    client = login(alice)
    url = _urls(submitted)["purchase_delete"]
    monkeypatch.setattr("psoportal.assessments.views.common.get_rekentool_for_user",
                        lambda user, pk: Rekentool(pk=pk))
    response = client.post(url)
    assert response.status_code == 302
    assert next(str(m) for m in get_messages(response.wsgi_request)).startswith(FROZEN)
    assert submitted.purchases.count() == 1


def test_the_pages_show_the_frozen_state_without_forms(login, alice, submitted):
    client = login(alice)
    data = client.get(_urls(submitted)["data"]).content.decode()
    assert "ingediend als definitieve aanvraag" in data
    assert reverse("mijnpso:copy", args=[submitted.pk]) in data
    assert "hx-post" not in data and "Opslaan" not in data
    target_group = client.get(_urls(submitted)["target_group"]).content.decode()
    assert "Medewerker toevoegen" not in target_group
    assert _urls(submitted)["employee_edit"] not in target_group
    assert "Importeren uit Excel of CSV" not in target_group
    purchases = client.get(_urls(submitted)["purchases"]).content.decode()
    assert "Inkoop toevoegen" not in purchases
    qualitative = client.get(_urls(submitted)["qualitative"]).content.decode()
    assert "disabled" in qualitative and "hx-post" not in qualitative
    tools = client.get(reverse("mijnpso:rekentools", args=[submitted.organisation_id]))
    assert _urls(submitted)["delete"] not in tools.content.decode()


def test_the_organisation_page_shows_the_scope_frozen(login, alice, submitted, organisation):
    client = login(alice)
    page = client.get(reverse("mijnpso:organisation", args=[organisation.pk])).content.decode()
    assert "vastgelegd in een definitieve aanvraag" in page
    assert "Onderliggende entiteit toevoegen" not in page
    assert "/verwijderen/" not in page
    response = client.post(reverse("mijnpso:organisation", args=[organisation.pk]),
                           {"action": "entity", "name": "Zuid B.V.", "kvk": "11223344"})
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    entity = organisation.entities.get()
    for method in (client.get, client.post):
        response = method(reverse("mijnpso:entity_delete", args=[organisation.pk, entity.pk]))
        assert response.status_code == 302
    assert organisation.entities.count() == 1


def test_a_copy_is_free_to_change(submitted, alice):
    copy = writes.rekentool_copy(rekentool=submitted, user=alice, name="Volgend jaar")
    assert copy.frozen_at is None
    writes.employee_add(rekentool=copy, user=alice, **_employee_fields())
    assert copy.employees.count() == submitted.employees.count() + 1


@pytest.mark.parametrize(("name", "party", "state"), [
    ("withdraw", Party.APPLICANT, "submitted"),
    ("cancel", Party.PSO_NEDERLAND, "submitted"),
    ("reject", Party.PSO_NEDERLAND, "report_filed"),
])
def test_an_application_that_ends_without_a_certificate_thaws_both(
    name, party, state, submitted, organisation, alice
):
    application = Application.objects.get()
    Application.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    application_transition(application=application, name=name, actor=alice, party=party,
                           reason={"cancel": "cancel_personal_data", "reject": "Nee."}.get(
                               name, ""))
    writes.employee_add(rekentool=submitted, user=alice, **_employee_fields())
    entity_add(organisation=organisation, user=alice, name="Zuid B.V.", kvk="11223344")


def test_the_award_thaws_the_scope_but_keeps_the_rekentool(submitted, organisation, alice, bo):
    application = Application.objects.get()
    Application.objects.filter(pk=application.pk).update(state="awaiting_payment")
    application.refresh_from_db()
    application_transition(application=application, name="payment_received", actor=bo,
                           party=Party.PSO_NEDERLAND)
    entity_add(organisation=organisation, user=alice, name="Zuid B.V.", kvk="11223344")
    with pytest.raises(writes.RekentoolFrozen):
        writes.employee_add(rekentool=submitted, user=alice, **_employee_fields())


def test_the_scope_stays_frozen_while_another_application_is_in_procedure(
    submitted, organisation, alice, rekentool, submit, institution, auditor
):
    from psoportal.certification.quotes import quote_accept
    from tests.certification.conftest import give_quote

    other = writes.rekentool_copy(rekentool=submitted, user=alice, name="Tweede")
    Entity.objects.filter(organisation=organisation).delete()  # as the first snapshot
    Organisation.objects.filter(pk=organisation.pk).update(scope_frozen_at=None)
    quote_accept(quote=give_quote(other, institution, auditor), user=alice)
    submit(other)
    first = Application.objects.get(rekentool=submitted)
    application_transition(application=first, name="withdraw", actor=alice,
                           party=Party.APPLICANT)
    with pytest.raises(ScopeFrozen):
        entity_add(organisation=organisation, user=alice, name="Zuid B.V.", kvk="11223344")


def test_a_change_landing_during_the_submission_refuses_it(complete_rekentool, submit,
                                                           alice, monkeypatch):
    """The snapshot is read before the freeze: a write in between (a colleague saving) makes
    the freeze's compare-and-set fail, and nothing is submitted or frozen."""
    from psoportal.certification import services

    def export_then_write(tool, *, on):
        document = rekentool_export_document(tool, on=on)
        writes.employee_add(rekentool=tool, user=alice, **_employee_fields())
        return document

    monkeypatch.setattr(services, "rekentool_export_document", export_then_write)
    with pytest.raises(PreconditionsNotMet) as refused:
        submit(complete_rekentool)
    assert "gewijzigd terwijl u indiende" in str(refused.value)
    assert not Application.objects.exists()
    assert Rekentool.objects.get(pk=complete_rekentool.pk).frozen_at is None


def test_a_scope_change_landing_during_the_submission_refuses_it(complete_rekentool, submit,
                                                                 organisation, alice,
                                                                 monkeypatch):
    from psoportal.certification import services

    def export_then_add_entity(tool, *, on):
        document = rekentool_export_document(tool, on=on)
        entity_add(organisation=organisation, user=alice, name="Zuid B.V.", kvk="11223344")
        return document

    monkeypatch.setattr(services, "rekentool_export_document", export_then_add_entity)
    with pytest.raises(PreconditionsNotMet):
        submit(complete_rekentool)
    assert not Application.objects.exists()
    organisation.refresh_from_db()
    assert organisation.scope_frozen_at is None


def test_the_submission_freezes_both(complete_rekentool, submit, organisation):
    application = submit(complete_rekentool)
    complete_rekentool.refresh_from_db()
    organisation.refresh_from_db()
    assert complete_rekentool.frozen_at == application.submitted_at or (
        complete_rekentool.frozen_at is not None)
    assert organisation.scope_frozen_at is not None
