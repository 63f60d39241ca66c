import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from psoportal.certification.quotes import quote_accept, quote_answer, quote_request_create
from psoportal.certification.services import application_submit
from tests.assessments.conftest import all_yes, rekentool  # noqa: F401 (fixtures)
from tests.certification.audit_fixtures import (  # noqa: F401 (fixtures)
    application,
    large_application,
    otto,
    planned,
)
from tests.factories import (
    CertifyingInstitutionFactory,
    InstitutionMembershipFactory,
    UserFactory,
)


@pytest.fixture
def answered_rekentool(rekentool, all_yes):  # noqa: F811
    """Rule book §12 example 1 (Trede 2) with every step-5 question answered yes."""
    rekentool.qualitative = all_yes
    rekentool.save()
    return rekentool


@pytest.fixture
def institution(db):
    return CertifyingInstitutionFactory(name="Keurmerk Certificering B.V.")


@pytest.fixture
def auditor(institution):
    user = UserFactory(email="audrey@keurmerk.example", full_name="Audrey Auditor")
    InstitutionMembershipFactory(institution=institution, user=user)
    return user


def give_quote(tool, institution, auditor, *, valid_days=30):
    [request] = quote_request_create(rekentool=tool, user=None, institutions=[institution])
    return quote_answer(request=request, user=auditor, man_days=Decimal("1.5"),
                        day_rate=Decimal("1100"), registration_fee=Decimal("150"),
                        valid_until=timezone.localdate() + dt.timedelta(days=valid_days))


@pytest.fixture
def complete_rekentool(answered_rekentool, institution, auditor, alice):
    """Ready to submit: every step complete and a quote accepted."""
    quote_accept(quote=give_quote(answered_rekentool, institution, auditor), user=alice)
    return answered_rekentool


@pytest.fixture
def submit(alice):
    def _submit(tool, *, key=None, authorised=True, agreement_accepted=True, turnover=None):
        return application_submit(
            rekentool=tool, user=alice, submission_key=key or uuid.uuid4().hex,
            authorised=authorised, agreement_accepted=agreement_accepted, turnover=turnover,
        )
    return _submit
