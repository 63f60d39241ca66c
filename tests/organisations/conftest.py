import pytest

from psoportal.organisations.models import InstitutionMembership
from tests.factories import (
    CertifyingInstitutionFactory,
    InstitutionMembershipFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _mail(mail_immediately):
    pass


@pytest.fixture
def institution(db):
    return CertifyingInstitutionFactory(name="Keurmerk Certificering B.V.", kvk="30100001")


@pytest.fixture
def other_institution(db):
    return CertifyingInstitutionFactory(name="Sociaal Audit Instituut B.V.", kvk="30100002")


@pytest.fixture
def auditor(institution):
    """Audrey, CI-auditor at `institution`."""
    user = UserFactory(email="audrey@keurmerk.example", full_name="Audrey Auditor")
    InstitutionMembershipFactory(institution=institution, user=user,
                                 role=InstitutionMembership.Role.AUDITOR)
    return user


@pytest.fixture
def beheerder(institution):
    """Ben, CI-beheerder of `institution`."""
    user = UserFactory(email="ben@keurmerk.example", full_name="Ben Beheerder")
    InstitutionMembershipFactory(institution=institution, user=user,
                                 role=InstitutionMembership.Role.BEHEERDER)
    return user
