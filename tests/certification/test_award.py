"""PSO-Nederland's award (issue 10 §6): a level at most the audited one, PSO 30+ only where the
audit allows it, then "betaling afwachten" until the first-year invoice is paid."""

import pytest

from psoportal.certification.award import AwardRefused, application_award
from psoportal.certification.models import Certificate
from psoportal.certification.services import TransitionRefused, application_transition
from psoportal.certification.transitions import Party, State
from tests.certification.awarding import audited, paid, report_filed

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(submit, complete_rekentool):
    """Rule book §12 example 1: the application reaches Trede 2."""
    application = submit(complete_rekentool)
    assert application.result["level"] == "trede_2"
    return application


def test_an_award_at_the_audited_level_waits_for_payment(application, bo):
    report_filed(application)
    application_award(application=application, level="trede_2", pso30plus=False, user=bo)
    application.refresh_from_db()
    assert application.state == State.AWAITING_PAYMENT
    assert application.get_state_display() == "betaling afwachten"
    assert application.awarded_level == "trede_2"
    assert not application.certificates.exists()
    event = application.events.last()
    assert (event.transition, event.actor, event.party) == ("award", bo, Party.PSO_NEDERLAND)


def test_a_lower_level_than_the_audited_one_may_be_awarded(application, bo):
    report_filed(application)
    application_award(application=application, level="trede_1", pso30plus=False, user=bo)
    application.refresh_from_db()
    assert application.awarded_level == "trede_1"


def test_a_level_above_the_audited_one_is_refused_in_dutch(application, bo):
    report_filed(application)
    with pytest.raises(AwardRefused) as refused:
        application_award(application=application, level="trede_3", pso30plus=False, user=bo)
    assert refused.value.field == "level"
    assert "niet hoger is dan de geauditeerde trede (Trede 2)" in str(refused.value)
    application.refresh_from_db()
    assert application.state == State.REPORT_FILED
    assert application.awarded_level == ""


def test_the_corrected_audit_result_caps_the_level_not_the_application(application, bo):
    report_filed(application, audited_result=audited(application, level="trede_1"))
    with pytest.raises(AwardRefused, match=r"geauditeerde trede \(Trede 1\)"):
        application_award(application=application, level="trede_2", pso30plus=False, user=bo)


def test_the_auditors_recommendation_is_advice_not_a_limit(application, bo):
    report_filed(application, recommended="trede_1")
    application_award(application=application, level="trede_2", pso30plus=False, user=bo)
    application.refresh_from_db()
    assert application.awarded_level == "trede_2"


def test_an_unknown_level_is_refused(application, bo):
    report_filed(application)
    with pytest.raises(AwardRefused):
        application_award(application=application, level="trede_9", pso30plus=False, user=bo)


def test_an_audit_that_reaches_no_level_can_only_be_rejected(application, bo):
    report_filed(application, audited_result=audited(application, level="none"))
    with pytest.raises(AwardRefused, match="alleen worden afgewezen"):
        application_award(application=application, level="aspirant", pso30plus=False, user=bo)
    application_transition(application=application, name="reject", actor=bo,
                           party=Party.PSO_NEDERLAND, reason="Geen trede gehaald.")
    assert application.state == State.REJECTED
    assert application.events.last().reason == "Geen trede gehaald."


def test_pso30plus_is_refused_when_the_audit_does_not_make_it_eligible(application, bo):
    report_filed(application, audited_result=audited(application, level="trede_3"))
    with pytest.raises(AwardRefused) as refused:
        application_award(application=application, level="trede_3", pso30plus=True, user=bo)
    assert refused.value.field == "pso30plus"


def test_pso30plus_goes_only_with_its_own_level(application, bo):
    report_filed(application, audited_result=audited(application, level="trede_3",
                                                     pso30plus=True))
    with pytest.raises(AwardRefused, match="PSO 30\\+"):
        application_award(application=application, level="trede_2", pso30plus=True, user=bo)
    application_award(application=application, level="trede_3", pso30plus=True, user=bo)
    application.refresh_from_db()
    assert application.awarded_pso30plus is True


def test_only_pso_nederland_awards_and_only_after_the_report(application, bo):
    with pytest.raises(TransitionRefused, match="de aanvraag is ingediend"):
        application_award(application=application, level="trede_2", pso30plus=False, user=bo)
    application.refresh_from_db()
    assert application.awarded_level == ""


def test_payment_issues_the_certificate_of_the_awarded_level(application, bo):
    report_filed(application)
    application_award(application=application, level="trede_1", pso30plus=False, user=bo)
    paid(application, bo)
    assert application.state == State.AWARDED
    [certificate] = application.certificates.all()
    assert (certificate.kind, certificate.level) == (Certificate.Kind.LEVEL, "trede_1")


def test_a_rejection_needs_a_reason_and_issues_nothing(application, bo):
    report_filed(application)
    with pytest.raises(TransitionRefused, match="reden"):
        application_transition(application=application, name="reject", actor=bo,
                               party=Party.PSO_NEDERLAND, reason="  ")
    application_transition(application=application, name="reject", actor=bo,
                           party=Party.PSO_NEDERLAND, reason="Begeleiding niet aangetoond.")
    assert application.state == State.REJECTED
    assert not Certificate.objects.exists()
