"""Every step of an application is mailed to its parties after the commit: the applicant's
editors and the institution of the accepted quote (issue 10 §10)."""

import pytest
from django.core import mail

from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party

pytestmark = pytest.mark.django_db


def test_the_submission_is_mailed_to_the_applicant_and_the_institution(
    submit, complete_rekentool, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(complete_rekentool)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["alice@voorbeeld.example", "audrey@keurmerk.example"]
    assert mail.outbox[0].subject == "Aanvraag Voorbeeld B.V.: ingediend"
    assert f"/mijnpso/aanvraag/{application.pk}/" in mail.outbox[0].body


def test_a_cancellation_names_its_ground(submit, complete_rekentool, bo,
                                         django_capture_on_commit_callbacks):
    application = submit(complete_rekentool)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, name="cancel", actor=bo,
                               party=Party.PSO_NEDERLAND, reason="cancel_personal_data")
    assert "namen of BSN's in de aanvraag" in mail.outbox[0].body


def test_a_refused_step_mails_nothing(submit, complete_rekentool, alice,
                                      django_capture_on_commit_callbacks):
    from psoportal.certification.services import TransitionRefused

    application = submit(complete_rekentool)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionRefused):
        application_transition(application=application, name="award", actor=alice,
                               party=Party.APPLICANT)
    assert mail.outbox == []
