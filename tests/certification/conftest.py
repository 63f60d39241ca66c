import uuid

import pytest

from psoportal.certification.services import application_submit
from tests.assessments.conftest import all_yes, rekentool  # noqa: F401 (fixtures)


@pytest.fixture
def complete_rekentool(rekentool, all_yes):  # noqa: F811
    """Rule book §12 example 1 (Trede 2) with every step-5 question answered yes."""
    rekentool.qualitative = all_yes
    rekentool.save()
    return rekentool


@pytest.fixture
def submit(alice):
    def _submit(tool, *, key=None, authorised=True, agreement_accepted=True):
        return application_submit(
            rekentool=tool, user=alice, submission_key=key or uuid.uuid4().hex,
            authorised=authorised, agreement_accepted=agreement_accepted,
        )
    return _submit
