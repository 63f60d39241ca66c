"""Withdrawals, cancellations and the credit of a new application as fee events with the
amounts of the application's own fee table (rule book §9; issue 10 §9). The applicant is
Alice, PSO-Nederland is Bo."""

import dataclasses
import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from psoportal.certification import fees
from psoportal.certification.models import FeeEvent
from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party, State
from psoportal.methodology.dates import cancellation_window, half_credit_window
from psoportal.methodology.handbook import handbook_get
from tests.certification.awarding import thawed
from tests.certification.changes_support import (
    audit_for,
    fee_events,
    handbook_amount,
    in_state,
    noon,
)
from tests.factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def submit(submit):
    # Several applications of one organisation from one draft (awarding.thawed says why).
    return thawed(submit)


pytestmark = pytest.mark.django_db


def _withdraw(application, alice, on=None):
    if on is None:
        return application_transition(application=application, name="withdraw", actor=alice,
                                      party=Party.APPLICANT)
    with time_machine.travel(noon(on), tick=False):
        return application_transition(application=application, name="withdraw", actor=alice,
                                      party=Party.APPLICANT)


def _window(application):
    handbook = handbook_get(application.handbook_version)
    return cancellation_window(timezone.localdate(application.submitted_at), handbook)


def test_a_withdrawal_on_the_last_day_of_the_window_before_the_audit_costs_the_fee(
    submit, complete_rekentool, alice
):
    application = submit(complete_rekentool)
    last = _window(application).last
    _withdraw(application, alice, on=last)
    assert fee_events(application) == [
        ("withdrawal_in_window", handbook_amount(application, "withdrawal_in_window"))]
    event = FeeEvent.objects.get(application=application)
    assert (event.occurred_on, event.recorded_by, event.organisation) == (
        last, alice, application.organisation)
    assert event.invoiced_at is None


def test_a_withdrawal_the_day_after_the_window_leaves_both_contributions_due(
    submit, complete_rekentool, alice
):
    application = submit(complete_rekentool)
    _withdraw(application, alice, on=_window(application).last + dt.timedelta(days=1))
    assert fee_events(application) == [("withdrawal_late_window", 0)]
    assert "beide jaren blijven verschuldigd" in FeeEvent.objects.get().label


def test_a_withdrawal_on_the_first_audit_day_leaves_both_contributions_due(
    submit, complete_rekentool, alice
):
    application = submit(complete_rekentool)
    first_day = timezone.localdate() + dt.timedelta(days=10)
    audit_for(in_state(application, State.AUDIT_PLANNED), first_day)
    _withdraw(application, alice, on=first_day)
    assert fee_events(application) == [("withdrawal_late_audit", 0)]


def test_a_withdrawal_the_day_before_the_first_audit_day_costs_the_fee(
    submit, complete_rekentool, alice
):
    application = submit(complete_rekentool)
    first_day = timezone.localdate() + dt.timedelta(days=10)
    audit_for(in_state(application, State.AUDIT_PLANNED), first_day)
    _withdraw(application, alice, on=first_day - dt.timedelta(days=1))
    assert fee_events(application) == [
        ("withdrawal_in_window", handbook_amount(application, "withdrawal_in_window"))]


@pytest.mark.parametrize("state", [State.AWAITING_PAYMENT, State.AWARDED])
def test_a_withdrawal_after_the_award_leaves_both_contributions_due(
    submit, complete_rekentool, alice, state
):
    # Inside the window and without an audit row: the award alone decides.
    application = in_state(submit(complete_rekentool), state)
    _withdraw(application, alice)
    assert fee_events(application) == [("withdrawal_late_award", 0)]


@pytest.mark.parametrize("ground", ["cancel_personal_data", "cancel_email_not_traceable"])
def test_a_cancellation_by_pso_nederland_costs_the_fee_of_its_ground(
    submit, complete_rekentool, bo, ground
):
    application = submit(complete_rekentool)
    application_transition(application=application, name="cancel", actor=bo,
                           party=Party.PSO_NEDERLAND, reason=ground)
    assert fee_events(application) == [(ground, handbook_amount(application, ground))]
    event = FeeEvent.objects.get()
    assert event.recorded_by == bo
    assert event.label == handbook_get("2.2").fee_table_for(
        timezone.localdate()).events[ground].label_nl


