"""Recertification on Mijn overzicht: each certificate in force with its expiry notice and the
window of the three-month rule, and "Hercertificering starten", which makes a new rekentool
from the last application's frozen data (rule book §9; issue 10 §8)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from psoportal.assessments.models import Rekentool
from psoportal.certification.transitions import State
from psoportal.methodology.dates import add_months, application_dates, three_month_rule_window
from psoportal.methodology.handbook import handbook_get
from psoportal.organisations.models import Membership
from tests.certification.awarding import thawed
from tests.certification.changes_support import certificate_for, in_state, submitted_on
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def submit(submit):
    # Several applications of one organisation from one draft (awarding.thawed says why).
    return thawed(submit)


pytestmark = pytest.mark.django_db

DASHBOARD = reverse("mijnpso:dashboard")


def _awarded(application, months_ago):
    """Awarded, submitted `months_ago` months before today, with its level certificate."""
    application = submitted_on(in_state(application, State.AWARDED),
                               add_months(timezone.localdate(), -months_ago))
    return application, certificate_for(application, level="trede_2")


def _d(day):
    return day.strftime("%d-%m-%Y")


def test_the_overview_shows_a_certificate_in_force_with_its_dates(login, alice, submit,
                                                                  complete_rekentool):
    application, certificate = _awarded(submit(complete_rekentool), months_ago=2)
    handbook = handbook_get(application.handbook_version)
    dates = application_dates(timezone.localdate(application.submitted_at), handbook)
    window = three_month_rule_window(certificate.start, handbook)
    content = login(alice).get(DASHBOARD).content.decode()
    assert certificate.number in content
    assert "Trede 2" in content
    assert f"{_d(certificate.start)} – {_d(certificate.end)}" in content
    assert f"op {_d(dates.expiry_notice)} krijgt u daarover een e-mail" in content
    assert f"Dient u van {_d(window.first)} tot en met {_d(window.last)} een nieuwe aanvraag in" \
        in content
    assert "geen jaarbijdrage over het tweede jaar" in content
    assert "Dat kan nu." not in content
    assert reverse("certification:recertify", args=[application.pk]) in content
    assert "Nog geen certificaat" not in content


def test_the_overview_offers_the_supplier_letter_to_the_accounthouder_not_to_an_adviser(
        login, alice, submit, complete_rekentool, organisation):
    _awarded(submit(complete_rekentool), months_ago=2)
    letter = reverse("buyers:letter", args=[organisation.pk])
    assert letter in login(alice).get(DASHBOARD).content.decode()
    adviser = UserFactory(email="adviseur@advies.example")
    MembershipFactory(organisation=organisation, user=adviser, role=Membership.Role.ADVISEUR)
    assert letter not in login(adviser).get(DASHBOARD).content.decode()


def test_inside_the_window_the_overview_says_it_can_be_done_now(login, alice, submit,
                                                                complete_rekentool):
    _awarded(submit(complete_rekentool), months_ago=12)
    assert "Dat kan nu." in login(alice).get(DASHBOARD).content.decode()


def test_in_the_second_year_the_overview_says_there_is_no_refund(login, alice, submit,
                                                                  complete_rekentool):
    _awarded(submit(complete_rekentool), months_ago=14)
    content = login(alice).get(DASHBOARD).content.decode()
    assert "Het eerste deelnamejaar is voorbij" in content
    assert "Dient u van" not in content


def test_a_lapsed_revoked_or_ended_certificate_is_not_shown(login, alice, submit,
                                                            complete_rekentool):
    today = timezone.localdate()
    _, lapsed = _awarded(submit(complete_rekentool), months_ago=2)
    lapsed.lapsed_on = today
    lapsed.save()
    _, revoked = _awarded(submit(complete_rekentool), months_ago=3)
    revoked.revoked_on = today
    revoked.save()
    _, ended = _awarded(submit(complete_rekentool), months_ago=30)
    content = login(alice).get(DASHBOARD).content.decode()
    for certificate in (lapsed, revoked, ended):
        assert certificate.number not in content
    assert "Nog geen certificaat" in content


def test_an_aspirant_extension_is_named_on_the_overview(login, alice, submit,
                                                        complete_rekentool):
    aspirant = handbook_get("2.2").fallback_level.code
    first = submitted_on(in_state(submit(complete_rekentool), State.AWARDED),
                         add_months(timezone.localdate(), -26))
    certificate_for(first, level=aspirant)
    second = submitted_on(in_state(submit(complete_rekentool), State.AWARDED),
                          add_months(timezone.localdate(), -2))
    certificate_for(second, level=aspirant)
    content = login(alice).get(DASHBOARD).content.decode()
    assert "Dit certificaat verlengt de Aspirant-status (verlenging 1)." in content


def test_the_overview_takes_the_same_number_of_queries_for_1_or_3_certificates(
    login, alice, submit, complete_rekentool
):
    client = login(alice)
    counts = []
    for extra in (1, 2):
        for _ in range(extra):
            _awarded(submit(complete_rekentool), months_ago=2)
        with CaptureQueriesContext(connection) as queries:
            client.get(DASHBOARD)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# -- starting the recertification ---------------------------------------------------------------


def _recertify(client, application):
    return client.post(reverse("certification:recertify", args=[application.pk]))


def test_recertification_makes_a_rekentool_with_the_frozen_data(login, alice, submit,
                                                                 complete_rekentool):
    application, certificate = _awarded(submit(complete_rekentool), months_ago=12)
    # The draft changed after the submission: the copy follows what was submitted.
    complete_rekentool.employees.filter(ref="D-003").delete()
    Rekentool.objects.filter(pk=complete_rekentool.pk).update(total_fte=99)
    response = _recertify(login(alice), application)
    new = Rekentool.objects.exclude(pk=complete_rekentool.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("mijnpso:rekentool", args=[new.pk])
    assert new.name == f"Hercertificering {certificate.end.year}"
    assert new.organisation == application.organisation
    frozen = application.document
    assert sorted(new.employees.values_list("ref", flat=True)) == sorted(
        row["ref"] for row in frozen["target_group"])
    assert "D-003" in new.employees.values_list("ref", flat=True)
    assert new.total_fte == Decimal(frozen["workforce"]["total_fte"])
    assert new.peiljaar_start.isoformat() == frozen["peiljaar"]["start"]
    assert new.qualitative == frozen["qualitative"]
    # It follows the handbook in force, as any new draft.
    assert new.handbook_version == ""
    assert new.created_by == alice


def test_a_second_click_leads_to_the_same_rekentool(login, alice, submit, complete_rekentool):
    application, _ = _awarded(submit(complete_rekentool), months_ago=12)
    client = login(alice)
    first = _recertify(client, application)
    second = _recertify(client, application)
    assert first.url == second.url
    assert Rekentool.objects.count() == 2


def test_recertification_starts_only_from_an_awarded_application(login, alice, submit,
                                                                 complete_rekentool):
    application = submit(complete_rekentool)
    response = _recertify(login(alice), application)
    assert response.status_code == 302
    assert Rekentool.objects.count() == 1


@pytest.mark.parametrize("persona", ["charlie", "auditor", "bo"])
def test_only_the_applicant_starts_a_recertification(request, login, submit,
                                                     complete_rekentool, persona):
    application, _ = _awarded(submit(complete_rekentool), months_ago=12)
    assert _recertify(login(request.getfixturevalue(persona)), application).status_code == 404
    assert Rekentool.objects.count() == 1


def test_a_member_of_another_organisation_gets_404(login, submit, complete_rekentool):
    application, _ = _awarded(submit(complete_rekentool), months_ago=12)
    stranger = MembershipFactory(organisation=OrganisationFactory()).user
    assert _recertify(login(stranger), application).status_code == 404


def test_recertification_is_post_only(login, alice, submit, complete_rekentool):
    application, _ = _awarded(submit(complete_rekentool), months_ago=12)
    response = login(alice).get(reverse("certification:recertify", args=[application.pk]))
    assert response.status_code == 405
