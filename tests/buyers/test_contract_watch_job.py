"""The contract watch as the scheduler runs it (issue 13 item 3, through issue 11's
`run_schedule`): registered before the outbox retry, each alert and each e-mail once however
often it runs, the e-mail to the buyer's Accounthouder and colleagues only."""

from __future__ import annotations

import io
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from psoportal.buyers.models import ContractAlert, Supplier
from psoportal.buyers.services import buyer_activate
from psoportal.buyers.watch import TEMPLATE, alerts_due, contract_alert_create
from psoportal.certification.models import Certificate, Notification
from psoportal.certification.outbox import notification_summary
from psoportal.organisations.models import Membership
from psoportal.schedule import jobs  # noqa: F401 (registers the jobs)
from psoportal.schedule.contract_watch import JOB, contract_alerts_send
from psoportal.schedule.models import ScheduledEffect
from psoportal.schedule.registry import JOBS, schedule_run
from tests.buyers import watch_fixtures
from tests.buyers.watch_fixtures import DAY, END, EVENT, KVK, days_before
from tests.factories import MembershipFactory, UserFactory
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db
supplier, held = watch_fixtures.supplier, watch_fixtures.held


def run_schedule(*args: str) -> str:
    out = io.StringIO()
    call_command("run_schedule", *args, stdout=out)
    return out.getvalue()


def _rows():
    return Notification.objects.filter(template=TEMPLATE)


@pytest.fixture
def adviser(organisation):
    user = UserFactory(email="ada@adviesbureau.example", full_name="Ada Adviseur")
    MembershipFactory(organisation=organisation, user=user, role=Membership.Role.ADVISEUR)
    return user


def test_the_job_is_registered_before_the_outbox_retry():
    names = [job.name for job in JOBS]
    assert names.index("contract_alerts") == names.index("outbox_retry") - 1


def test_run_schedule_as_of_writes_each_alert_and_mail_once_when_run_twice(
        held, alice, bob, mail_immediately):
    as_of = days_before(90).isoformat()
    assert "contract_alerts: 1" in run_schedule("--as-of", as_of)
    assert "contract_alerts: 0" in run_schedule("--as-of", as_of)
    assert ContractAlert.objects.count() == 1
    assert _rows().count() == 2
    # The outbox retry, later in the same run, sent them; the second run sent nothing again.
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, bob.email]
    assert ScheduledEffect.objects.filter(job=JOB, done_at__isnull=False).count() == 1


def test_run_schedule_without_a_date_runs_for_today(held, alice):
    with time_machine.travel(f"{days_before(30).isoformat()} 09:00 +01:00", tick=False):
        assert "contract_alerts: 1" in run_schedule()
    [alert] = ContractAlert.objects.all()
    assert (alert.offset_days, alert.event_on) == (30, EVENT)


def test_the_mail_goes_to_the_accounthouder_and_colleague_only(
        held, alice, bob, adviser, charlie, bo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert contract_alerts_send(days_before(90)) == 1
        assert contract_alerts_send(days_before(90)) == 0
    assert sorted(_rows().values_list("recipient__email", flat=True)) == [
        alice.email, bob.email]
    assert set(_rows().values_list("application", flat=True)) == {None}
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, bob.email]


def test_another_buyers_people_hear_only_of_their_own_contract(held, alice, charlie,
                                                               django_capture_on_commit_callbacks):
    other = buyer_activate(organisation=charlie.memberships.get().organisation, by=charlie)
    Supplier.objects.create(buyer=other, kvk="99990000", name="Elders B.V.")
    with django_capture_on_commit_callbacks(execute=True):
        contract_alerts_send(days_before(90))
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email]


def test_the_mail_says_what_ends_when_and_links_to_the_alerts_page(
        held, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contract_alerts_send(days_before(90))
    [message] = mail.outbox
    assert message.subject == ("Contractsignaal: het PSO-certificaat van Schoonmaak Noord B.V. "
                               "is geldig tot en met 31-12-2026")
    assert held.number in message.body
    assert KVK in message.body
    assert "Dat is over 90 dagen." in message.body
    assert "01-01-2027" in message.body
    assert "loopt tot en met 31-12-2028" in message.body
    assert "C-2025-17" in message.body
    assert f"/inkoop/{alice.memberships.get().organisation_id}/signalen/" in message.body
    html = message.alternatives[0][0]
    assert held.number in html and "Schoonmaak Noord B.V." in html


def test_the_mail_is_written_in_the_recipients_language(held, alice, bob):
    bob.language = "en"
    bob.save()
    contract_alerts_send(days_before(90))
    assert dict(_rows().values_list("recipient__email", "language")) == {
        alice.email: "nl", bob.email: "en"}


@pytest.mark.parametrize(("change", "subject"), [
    ("revoke", "Contractsignaal: het PSO-certificaat van Schoonmaak Noord B.V. is ingetrokken "
               "per 12-05-2026"),
    ("supersede", "Contractsignaal: het PSO-certificaat van Schoonmaak Noord B.V. is vervallen "
                  "per 12-05-2026 door een nieuw certificaat"),
    ("lower", "Contractsignaal: Schoonmaak Noord B.V. heeft per 12-05-2026 een lagere trede dan "
              "vereist"),
])
def test_each_kind_has_its_own_subject_in_the_overview(held, supplier, alice, change, subject):
    day = END.replace(month=5, day=12)
    if change == "revoke":
        Certificate.objects.filter(pk=held.pk).update(revoked_on=day)
    else:
        new = certificate(name="Schoonmaak Noord B.V.", kvks=[KVK], start=day,
                          level="trede_1" if change == "lower" else "trede_2")
        Certificate.objects.filter(pk=held.pk).update(lapsed_on=day, superseded_by=new)
        if change == "lower":
            Supplier.objects.filter(pk=supplier.pk).update(required_level="trede_2")
    contract_alerts_send(day)
    row = _rows().get(recipient=alice)
    with translation.override("nl"):
        assert notification_summary(row) == subject


def test_an_alert_written_by_another_runner_is_not_written_or_mailed_again(held, alice, bob):
    [due] = alerts_due(days_before(90))
    assert contract_alert_create(due=due) is not None
    assert contract_alert_create(due=due) is None
    assert ContractAlert.objects.count() == 1
    assert _rows().count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_copies_of_the_scheduler_at_once_write_each_alert_and_mail_once(held, alice, bob):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the unique constraint test covers it")
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            errors.extend(o.error for o in schedule_run(days_before(90)) if o.error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ContractAlert.objects.count() == 1
    assert sorted(_rows().values_list("recipient__email", flat=True)) == [
        alice.email, bob.email]
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, bob.email]


def test_the_day_after_the_event_the_job_finds_nothing_new(held):
    contract_alerts_send(EVENT)
    assert contract_alerts_send(EVENT + DAY) == 0
