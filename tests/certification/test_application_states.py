"""The application's state machine, table-driven: every transition from every state by every
party is either taken (one event, the new state) or refused with a message (nothing changes)
(issue 10 §4)."""

import itertools

import pytest

from psoportal.certification.models import Application
from psoportal.certification.services import TransitionRefused, application_transition
from psoportal.certification.transitions import TRANSITIONS, Party, State

pytestmark = pytest.mark.django_db

REASONS = {"cancel": "cancel_personal_data", "reject": "Begeleiding niet aangetoond."}


def _in_state(application, state):
    Application.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


@pytest.mark.parametrize(("state", "name", "party"), list(itertools.product(
    State.values, sorted(TRANSITIONS), Party.values)))
def test_every_transition_from_every_state_by_every_party(
    submit, complete_rekentool, alice, state, name, party
):
    application = _in_state(submit(complete_rekentool), state)
    transition = TRANSITIONS[name]
    allowed = state in transition.sources and party == transition.party
    events_before = application.events.count()
    if allowed:
        application_transition(application=application, name=name, actor=alice, party=party,
                               reason=REASONS.get(name, ""))
        assert application.state == transition.target
        event = application.events.last()
        assert (event.transition, event.from_state, event.to_state, event.party) == (
            name, state, transition.target, party)
        assert event.actor == alice
    else:
        with pytest.raises(TransitionRefused) as refused:
            application_transition(application=application, name=name, actor=alice,
                                   party=party, reason=REASONS.get(name, ""))
        assert str(refused.value)
        application.refresh_from_db()
        assert application.state == state
        assert application.events.count() == events_before


def test_the_lifecycle_from_submission_to_award_is_recorded_in_order(
    submit, complete_rekentool, alice
):
    application = submit(complete_rekentool)
    for name, party in (("plan_audit", Party.INSTITUTION), ("file_report", Party.INSTITUTION),
                        ("award", Party.PSO_NEDERLAND), ("payment_received", Party.PSO_NEDERLAND)):
        application_transition(application=application, name=name, actor=alice, party=party)
    assert application.state == State.AWARDED
    assert [e.to_state for e in application.events.all()] == [
        State.SUBMITTED, State.AUDIT_PLANNED, State.REPORT_FILED, State.AWAITING_PAYMENT,
        State.AWARDED]


def test_a_second_click_on_a_transition_is_refused_with_the_current_state(
    submit, complete_rekentool, alice
):
    application = submit(complete_rekentool)
    application_transition(application=application, name="plan_audit", actor=alice,
                           party=Party.INSTITUTION)
    stale = Application.objects.get(pk=application.pk)
    Application.objects.filter(pk=application.pk).update(state=State.SUBMITTED)
    application_transition(application=stale, name="withdraw", actor=alice,
                           party=Party.APPLICANT)
    with pytest.raises(TransitionRefused, match="geannuleerd"):
        application_transition(application=stale, name="withdraw", actor=alice,
                               party=Party.APPLICANT)


def test_pso_nederland_cancels_only_on_a_ground_of_the_handbook(
    submit, complete_rekentool, bo
):
    application = submit(complete_rekentool)
    with pytest.raises(TransitionRefused, match="reden"):
        application_transition(application=application, name="cancel", actor=bo,
                               party=Party.PSO_NEDERLAND, reason="geen zin meer")
    application_transition(application=application, name="cancel", actor=bo,
                           party=Party.PSO_NEDERLAND, reason="cancel_email_not_traceable")
    assert application.state == State.CANCELLED
    assert application.events.last().reason == "cancel_email_not_traceable"


def test_a_rejection_needs_its_reasons(submit, complete_rekentool, bo):
    application = _in_state(submit(complete_rekentool), State.REPORT_FILED)
    with pytest.raises(TransitionRefused):
        application_transition(application=application, name="reject", actor=bo,
                               party=Party.PSO_NEDERLAND, reason="  ")
    assert application.state == State.REPORT_FILED
