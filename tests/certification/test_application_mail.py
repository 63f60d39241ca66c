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


def test_a_quote_request_is_mailed_to_the_institution_and_the_quote_back(
    answered_rekentool, institution, auditor, alice, django_capture_on_commit_callbacks
):
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from psoportal.certification.quotes import quote_answer, quote_request_create

    with django_capture_on_commit_callbacks(execute=True):
        [request] = quote_request_create(rekentool=answered_rekentool, user=alice,
                                         institutions=[institution])
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("audrey@keurmerk.example", "Offerteaanvraag van Voorbeeld B.V.")]
    with django_capture_on_commit_callbacks(execute=True):
        quote_answer(request=request, user=auditor, man_days=Decimal(1),
                     day_rate=Decimal(1000),
                     valid_until=timezone.localdate() + dt.timedelta(days=5))
    assert (mail.outbox[1].to[0], mail.outbox[1].subject) == (
        "alice@voorbeeld.example", "Offerte van Keurmerk Certificering B.V.")