def test_the_amount_is_read_from_the_fee_table_of_the_submission_date(
    submit, complete_rekentool, alice, monkeypatch
):
    # A handbook whose table on the submission date asks another amount: the event follows it.
    application = submit(complete_rekentool)
    real = handbook_get(application.handbook_version)
    table = real.fee_table_for(timezone.localdate())
    changed = dataclasses.replace(real, fee_tables=(dataclasses.replace(table, events={
        **table.events,
        "withdrawal_in_window": dataclasses.replace(table.events["withdrawal_in_window"],
                                                    amount=table.events[
                                                        "withdrawal_in_window"].amount + 1),
    }),))
    monkeypatch.setattr(fees, "handbook_get", lambda version: changed)
    _withdraw(application, alice)
    assert fee_events(application) == [
        ("withdrawal_in_window", handbook_amount(application, "withdrawal_in_window") + 1)]


def test_a_refused_withdrawal_records_no_fee(submit, complete_rekentool, alice):
    application = in_state(submit(complete_rekentool), State.CANCELLED)
    with pytest.raises(Exception, match="geannuleerd"):
        _withdraw(application, alice)
    assert fee_events(application) == []


# -- the credit of a new application after a cancellation ---------------------------------------


def _cancelled(application, bo):
    application_transition(application=application, name="cancel", actor=bo,
                           party=Party.PSO_NEDERLAND, reason="cancel_personal_data")
    return FeeEvent.objects.get(application=application, code="cancel_personal_data")


def _earliest_cancellation_day_with_today_in_its_window(handbook):
    today = timezone.localdate()
    days = [today - dt.timedelta(days=n) for n in range(0, 70)]
    return min(day for day in days if today in half_credit_window(day, handbook))


def _move(event, day):
    FeeEvent.objects.filter(pk=event.pk).update(occurred_on=day)


def test_a_new_application_on_the_last_day_of_the_credit_window_gets_the_credit(
    submit, complete_rekentool, bo
):
    cancellation = _cancelled(submit(complete_rekentool), bo)
    handbook = handbook_get("2.2")
    day = _earliest_cancellation_day_with_today_in_its_window(handbook)
    assert half_credit_window(day, handbook).last == timezone.localdate()
    _move(cancellation, day)
    new = submit(complete_rekentool)
    assert fee_events(new) == [
        ("new_application_credit", -handbook_amount(new, "new_application_credit"))]
    credit = FeeEvent.objects.get(application=new)
    assert credit.credit_for == cancellation
    assert credit.amount < 0


def test_a_new_application_a_day_after_the_credit_window_gets_no_credit(
    submit, complete_rekentool, bo
):
    cancellation = _cancelled(submit(complete_rekentool), bo)
    day = _earliest_cancellation_day_with_today_in_its_window(handbook_get("2.2"))
    _move(cancellation, day - dt.timedelta(days=1))
    assert fee_events(submit(complete_rekentool)) == []


def test_a_cancellation_earns_one_credit_and_a_new_application_gets_one(
    submit, complete_rekentool, bo
):
    earlier, later = submit(complete_rekentool), submit(complete_rekentool)
    _cancelled(earlier, bo)
    _cancelled(later, bo)
    first, second, third = (submit(complete_rekentool) for _ in range(3))
    assert [len(fee_events(a)) for a in (first, second, third)] == [1, 1, 0]
    # The most recent cancellation first.
    assert FeeEvent.objects.get(application=first).credit_for.application == later
    assert FeeEvent.objects.get(application=second).credit_for.application == earlier
    assert FeeEvent.objects.filter(code="new_application_credit").count() == 2


def test_a_withdrawal_without_a_fee_earns_no_credit(submit, complete_rekentool, alice):
    application = in_state(submit(complete_rekentool), State.AWARDED)
    _withdraw(application, alice)
    assert fee_events(submit(complete_rekentool)) == []


def test_another_organisations_cancellation_earns_this_one_no_credit(
    submit, complete_rekentool, bo
):
    cancellation = _cancelled(submit(complete_rekentool), bo)
    other = OrganisationFactory()
    MembershipFactory(organisation=other)
    FeeEvent.objects.filter(pk=cancellation.pk).update(organisation=other)
    assert fee_events(submit(complete_rekentool)) == []
