"""PSO-Nederland's workspace and award page (issue 10 §6): a queue of reports to decide, the
awards waiting for payment, the certificates issued; staff only, everyone else gets 404."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.models import Application
from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party, State
from tests.certification.awarding import (
    audited,
    awarded,
    certified,
    report_filed,
    submitted_on,
    thawed,
)


@pytest.fixture
def submit(submit):
    return thawed(submit)


pytestmark = pytest.mark.django_db

WORKSPACE = reverse("certification:pso_workspace")


@pytest.fixture
def application(submit, complete_rekentool):
    return submit(complete_rekentool)


def _award_url(application):
    return reverse("certification:award", args=[application.pk])


@pytest.mark.parametrize("persona", ["alice", "auditor", "charlie"])
def test_the_workspace_is_404_for_anyone_but_pso_nederland(request, login, persona):
    assert login(request.getfixturevalue(persona)).get(WORKSPACE).status_code == 404


def test_the_workspace_asks_anonymous_visitors_to_log_in(client):
    response = client.get(WORKSPACE)
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")


def test_the_queue_shows_only_reports_to_decide(login, bo, submit, complete_rekentool):
    waiting = report_filed(submit(complete_rekentool))
    others = [submit(complete_rekentool) for _ in range(3)]
    for other, state in zip(others, (State.SUBMITTED, State.AUDIT_PLANNED, State.REJECTED),
                            strict=True):
        Application.objects.filter(pk=other.pk).update(state=state)
    response = login(bo).get(WORKSPACE)
    queue = response.text.split('id="queue-title"')[1].split('id="awaiting-title"')[0]
    assert _award_url(waiting) in queue
    for other in others:
        assert _award_url(other) not in queue
        assert reverse("certification:application", args=[other.pk]) not in queue


def test_awards_waiting_for_payment_link_to_the_application_page(login, bo, application):
    awarded(application, bo)
    response = login(bo).get(WORKSPACE)
    awaiting = response.text.split('id="awaiting-title"')[1].split('id="issued-title"')[0]
    assert reverse("certification:application", args=[application.pk]) in awaiting
    assert "Trede 2" in awaiting


def test_issued_certificates_are_listed_with_their_public_page(login, bo, application):
    certified(application, bo)
    certificate = application.certificates.get()
    response = login(bo).get(WORKSPACE)
    issued = response.text.split('id="issued-title"')[1]
    assert certificate.number in issued
    assert reverse("verify_certificate", args=[certificate.verification_code]) in issued


def test_the_menu_shows_the_workspace_to_staff_only(login, bo, alice, client):
    assert WORKSPACE in login(bo).get(reverse("mijnpso:dashboard")).text
    client.logout()
    assert WORKSPACE not in login(alice).get(reverse("mijnpso:dashboard")).text


@pytest.mark.parametrize("persona", ["alice", "auditor", "charlie"])
def test_the_award_page_is_404_for_anyone_but_pso_nederland(request, login, application,
                                                           persona):
    report_filed(application)
    client = login(request.getfixturevalue(persona))
    assert client.get(_award_url(application)).status_code == 404
    assert client.post(_award_url(application), {"level": "trede_2"}).status_code == 404
    application.refresh_from_db()
    assert application.state == State.REPORT_FILED


def test_the_award_page_shows_what_the_decision_rests_on(login, bo, application):
    submitted_on(application, dt.date(2025, 8, 15))
    report_filed(application, audited_result=audited(application, level="trede_1"),
                 recommended="basistrede", findings="Twee dossiers onvolledig.")
    text = login(bo).get(_award_url(application)).text
    assert "Trede bij de aanvraag</dt><dd>Trede 2" in text
    assert "Geauditeerde trede</dt><dd><strong>Trede 1</strong>" in text
    assert "Advies van de auditor</dt><dd>Basistrede" in text
    assert "Twee dossiers onvolledig." in text
    assert "van 01-09-2025 tot en met 31-08-2027" in text
    # Only levels up to the audited one can be chosen; the advice is preselected.
    assert 'value="trede_1"' in text and 'value="trede_2"' not in text
    assert re.search(r'value="basistrede"[^>]*checked', text)
    assert not re.search(r'value="trede_1"[^>]*checked', text)
    assert 'name="pso30plus"' not in text


def test_awarding_on_the_page_waits_for_payment(login, bo, application):
    report_filed(application)
    response = login(bo).post(_award_url(application), {"level": "trede_2"})
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:application", args=[application.pk])
    application.refresh_from_db()
    assert (application.state, application.awarded_level) == (State.AWAITING_PAYMENT, "trede_2")
    page = login(bo).get(response["Location"]).text
    assert "Betaling afwachten" in page
    assert "Betaling ontvangen: certificaat uitgeven" in page


def test_a_level_above_the_audited_one_is_refused_on_the_page(login, bo, application):
    report_filed(application, audited_result=audited(application, level="trede_1"))
    response = login(bo).post(_award_url(application), {"level": "trede_2"})
    assert response.status_code == 400
    assert "Kies een trede die niet hoger is dan de geauditeerde trede." in response.text
    application.refresh_from_db()
    assert application.state == State.REPORT_FILED


def test_pso30plus_is_offered_and_awarded_when_eligible(login, bo, application):
    report_filed(application, audited_result=audited(application, level="trede_3",
                                                     pso30plus=True))
    client = login(bo)
    assert 'name="pso30plus"' in client.get(_award_url(application)).text
    refused = client.post(_award_url(application), {"level": "trede_2", "pso30plus": "on"})
    assert refused.status_code == 400
    assert "PSO 30+ kan alleen worden toegekend" in refused.text
    client.post(_award_url(application), {"level": "trede_3", "pso30plus": "on"})
    application.refresh_from_db()
    assert (application.awarded_level, application.awarded_pso30plus) == ("trede_3", True)


def test_pso30plus_sent_without_eligibility_is_ignored(login, bo, application):
    report_filed(application)
    login(bo).post(_award_url(application), {"level": "trede_2", "pso30plus": "on"})
    application.refresh_from_db()
    assert application.awarded_pso30plus is False


def test_rejecting_from_the_award_page_needs_a_reason(login, bo, application):
    report_filed(application)
    client = login(bo)
    response = client.post(_award_url(application), {"decision": "reject", "reason": "   "})
    assert response.status_code == 400
    assert "Geef de reden van de afwijzing." in response.text
    application.refresh_from_db()
    assert application.state == State.REPORT_FILED
    response = client.post(_award_url(application), {"decision": "reject",
                                                     "reason": "Begeleiding niet aangetoond."})
    assert response["Location"] == reverse("certification:application", args=[application.pk])
    application.refresh_from_db()
    assert application.state == State.REJECTED
    assert application.events.last().reason == "Begeleiding niet aangetoond."


def test_a_refused_rejection_stays_on_the_award_page_with_the_reason_kept(
    login, bo, application
):
    report_filed(application)
    too_long = "Begeleiding niet aangetoond. " * 30
    response = login(bo).post(_award_url(application), {"decision": "reject", "reason": too_long})
    assert response.status_code == 400
    assert "Begeleiding niet aangetoond." in response.text
    assert "<title>Fout: " in response.text
    application.refresh_from_db()
    assert application.state == State.REPORT_FILED


def test_a_decided_application_sends_the_award_page_back_to_the_application(login, bo,
                                                                           application):
    awarded(application, bo)
    response = login(bo).get(_award_url(application))
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:application", args=[application.pk])


def test_the_application_page_links_staff_to_the_award_page(login, bo, alice, application,
                                                            client):
    report_filed(application)
    page = reverse("certification:application", args=[application.pk])
    assert _award_url(application) in login(bo).get(page).text
    client.logout()
    assert _award_url(application) not in login(alice).get(page).text


def test_the_application_page_shows_the_certificates_to_the_applicant(login, alice, bo,
                                                                      application):
    submitted_on(application, timezone.localdate() - dt.timedelta(days=40))
    certified(application, bo)
    certificate = application.certificates.get()
    text = login(alice).get(reverse("certification:application", args=[application.pk])).text
    assert certificate.number in text
    assert reverse("certification:certificate_pdf", args=[certificate.pk]) in text
    assert reverse("verify_certificate", args=[certificate.verification_code]) in text
    assert "Geldig" in text
    assert "Herinnering verloop" in text


def test_the_application_page_gives_the_ground_of_a_revocation(login, alice, bo, application):
    certified(application, bo)
    application_transition(application=application, name="withdraw", actor=alice,
                           party=Party.APPLICANT)
    text = login(alice).get(reverse("certification:application", args=[application.pk])).text
    assert "de aanvrager heeft de aanvraag ingetrokken" in text
    assert "Ingetrokken per" in text


def test_the_workspace_reads_the_same_number_of_queries_for_more_rows(
    login, bo, submit, complete_rekentool, django_assert_max_num_queries
):
    def rows():
        report_filed(submit(complete_rekentool))
        awarded(submit(complete_rekentool), bo)
        certified(submit(complete_rekentool), bo)

    client = login(bo)
    rows()
    with CaptureQueriesContext(connection) as one:
        client.get(WORKSPACE)
    for _ in range(3):
        rows()
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(WORKSPACE)
