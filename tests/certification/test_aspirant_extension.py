"""Aspirant-status may be extended a limited number of times (rule book §4, handbook
audit.aspirant_max_extensions): a first extension is allowed and said so, the next Aspirant
application is refused with the reason (issue 10 §8)."""

import dataclasses
import datetime as dt

import pytest
from django.db.models import F
from django.urls import reverse

from psoportal.assessments.models import Rekentool
from psoportal.certification.models import Application
from psoportal.certification.recertification import aspirant_extension_refusal
from psoportal.certification.services import PreconditionsNotMet
from psoportal.certification.transitions import State
from psoportal.methodology.handbook import handbook_get
from psoportal.organisations.models import Entity
from tests.certification.awarding import thawed
from tests.certification.changes_support import certificate_for, in_state
from tests.factories import OrganisationFactory


@pytest.fixture
def submit(submit):
    # Several applications of one organisation from one draft (awarding.thawed says why).
    return thawed(submit)


pytestmark = pytest.mark.django_db

HANDBOOK = handbook_get("2.2")
ASPIRANT = HANDBOOK.fallback_level.code


@pytest.fixture
def aspirant_rekentool(complete_rekentool):
    """Trede 2 by the figures, but one aspect of the trede not met and the plan of action
    approved: Aspirant-status."""
    answers = {**complete_rekentool.qualitative, "passend_werk": False, "plan_van_aanpak": True}
    Rekentool.objects.filter(pk=complete_rekentool.pk).update(
        qualitative=answers, data_revision=F("data_revision") + 1)
    complete_rekentool.refresh_from_db()
    return complete_rekentool


def _certified(application, level, year):
    in_state(application, State.AWARDED)
    return certificate_for(application, level=level, start=dt.date(year, 1, 1))


def _page(client, application):
    return client.get(reverse("certification:application", args=[application.pk])).content \
        .decode()


def test_the_fixture_is_an_aspirant_application(submit, aspirant_rekentool):
    assert submit(aspirant_rekentool).result["level"] == ASPIRANT


def test_a_first_aspirant_application_is_no_extension(login, alice, submit,
                                                      aspirant_rekentool):
    application = submit(aspirant_rekentool)
    assert "verlengt de Aspirant-status" not in _page(login(alice), application)


def test_the_first_extension_is_allowed_and_the_page_says_so(login, alice, submit,
                                                             aspirant_rekentool):
    _certified(submit(aspirant_rekentool), ASPIRANT, 2022)
    extension = submit(aspirant_rekentool)
    assert "Deze aanvraag verlengt de Aspirant-status: verlenging 1 van ten hoogste 1." in \
        _page(login(alice), extension)


def test_a_second_extension_is_refused_with_the_reason(login, alice, submit,
                                                       aspirant_rekentool):
    _certified(submit(aspirant_rekentool), ASPIRANT, 2020)
    _certified(submit(aspirant_rekentool), ASPIRANT, 2022)
    with pytest.raises(PreconditionsNotMet) as refused:
        submit(aspirant_rekentool)
    [reason] = [m.text for m in refused.value.missing]
    assert reason.startswith("Aspirant-status kan maar één keer verlengd worden (handboek 2.2)")
    assert "2 certificaten met Aspirant-status op rij" in reason
    assert Application.objects.count() == 2
    # Step 6 says it before the applicant tries.
    step6 = login(alice).get(reverse("certification:step6", args=[aspirant_rekentool.pk]))
    assert "Aspirant-status kan maar één keer verlengd worden" in step6.content.decode()


def test_a_trede_certificate_in_between_ends_the_row(submit, aspirant_rekentool):
    _certified(submit(aspirant_rekentool), ASPIRANT, 2018)
    _certified(submit(aspirant_rekentool), "trede_1", 2020)
    _certified(submit(aspirant_rekentool), ASPIRANT, 2022)
    assert submit(aspirant_rekentool).result["level"] == ASPIRANT


def test_a_revoked_certificate_does_not_count(submit, aspirant_rekentool):
    _certified(submit(aspirant_rekentool), ASPIRANT, 2020)
    revoked = _certified(submit(aspirant_rekentool), ASPIRANT, 2022)
    revoked.revoked_on = dt.date(2022, 6, 1)
    revoked.save()
    assert submit(aspirant_rekentool)


def test_a_trede_application_is_never_refused_for_earlier_aspirant_certificates(
    submit, complete_rekentool
):
    for year in (2020, 2022):
        _certified(submit(complete_rekentool), ASPIRANT, year)
    assert submit(complete_rekentool).result["level"] != ASPIRANT


def _earlier_aspirant(organisation, year, kvks=None):
    """An Aspirant certificate of years ago, its application made directly."""
    application = Application.objects.create(
        organisation=organisation, submission_key=f"old-{organisation.pk}-{year}",
        handbook_version=HANDBOOK.version, agreement_version="2024-04", document={},
        result={"level": ASPIRANT}, state=State.AWARDED)
    return certificate_for(application, level=ASPIRANT, start=dt.date(year, 1, 1), kvks=kvks)


def test_certificates_of_a_kvk_in_the_scope_count_whoever_held_them(
    submit, aspirant_rekentool, organisation
):
    # An entity of this organisation was certified twice as Aspirant under another account.
    Entity.objects.create(organisation=organisation, name="Dochter B.V.", kvk="55554444")
    other = OrganisationFactory()
    for year in (2020, 2022):
        _earlier_aspirant(other, year, kvks=(other.kvk, "55554444"))
    with pytest.raises(PreconditionsNotMet, match="kan maar één keer verlengd worden"):
        submit(aspirant_rekentool)


def test_the_number_of_extensions_is_handbook_data(organisation):
    for year in (2020, 2022):
        _earlier_aspirant(organisation, year)
    result = {"level": ASPIRANT}
    two = dataclasses.replace(HANDBOOK, audit=dataclasses.replace(HANDBOOK.audit,
                                                                  aspirant_max_extensions=2))
    assert aspirant_extension_refusal(organisation, two, result) is None
    _earlier_aspirant(organisation, 2024)
    assert "kan maar 2 keer verlengd worden" in aspirant_extension_refusal(organisation, two,
                                                                           result)
    none = dataclasses.replace(HANDBOOK, audit=dataclasses.replace(HANDBOOK.audit,
                                                                   aspirant_max_extensions=0))
    assert "kan niet verlengd worden" in aspirant_extension_refusal(organisation, none, result)
