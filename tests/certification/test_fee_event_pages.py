"""Where fee events are listed until billing exists: on the application page for the applicant
and PSO-Nederland, and in PSO-Nederland's list of every fee event (issue 10 §9). Amounts in the
Dutch format, each "nog niet gefactureerd" until billing marks it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.models import FeeEvent
from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party, State
from tests.certification.awarding import thawed
from tests.certification.changes_support import in_state
from tests.factories import MembershipFactory


@pytest.fixture
def submit(submit):
    # Several applications of one organisation from one draft (awarding.thawed says why).
    return thawed(submit)


pytestmark = pytest.mark.django_db

LIST = reverse("certification:fee_events")


def _page(client, application):
    return client.get(reverse("certification:application", args=[application.pk]))


def _withdrawn(application, alice):
    return application_transition(application=application, name="withdraw", actor=alice,
                                  party=Party.APPLICANT)


def test_the_applicant_sees_the_fee_of_a_withdrawal_on_the_application_page(
    login, alice, submit, complete_rekentool
):
    application = _withdrawn(submit(complete_rekentool), alice)
    content = _page(login(alice), application).content.decode()
    assert "Wijzigingen en kosten" in content
    assert "Intrekking binnen 3 maanden na indiening en vóór de eerste auditdag" in content
    assert "€\xa0250,00" in content
    assert "nog niet gefactureerd" in content
    assert "De jaarbijdragen van het eerste en het tweede jaar vervallen" in content
    assert timezone.localdate().strftime("%d-%m-%Y") in content


def test_an_invoiced_event_says_when(login, alice, submit, complete_rekentool):
    application = _withdrawn(submit(complete_rekentool), alice)
    FeeEvent.objects.update(invoiced_at=timezone.now())
    content = _page(login(alice), application).content.decode()
    assert "gefactureerd op" in content
    assert "nog niet gefactureerd" not in content


def test_a_credit_is_listed_as_a_negative_amount(login, alice, bo, submit, complete_rekentool):
    application_transition(application=submit(complete_rekentool), name="cancel", actor=bo,
                           party=Party.PSO_NEDERLAND, reason="cancel_email_not_traceable")
    new = submit(complete_rekentool)
    content = _page(login(alice), new).content.decode()
    assert "Creditering bij een nieuwe aanvraag binnen een maand na annulering" in content
    assert "€\xa0-125,00" in content


def test_the_applicant_is_offered_the_changes_with_their_cost_and_moment(
    login, alice, submit, complete_rekentool
):
    application = submit(complete_rekentool)
    content = _page(login(alice), application).content.decode()
    assert reverse("certification:change", args=[application.pk, "change_of_ci"]) in content
    # Name changes wait for the audit: listed with the reason, without a link.
    assert reverse("certification:change", args=[application.pk, "partial_name_change"]) \
        not in content
    assert "kan pas worden doorgegeven als de audit voorbij is" in content
    assert "€\xa0100,00" in content


def test_pso_nederland_sees_the_fees_but_no_change_forms(login, alice, bo, submit,
                                                         complete_rekentool):
    application = _withdrawn(submit(complete_rekentool), alice)
    content = _page(login(bo), application).content.decode()
    assert "€\xa0250,00" in content
    assert "Een wijziging doorgeven" not in content
    assert LIST in content


def test_the_certifying_institution_sees_no_fees(login, auditor, alice, submit,
                                                 complete_rekentool):
    application = submit(complete_rekentool)
    content = _page(login(auditor), application).content.decode()
    assert "Wijzigingen en kosten" not in content


def test_the_english_page_shows_the_handbook_label_in_english(login, alice, submit,
                                                              complete_rekentool):
    application = _withdrawn(submit(complete_rekentool), alice)
    client = login(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = _page(client, application).content.decode()
    assert "Withdrawal within 3 months after submission and before the first audit day" \
        in content
    assert "not invoiced yet" in content
    assert "nog niet gefactureerd" not in content


# -- PSO-Nederland's list -----------------------------------------------------------------------


def test_pso_nederland_lists_every_fee_event_with_its_organisation(
    login, alice, bo, submit, complete_rekentool
):
    _withdrawn(submit(complete_rekentool), alice)
    awarded = in_state(submit(complete_rekentool), State.AWARDED)
    _withdrawn(awarded, alice)
    response = login(bo).get(LIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("Voorbeeld B.V.") >= 2
    assert "€\xa0250,00" in content and "€\xa00,00" in content
    assert "na de toekenning: de jaarbijdragen van beide jaren blijven verschuldigd" in content
    assert reverse("certification:application", args=[awarded.pk]) in content
    assert response.context["nav_section"] == "pso_nederland"  # the PSO-Nederland menu item


@pytest.mark.parametrize("persona", ["alice", "auditor", "charlie"])
def test_only_pso_nederland_reaches_the_list(request, login, persona):
    assert login(request.getfixturevalue(persona)).get(LIST).status_code == 404


def test_the_list_needs_a_login(client):
    assert client.get(LIST).status_code == 302


def test_the_list_takes_the_same_number_of_queries_for_1_or_5_events(
    login, alice, bo, submit, complete_rekentool
):
    counts = []
    client = login(bo)
    for extra in (1, 4):
        for _ in range(extra):
            _withdrawn(submit(complete_rekentool), alice)
        with CaptureQueriesContext(connection) as queries:
            client.get(LIST)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_another_organisation_never_sees_these_fees(login, alice, submit, complete_rekentool,
                                                    charlie):
    application = _withdrawn(submit(complete_rekentool), alice)
    assert _page(login(charlie), application).status_code == 404
    # A member of another organisation only: still 404.
    stranger = MembershipFactory().user
    assert _page(login(stranger), application).status_code == 404
