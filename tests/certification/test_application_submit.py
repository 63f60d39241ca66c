"""The definitive application: preconditions on the server, a frozen snapshot, one application
per submission (issue 10 §3). Persona: Alice, Accounthouder of Voorbeeld B.V."""

import pytest

from psoportal.certification.models import Application
from psoportal.certification.services import AGREEMENT_VERSION, PreconditionsNotMet
from psoportal.certification.transitions import State

pytestmark = pytest.mark.django_db


def test_a_complete_rekentool_is_submitted_as_a_frozen_snapshot(submit, complete_rekentool):
    application = submit(complete_rekentool)
    assert application.state == State.SUBMITTED
    assert application.handbook_version == "2.2"
    assert application.document["format"] == "pso-assessment/1"
    assert application.document["handbook"] == "2.2"
    assert len(application.document["target_group"]) == 3
    assert application.result["level"] == "trede_2"
    assert application.agreement_version == AGREEMENT_VERSION
    assert [(e.transition, e.to_state) for e in application.events.all()] == [
        ("submit", State.SUBMITTED)]


def test_later_changes_to_the_rekentool_do_not_touch_the_application(submit, complete_rekentool):
    application = submit(complete_rekentool)
    complete_rekentool.employees.all().delete()
    complete_rekentool.total_fte = 10
    complete_rekentool.save()
    application.refresh_from_db()
    assert len(application.document["target_group"]) == 3
    assert application.document["workforce"]["total_fte"] == "50"


def test_the_same_submission_key_twice_makes_one_application(submit, complete_rekentool):
    first = submit(complete_rekentool, key="k-1")
    second = submit(complete_rekentool, key="k-1")
    assert first.pk == second.pk
    assert Application.objects.count() == 1


def test_step_5_unanswered_is_listed_and_nothing_is_made(submit, rekentool):
    with pytest.raises(PreconditionsNotMet) as refused:
        submit(rekentool)
    texts = [m.text for m in refused.value.missing]
    assert "Stap 5: nog niet alle kwalitatieve vragen zijn beantwoord." in texts
    assert "Stap 4: de voorlopige score is nog niet bekend." in texts
    assert Application.objects.count() == 0


def test_a_bsn_in_a_reference_blocks_the_submission(submit, complete_rekentool):
    employee = complete_rekentool.employees.first()
    employee.ref = "111222333"  # passes the eleven-test
    employee.save()
    with pytest.raises(PreconditionsNotMet) as refused:
        submit(complete_rekentool)
    assert any("BSN" in m.text for m in refused.value.missing)


def test_the_declaration_and_the_agreement_are_required(submit, complete_rekentool):
    with pytest.raises(PreconditionsNotMet) as refused:
        submit(complete_rekentool, authorised=False, agreement_accepted=False)
    texts = " ".join(m.text for m in refused.value.missing)
    assert "bevoegd" in texts and "deelnameovereenkomst" in texts
    assert Application.objects.count() == 0
