import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from psoportal.accounts import erasure
from psoportal.accounts.models import SecurityEvent, User
from tests.conftest import give_totp_device

pytestmark = pytest.mark.django_db

DAY = timezone.timedelta(days=1)


@pytest.fixture
def idle_alice(alice):
    alice.last_login = timezone.now() - erasure.INACTIVE_AFTER + 29 * DAY
    alice.save()
    return alice


def _run():
    call_command("accounts_inactivity")


def test_it_warns_30_days_before_and_only_once(idle_alice):
    _run()
    _run()
    warnings = [m for m in mail.outbox if m.to == [idle_alice.email]]
    assert len(warnings) == 1
    assert "verwijderd" in warnings[0].subject
    idle_alice.refresh_from_db()
    assert idle_alice.inactivity_warned_30_at is not None


def test_it_warns_again_7_days_before(idle_alice):
    _run()
    with time_machine.travel(timezone.now() + 23 * DAY):
        _run()
        _run()
    assert len([m for m in mail.outbox if m.to == [idle_alice.email]]) == 2
    idle_alice.refresh_from_db()
    assert idle_alice.inactivity_warned_7_at is not None


def test_it_leaves_recently_active_users_alone(alice):
    alice.last_login = timezone.now() - 300 * DAY
    alice.save()
    _run()
    assert mail.outbox == []


def test_it_erases_the_account_after_two_years(idle_alice):
    give_totp_device(idle_alice)
    user_id = idle_alice.pk
    with time_machine.travel(timezone.now() + 30 * DAY):
        _run()
        _run()
    user = User.objects.get(pk=user_id)
    assert not user.is_active
    assert user.erased_at is not None
    assert (user.full_name, user.job_title, user.phone) == ("", "", "")
    assert user.email.endswith(".invalid")
    assert not user.has_usable_password()
    assert not user.totp_devices.exists()
    assert not user.memberships.exists()
    assert SecurityEvent.objects.filter(event_type="account_erased", subject=user).count() == 1


def test_erasure_hooks_run_before_the_personal_data_is_wiped(idle_alice, monkeypatch):
    seen = []
    monkeypatch.setattr(erasure, "ERASURE_HOOKS", [])
    erasure.erasure_hook_register(lambda user: seen.append(user.email))
    with time_machine.travel(timezone.now() + 30 * DAY):
        _run()
    assert seen == ["alice@voorbeeld.example"]


def test_a_login_resets_the_warnings(client, idle_alice, password):
    from tests.conftest import totp_now

    _run()
    give_totp_device(idle_alice)
    client.post("/account/inloggen/", {"email": idle_alice.email, "password": password})
    client.post("/account/inloggen/code/", {"code": totp_now()})
    idle_alice.refresh_from_db()
    assert idle_alice.inactivity_warned_30_at is None
    assert idle_alice.last_login > timezone.now() - DAY


def test_staff_accounts_are_not_erased(bo):
    bo.last_login = timezone.now() - 1000 * DAY
    bo.save()
    _run()
    bo.refresh_from_db()
    assert bo.is_active


def test_the_warning_is_queued_in_the_transaction_that_claims_it(idle_alice, settings):
    """With the production task backend (the database), the claim and the e-mail to send are
    written together: rolling the claim back leaves no e-mail queued, committing it leaves one,
    so a crash after the commit can never lose the warning (issue 11 §4)."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    class Crash(Exception):
        pass

    with pytest.raises(Crash), transaction.atomic():
        erasure.inactivity_run()
        raise Crash
    assert not DBTaskResult.objects.exists()
    idle_alice.refresh_from_db()
    assert idle_alice.inactivity_warned_30_at is None

    erasure.inactivity_run()
    assert [r.task_path for r in DBTaskResult.objects.all()] == [
        "psoportal.accounts.tasks.inactivity_warning_send"]
    assert mail.outbox == []  # sent by the worker, not by the run
