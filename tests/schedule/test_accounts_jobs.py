"""The accounts and organisations jobs as the scheduler runs them (issue 11 §4): warnings,
erasure, unconfirmed registrations and the retention clean-up each happen once however often
the schedule runs, and a run for a date acts as of that date."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from psoportal.accounts import erasure
from psoportal.accounts.events import SECURITY_EVENT_RETENTION, security_event_record
from psoportal.accounts.models import SecurityEvent, User
from psoportal.organisations.models import Organisation
from psoportal.organisations.unverified import PURGE_AFTER
from psoportal.schedule.registry import run_moment
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.schedule.conftest import run_schedule

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2027, 3, 1)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _mail(mail_immediately):
    pass


def _twice():
    run_schedule("--as-of", AS_OF.isoformat())
    run_schedule("--as-of", AS_OF.isoformat())


def test_an_inactivity_warning_goes_out_once(alice):
    alice.last_login = run_moment(AS_OF) - erasure.INACTIVE_AFTER + 29 * DAY
    alice.save()
    _twice()
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert SecurityEvent.objects.filter(subject=alice, event_type="inactivity_warning").count() == 1


def test_an_account_two_years_unused_is_erased_once(alice):
    alice.last_login = run_moment(AS_OF) - erasure.INACTIVE_AFTER - DAY
    alice.save()
    _twice()
    alice.refresh_from_db()
    assert alice.erased_at is not None and not alice.is_active
    assert SecurityEvent.objects.filter(subject=alice, event_type="account_erased").count() == 1


def test_a_registration_never_confirmed_is_purged_as_of_the_date(db):
    joined = run_moment(AS_OF) - PURGE_AFTER - DAY
    with time_machine.travel(joined, tick=False):
        nina = UserFactory(email="nina@nieuw.example", email_verified_at=None)
        MembershipFactory(user=nina, organisation=OrganisationFactory(kvk="11223344"))
    _twice()
    assert not User.objects.filter(pk=nina.pk).exists()
    assert not Organisation.objects.filter(kvk="11223344").exists()


def test_the_retention_clean_up_deletes_security_events_past_their_retention(alice):
    with time_machine.travel(run_moment(AS_OF) - SECURITY_EVENT_RETENTION - DAY, tick=False):
        security_event_record(event_type="login_failed", subject=alice)
    with time_machine.travel(timezone.now(), tick=False):
        kept = security_event_record(event_type="login_success", subject=alice)
    _twice()
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_retention_clean_up_deletes_register_import_dry_runs_nobody_applied():
    # They hold the uploaded file with the suppliers' confidential figures (issue 12 §5).
    from psoportal.register.models import RegisterImport
    from psoportal.register.register_import import DRY_RUN_VALID

    def dry_run(created_at, status=RegisterImport.Status.DRY_RUN):
        return RegisterImport.objects.create(
            file_name="register.csv", kind="csv", data=b"omzet;1000000", sha256="0" * 64,
            plan_digest="0" * 64, status=status, created_at=created_at)

    moment = run_moment(AS_OF)
    dry_run(moment - DRY_RUN_VALID - DAY)
    fresh = dry_run(moment - DAY)
    applied = dry_run(moment - DRY_RUN_VALID - DAY, status=RegisterImport.Status.APPLIED)
    _twice()
    assert set(RegisterImport.objects.values_list("pk", flat=True)) == {fresh.pk, applied.pk}
