"""Every step of an application writes one outbox row per party member concerned, in the same
transaction, and the task sends each one in its recipient's language (issue 10 §10)."""

import pytest
from django.core import mail
from django.core.management import call_command

from psoportal.certification.models import Application, Notification
from psoportal.certification.notifications import CONCERNED
from psoportal.certification.outbox import MAX_ATTEMPTS, notification_deliver
from psoportal.certification.services import TransitionRefused, application_transition
from psoportal.certification.transitions import TRANSITIONS, Party

pytestmark = pytest.mark.django_db

# The state each transition starts from, and the reason it needs.
FROM = {"plan_audit": "submitted", "file_report": "audit_planned", "award": "report_filed",
        "payment_received": "awaiting_payment", "reject": "report_filed",
        "withdraw": "submitted", "cancel": "submitted"}
REASONS = {"cancel": "cancel_personal_data", "reject": "Begeleiding niet aangetoond."}


@pytest.fixture
def parties(alice, bob, auditor, bo):
    """Who is who: the applicant's two editors, the institution's auditor, PSO-Nederland."""
    return {Party.APPLICANT: {alice.pk, bob.pk}, Party.INSTITUTION: {auditor.pk},
            Party.PSO_NEDERLAND: {bo.pk}}


def _rows(application):
    return {(n.recipient_id, n.context["party"]) for n in application.notifications.all()}


def _take(application, name, actor):
    Application.objects.filter(pk=application.pk).update(state=FROM[name])
    application.refresh_from_db()
    Notification.objects.all().delete()
    application_transition(application=application, name=name, actor=actor,
                           party=TRANSITIONS[name].party, reason=REASONS.get(name, ""))


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_each_transition_writes_one_row_per_member_of_each_party_concerned(
    name, submit, complete_rekentool, parties, alice
):
    application = submit(complete_rekentool)
    _take(application, name, alice)
    expected = {(user, party) for party in CONCERNED[name] for user in parties[party]}
    assert _rows(application) == expected
    assert {n.template for n in application.notifications.all()} == {"application-changed"}


def test_the_submission_writes_the_submitters_confirmation_and_the_others_a_status(
    submit, complete_rekentool, parties, alice, bob, auditor, bo
):
    application = submit(complete_rekentool)
    templates = {n.recipient_id: n.template for n in application.notifications.all()}
    assert templates == {alice.pk: "application-submitted", bob.pk: "application-changed",
                         auditor.pk: "application-changed", bo.pk: "application-changed"}


def test_the_task_sends_each_row_after_the_commit_and_marks_it_sent(
    submit, complete_rekentool, parties, alice, django_capture_on_commit_callbacks
):
    application = submit(complete_rekentool)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, name="withdraw", actor=alice,
                               party=Party.APPLICANT)
    withdrawn = application.notifications.filter(context__state="cancelled")
    assert withdrawn.count() == 4
    assert all(n.sent_at is not None and n.attempts == 1 for n in withdrawn)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@voorbeeld.example", "audrey@keurmerk.example", "bo@pso-nederland.example",
        "bob@voorbeeld.example"]
    assert mail.outbox[0].subject == "Aanvraag Voorbeeld B.V.: geannuleerd"
    assert f"/mijnpso/aanvraag/{application.pk}/" in mail.outbox[0].body


def test_nothing_is_sent_before_the_commit(submit, complete_rekentool, alice):
    application = submit(complete_rekentool)
    application_transition(application=application, name="withdraw", actor=alice,
                           party=Party.APPLICANT)
    assert mail.outbox == []
    assert not Notification.objects.filter(sent_at__isnull=False).exists()


def test_an_english_recipient_gets_the_mail_in_english(
    submit, complete_rekentool, bob, alice, django_capture_on_commit_callbacks
):
    bob.language = "en"
    bob.save()
    application = submit(complete_rekentool)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, name="withdraw", actor=alice,
                               party=Party.APPLICANT)
    [english] = [m for m in mail.outbox if m.to == ["bob@voorbeeld.example"]]
    [dutch] = [m for m in mail.outbox if m.to == ["alice@voorbeeld.example"]]
    assert english.subject == "Application Voorbeeld B.V.: cancelled"
    assert "has a new status: cancelled" in english.body
    assert "Met vriendelijke groet" not in english.body
    assert dutch.subject == "Aanvraag Voorbeeld B.V.: geannuleerd"


def test_a_cancellation_names_its_ground_in_the_recipients_language(
    submit, complete_rekentool, bo, bob, django_capture_on_commit_callbacks
):
    bob.language = "en"
    bob.save()
    application = submit(complete_rekentool)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, name="cancel", actor=bo,
                               party=Party.PSO_NEDERLAND, reason="cancel_personal_data")
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "namen of BSN's in de aanvraag" in bodies["alice@voorbeeld.example"]
    assert "names or BSNs in the application" in bodies["bob@voorbeeld.example"]


def test_a_refused_transition_writes_and_sends_nothing(
    submit, complete_rekentool, alice, parties, django_capture_on_commit_callbacks
):
    application = submit(complete_rekentool)
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionRefused):
        application_transition(application=application, name="award", actor=alice,
                               party=Party.APPLICANT)
    assert Notification.objects.count() == before
    assert mail.outbox == []


def test_a_transition_rolled_back_by_its_write_leaves_no_row(
    submit, complete_rekentool, alice, parties, django_capture_on_commit_callbacks
):
    application = submit(complete_rekentool)
    before = Notification.objects.count()

    def failing(_application):
        raise ValueError("the audit days could not be stored")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValueError):
        application_transition(application=application, name="withdraw", actor=alice,
                               party=Party.APPLICANT, then=failing)
    assert Notification.objects.count() == before
    assert mail.outbox == []


def test_a_row_sent_already_is_not_sent_again(submit, complete_rekentool, alice):
    application = submit(complete_rekentool)
    row = application.notifications.get(recipient=alice)
    assert notification_deliver(row.pk) is True
    assert notification_deliver(row.pk) is False
    assert len(mail.outbox) == 1


def test_a_failure_is_counted_and_kept_and_the_command_sends_it_later(
    submit, complete_rekentool, alice, monkeypatch
):
    application = submit(complete_rekentool)
    row = application.notifications.get(recipient=alice)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("psoportal.certification.outbox.send_templated", broken)
    assert notification_deliver(row.pk) is False
    row.refresh_from_db()
    assert (row.sent_at, row.attempts) == (None, 1)
    assert "smtp down" in row.last_error
    monkeypatch.undo()
    call_command("send_outbox")
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2 and row.last_error == ""
    assert [m.to[0] for m in mail.outbox].count("alice@voorbeeld.example") == 1


def test_the_command_gives_up_on_a_row_after_the_last_attempt(
    submit, complete_rekentool, alice, monkeypatch
):
    submit(complete_rekentool)
    Notification.objects.update(attempts=MAX_ATTEMPTS)
    call_command("send_outbox")
    assert mail.outbox == []


def test_inactive_accounts_get_no_row(submit, complete_rekentool, bob):
    bob.is_active = False
    bob.save()
    application = submit(complete_rekentool)
    assert not application.notifications.filter(recipient=bob).exists()


def test_a_quote_request_and_its_answer_are_outbox_rows_sent_by_the_task(
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
    rows = Notification.objects.order_by("id")
    assert [(n.recipient, n.template, n.context["party"], n.sent_at is not None)
            for n in rows] == [(auditor, "quote-requested", "institution", True),
                               (alice, "quote-received", "applicant", True)]
