"""Shared fixtures: the personas every feature test speaks of.

alice  – Accounthouder of Voorbeeld B.V.
bob    – Collega in the same organisation
charlie – Accounthouder of another organisation: the outsider who must get 404s
audrey – auditor at a certifying institution
bo     – PSO-Nederland back office (staff)
"""

from __future__ import annotations

import os

import pytest
from django.utils import timezone
from hypothesis import settings

from psoportal.accounts import auth_state, totp
from psoportal.accounts.models import TotpDevice, UserSession
from psoportal.organisations.models import InstitutionMembership, Membership
from tests.factories import (
    PASSWORD,
    InstitutionMembershipFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

# Property tests draw the same examples on every run ("ci", the default), so a red build is
# reproducible and never a roll of the dice; HYPOTHESIS_PROFILE=explore draws new ones (and
# keeps failures in the local example database) when hunting for bugs.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _empty_cache():
    # A test's rows are rolled back, and SQLite hands the next test the same ids: nothing one
    # test cached (the register's institution choices) may answer for another.
    from django.core.cache import cache

    from psoportal.handbooks.registry import PUBLISHED

    cache.clear()
    # Likewise the published handbook versions the engine knows (handbooks/registry.py): a
    # test starts with none; publishing one (handbooks' services) makes the engine look again.
    PUBLISHED.assume_none_published()


@pytest.fixture
def mail_immediately(monkeypatch):
    """Send on-commit mail at once: test transactions are rolled back, never committed."""
    from types import SimpleNamespace

    monkeypatch.setattr(
        "psoportal.core.lib.mail.transaction",
        SimpleNamespace(on_commit=lambda func, using=None, robust=False: func()),
    )


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Voorbeeld B.V.", kvk="12345678")


@pytest.fixture
def alice(organisation):
    user = UserFactory(email="alice@voorbeeld.example", full_name="Alice Accounthouder")
    MembershipFactory(organisation=organisation, user=user, role=Membership.Role.ACCOUNTHOUDER)
    return user


@pytest.fixture
def bob(organisation):
    user = UserFactory(email="bob@voorbeeld.example", full_name="Bob Collega")
    MembershipFactory(organisation=organisation, user=user, role=Membership.Role.COLLEGA)
    return user


@pytest.fixture
def charlie(db):
    other = OrganisationFactory(name="Ander Bedrijf B.V.", kvk="99887766")
    user = UserFactory(email="charlie@anderbedrijf.example", full_name="Charlie Buitenstaander")
    MembershipFactory(organisation=other, user=user, role=Membership.Role.ACCOUNTHOUDER)
    return user


@pytest.fixture
def audrey(db):
    user = UserFactory(email="audrey@certificering.example", full_name="Audrey Auditor")
    InstitutionMembershipFactory(user=user, role=InstitutionMembership.Role.AUDITOR)
    return user


@pytest.fixture
def bo(db):
    return UserFactory(email="bo@pso-nederland.example", full_name="Bo Backoffice", is_staff=True)


# Every persona's authenticator app holds this seed (tests only).
TOTP_SEED = bytes(range(1, 21))


def totp_now(seed: bytes = TOTP_SEED, offset: int = 0) -> str:
    """The code an authenticator app would show now (offset in 30 s steps)."""
    return totp.code_at(seed, totp.time_step() + offset)


def give_totp_device(user, seed: bytes = TOTP_SEED) -> TotpDevice:
    device = user.totp_devices.filter(confirmed_at__isnull=False).first()
    if device is None:
        device = TotpDevice.objects.create(
            user=user, encrypted_seed=totp.seal(seed), confirmed_at=timezone.now()
        )
    return device


def full_login(target, user):
    """A session exactly as after password + TOTP: verified, timestamped and listed."""
    give_totp_device(user)
    target.force_login(user)
    session = target.session
    auth_state.mark_authenticated(session, verified=True)
    session.save()
    UserSession.objects.update_or_create(session_key=session.session_key, defaults={"user": user})
    return target


def give_sudo(target):
    """As if the user re-entered password and TOTP just now (sudo mode)."""
    import time

    session = target.session
    session[auth_state.SUDO_AT] = int(time.time())
    session.save()
    return target


@pytest.fixture
def login(client):
    """Log a persona in completely: password and a verified second factor.

    Feature tests use this instead of client.force_login, which the mandatory-2FA and session
    middleware refuse.
    """

    def _login(user, *, on=None):
        return full_login(on or client, user)

    return _login


@pytest.fixture
def password_only(client):
    """A session after the password step of a user without an authenticator yet."""

    def _login(user, *, on=None):
        target = on or client
        target.force_login(user)
        session = target.session
        auth_state.mark_authenticated(session, verified=False)
        session.save()
        return target

    return _login


# -- which tests need a database ---------------------------------------------------------------
# `make test` runs the suite on SQLite and then again on PostgreSQL; only tests that touch the
# database gain anything from the second run. A test uses the database when it carries the
# django_db mark or needs pytest-django's database fixture (directly or through another fixture,
# e.g. `alice` → `organisation` → `db`), or is a Django TestCase. Everything else gets the
# `no_db` mark, decided from what the test really uses rather than from its folder, so a pure
# test anywhere is run once and a database test in tests/methodology is not silently skipped.
_DATABASE_FIXTURES = {"_django_db_helper", "db", "transactional_db", "live_server"}


def _uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    if _DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return True
    from django.test import SimpleTestCase

    cls = getattr(item, "cls", None)
    return (
        cls is not None
        and issubclass(cls, SimpleTestCase)
        and bool(getattr(cls, "databases", None))
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if not _uses_database(item):
            item.add_marker(pytest.mark.no_db)
