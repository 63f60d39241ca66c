"""Shared fixtures: the personas every feature test speaks of.

alice  – Accounthouder of Voorbeeld B.V.
bob    – Collega in the same organisation
charlie – Accounthouder of another organisation: the outsider who must get 404s
audrey – auditor at a certifying institution
bo     – PSO-Nederland back office (staff)
"""

from __future__ import annotations

import pytest

from psoportal.organisations.models import InstitutionMembership, Membership
from tests.factories import (
    PASSWORD,
    InstitutionMembershipFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
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


@pytest.fixture
def login(client):
    """Log a persona in completely (password and, once it exists, the second factor).

    Feature tests use this instead of client.force_login so they keep working behind the
    mandatory-2FA middleware.
    """

    def _login(user, *, on=None):
        target = on or client
        target.force_login(user)
        return target

    return _login
