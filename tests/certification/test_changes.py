"""Changes after submission: another certifying institution, a partial or a full name change,
each recorded with its fee and guarded by its moment (rule book §9; issue 10 §9). Alice is the
applicant, Audrey the auditor of the accepted quote, Bo PSO-Nederland, Charlie an outsider."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.changes import (
    ChangeRefused,
    application_change_ci,
    application_change_name,
)
from psoportal.certification.models import ApplicationChange, FeeEvent, QuoteRequest
from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party, State
from tests.certification.changes_support import audit_for, fee_events, handbook_amount, in_state
from tests.certification.conftest import give_quote
from tests.factories import CertifyingInstitutionFactory, InstitutionMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _url(application, kind):
    return reverse("certification:change", args=[application.pk, kind])


@pytest.fixture
def other_auditor(db):
    institution = CertifyingInstitutionFactory(name="Tweede Keur B.V.")
    user = UserFactory(email="olaf@tweedekeur.example", full_name="Olaf Ander")
    InstitutionMembershipFactory(institution=institution, user=user)
    return user


@pytest.fixture
def other_quote(complete_rekentool, other_auditor):
    """A quote of a second institution, asked after the submission through step 6."""
    return give_quote(complete_rekentool, other_auditor.institution_memberships.get().institution,
                      other_auditor)


# -- another certifying institution -------------------------------------------------------------


def test_the_applicant_switches_to_another_institutions_quote_before_the_audit(
    login, alice, auditor, other_auditor, submit, complete_rekentool
):
    application = submit(complete_rekentool)
    old_quote = application.accepted_quote
    quote = give_quote(complete_rekentool,
                       other_auditor.institution_memberships.get().institution, other_auditor)
    client = login(alice)
    assert "Tweede Keur B.V." in client.get(_url(application, "change_of_ci")).content.decode()
    response = client.post(_url(application, "change_of_ci"), {"quote": quote.pk,
                                                              "confirm": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.accepted_quote == quote
    assert fee_events(application) == [
        ("change_of_ci", handbook_amount(application, "change_of_ci"))]
    change = ApplicationChange.objects.get()
    assert (change.kind, change.old_value, change.new_value, change.actor) == (
        "change_of_ci", "Keurmerk Certificering B.V.", "Tweede Keur B.V.", alice)
    assert change.fee_event == FeeEvent.objects.get()
    old_quote.request.refresh_from_db()
    quote.request.refresh_from_db()
    assert (old_quote.request.state, quote.request.state) == (
        QuoteRequest.State.LAPSED, QuoteRequest.State.ACCEPTED)
    # The new institution sees the application now, the old one no longer.
    page = reverse("certification:application", args=[application.pk])
    assert login(other_auditor).get(page).status_code == 200
    assert login(auditor).get(page).status_code == 404


def test_a_change_of_institution_from_the_first_audit_day_is_refused(
    login, alice, submit, complete_rekentool, other_quote
):
    application = in_state(submit(complete_rekentool), State.AUDIT_PLANNED)
    audit_for(application, TODAY())
    response = login(alice).post(_url(application, "change_of_ci"),
                                 {"quote": other_quote.pk, "confirm": "on"})
    assert response.status_code == 400
    assert "De audit is begonnen op" in response.content.decode()
    assert FeeEvent.objects.count() == ApplicationChange.objects.count() == 0
    application.refresh_from_db()
    assert application.accepted_quote != other_quote


def test_a_change_of_institution_the_day_before_the_audit_is_allowed(
    alice, submit, complete_rekentool, other_quote
):
    application = in_state(submit(complete_rekentool), State.AUDIT_PLANNED)
    audit_for(application, TODAY() + dt.timedelta(days=1))
    application_change_ci(application=application, quote=other_quote, actor=alice)
    assert fee_events(application) == [
        ("change_of_ci", handbook_amount(application, "change_of_ci"))]


def test_after_the_report_the_institution_cannot_change(alice, submit, complete_rekentool,
                                                         other_quote):
    application = in_state(submit(complete_rekentool), State.REPORT_FILED)
    with pytest.raises(ChangeRefused, match="audit is gedaan"):
        application_change_ci(application=application, quote=other_quote, actor=alice)


def test_without_a_quote_of_another_institution_the_page_says_how_to_get_one(
    login, alice, submit, complete_rekentool
):
    application = submit(complete_rekentool)
    content = login(alice).get(_url(application, "change_of_ci")).content.decode()
    assert "nog geen geldige offerte van een andere certificerende instelling" in content
    assert reverse("certification:step6", args=[complete_rekentool.pk]) in content


def test_an_expired_quote_or_one_of_the_current_institution_cannot_be_chosen(
    alice, submit, complete_rekentool, other_auditor
):
    institution = other_auditor.institution_memberships.get().institution
    expired = give_quote(complete_rekentool, institution, other_auditor, valid_days=1)
    type(expired).objects.filter(pk=expired.pk).update(valid_until=TODAY() - dt.timedelta(days=1))
    application = submit(complete_rekentool)
    for quote in (expired, application.accepted_quote):
        quote.refresh_from_db()
        with pytest.raises(ChangeRefused, match="kan niet worden gekozen"):
            application_change_ci(application=application, quote=quote, actor=alice)
    assert FeeEvent.objects.count() == 0


def test_the_cost_must_be_confirmed(login, alice, submit, complete_rekentool, other_quote):
    application = submit(complete_rekentool)
    response = login(alice).post(_url(application, "change_of_ci"), {"quote": other_quote.pk})
    assert response.status_code == 400
    assert "Bevestig dat u de kosten van deze wijziging kent." in response.content.decode()
    assert FeeEvent.objects.count() == 0


# -- name changes -------------------------------------------------------------------------------


def test_a_partial_name_change_before_the_audit_is_over_is_refused(
    login, alice, submit, complete_rekentool
):
    application = in_state(submit(complete_rekentool), State.AUDIT_PLANNED)
    audit_for(application, TODAY(), days=2)  # the audit runs today and tomorrow
    content = login(alice).get(_url(application, "partial_name_change")).content.decode()
    assert "kan pas worden doorgegeven als de audit voorbij is" in content
    assert 'name="new_name"' not in content
    with pytest.raises(ChangeRefused, match="als de audit voorbij is"):
        application_change_name(application=application, kind="partial_name_change",
                                new_name="Voorbeeld BV", actor=alice)
    assert FeeEvent.objects.count() == 0


def test_a_partial_name_change_after_the_audit_is_recorded_with_its_fee(
    login, alice, submit, complete_rekentool
):
    application = in_state(submit(complete_rekentool), State.AUDIT_PLANNED)
    audit_for(application, TODAY() - dt.timedelta(days=3), days=2)
    response = login(alice).post(_url(application, "partial_name_change"),
                                 {"new_name": " Voorbeeld  BV ", "confirm": "on"})
    assert response.status_code == 302
    assert fee_events(application) == [
        ("partial_name_change", handbook_amount(application, "partial_name_change"))]
    change = ApplicationChange.objects.get()
    assert (change.old_value, change.new_value) == ("Voorbeeld B.V.", "Voorbeeld BV")
    application.refresh_from_db()
    assert application.state == State.AUDIT_PLANNED


def test_a_partial_name_change_needs_a_different_name(alice, submit, complete_rekentool):
    application = in_state(submit(complete_rekentool), State.REPORT_FILED)
    application_change_name(application=application, kind="partial_name_change",
                            new_name="Voorbeeld BV", actor=alice)
    with pytest.raises(ChangeRefused, match="al draagt"):
        application_change_name(application=application, kind="partial_name_change",
                                new_name="Voorbeeld BV", actor=alice)
    assert ApplicationChange.objects.get().old_value == "Voorbeeld B.V."


def test_an_empty_name_is_a_field_error(login, alice, submit, complete_rekentool):
    application = in_state(submit(complete_rekentool), State.REPORT_FILED)
    response = login(alice).post(_url(application, "partial_name_change"),
                                 {"new_name": "  ", "confirm": "on"})
    assert response.status_code == 400
    assert "Vul de nieuwe naam in." in response.content.decode()
    assert FeeEvent.objects.count() == 0


def test_a_full_name_change_before_the_first_audit_day_is_refused(alice, submit,
                                                                  complete_rekentool):
    application = in_state(submit(complete_rekentool), State.AUDIT_PLANNED)
    audit_for(application, TODAY() + dt.timedelta(days=1))
    with pytest.raises(ChangeRefused, match="vanaf de eerste auditdag"):
        application_change_name(application=application, kind="full_name_change",
                                new_name="Nieuw Bedrijf B.V.", actor=alice)
    application.refresh_from_db()
    assert application.state == State.AUDIT_PLANNED
    assert FeeEvent.objects.count() == 0


def test_a_full_name_change_on_the_first_audit_day_ends_the_application_with_one_fee(
    login, alice, submit, complete_rekentool
):
    application = in_state(submit(complete_rekentool), State.AUDIT_PLANNED)
    audit_for(application, TODAY())
    response = login(alice).post(_url(application, "full_name_change"),
                                 {"new_name": "Nieuw Bedrijf B.V.", "confirm": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.CANCELLED
    # The change's fee only: no withdrawal event besides it.
    assert fee_events(application) == [
        ("full_name_change", handbook_amount(application, "full_name_change"))]
    assert application.events.last().transition == "withdraw"
    change = ApplicationChange.objects.get()
    assert (change.old_value, change.new_value) == ("Voorbeeld B.V.", "Nieuw Bedrijf B.V.")


def test_a_new_application_after_a_full_name_change_gets_the_credit(alice, submit,
                                                                   complete_rekentool):
    application = in_state(submit(complete_rekentool), State.REPORT_FILED)
    application_change_name(application=application, kind="full_name_change",
                            new_name="Nieuw Bedrijf B.V.", actor=alice)
    new = submit(complete_rekentool)
    assert fee_events(new) == [
        ("new_application_credit", -handbook_amount(new, "new_application_credit"))]


def test_a_posted_reason_cannot_spare_a_withdrawal_its_fee(login, alice, submit,
                                                           complete_rekentool):
    application = submit(complete_rekentool)
    login(alice).post(reverse("certification:application_step", args=[application.pk]),
                      {"transition": "withdraw", "reason": "full_name_change"})
    application.refresh_from_db()
    assert application.state == State.CANCELLED
    assert fee_events(application) == [
        ("withdrawal_in_window", handbook_amount(application, "withdrawal_in_window"))]


def test_nothing_changes_on_a_cancelled_application(login, alice, bo, submit,
                                                    complete_rekentool):
    application = submit(complete_rekentool)
    application_transition(application=application, name="cancel", actor=bo,
                           party=Party.PSO_NEDERLAND, reason="cancel_personal_data")
    response = login(alice).post(_url(application, "partial_name_change"),
                                 {"new_name": "Voorbeeld BV", "confirm": "on"})
    assert response.status_code == 400
    assert "er valt niets meer te wijzigen" in response.content.decode()
    assert ApplicationChange.objects.count() == 0


# -- who may pass a change on -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["charlie", "auditor", "bo", "other_auditor"])
def test_only_the_applicant_reaches_the_change_pages(request, login, submit,
                                                     complete_rekentool, persona):
    application = submit(complete_rekentool)
    client = login(request.getfixturevalue(persona))
    for kind in ("change_of_ci", "partial_name_change", "full_name_change"):
        assert client.get(_url(application, kind)).status_code == 404
        assert client.post(_url(application, kind), {"new_name": "X", "confirm": "on"}
                           ).status_code == 404
    assert FeeEvent.objects.count() == 0


def test_an_unknown_change_is_404(login, alice, submit, complete_rekentool):
    application = submit(complete_rekentool)
    assert login(alice).get(_url(application, "nieuwe_kleur")).status_code == 404
