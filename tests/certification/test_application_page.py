"""The application page for all three parties: each sees the history and only its own next
steps; the certifying institution and PSO-Nederland move the application to its award
(issue 10 §4). Personas: Alice (applicant), Audrey (auditor), Bo (PSO-Nederland)."""

import pytest
from django.urls import reverse

from psoportal.certification.models import Application
from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party, State

pytestmark = pytest.mark.django_db


def _page(client, application):
    return client.get(reverse("certification:application", args=[application.pk]))


def _step(client, application, transition, reason=""):
    return client.post(reverse("certification:application_step", args=[application.pk]),
                       {"transition": transition, "reason": reason})


def test_each_party_is_offered_only_its_own_next_step(login, alice, auditor, bo, submit,
                                                      complete_rekentool):
    application = submit(complete_rekentool)
    assert [c["name"] for c in _page(login(alice), application).context["choices"]] == [
        "withdraw"]
    # Planning the audit has its own page: no bare button.
    assert [c["name"] for c in _page(login(auditor), application).context["choices"]] == []
    assert [c["name"] for c in _page(login(bo), application).context["choices"]] == ["cancel"]


def test_a_step_with_its_own_form_is_refused_as_a_bare_button(login, auditor, submit,
                                                             complete_rekentool):
    application = submit(complete_rekentool)
    response = _step(login(auditor), application, "plan_audit")
    assert response.status_code == 400
    assert "Deze stap heeft een eigen pagina" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_pso_nederland_records_the_payment_on_the_page_and_the_history_shows_every_step(
    login, auditor, bo, submit, complete_rekentool
):
    application = submit(complete_rekentool)
    for name, actor, party in (("plan_audit", auditor, Party.INSTITUTION),
                               ("file_report", auditor, Party.INSTITUTION),
                               ("award", bo, Party.PSO_NEDERLAND)):
        application_transition(application=application, name=name, actor=actor, party=party)
    assert "Betaling ontvangen" in _page(login(bo), application).content.decode()
    assert _step(login(bo), application, "payment_received").status_code == 302
    application.refresh_from_db()
    assert application.state == State.AWARDED
    content = _page(login(bo), application).content.decode()
    for label in ("Ingediend", "Audit gepland", "Auditrapport ingediend", "Betaling afwachten",
                  "Toegekend"):
        assert label in content


def test_a_step_of_another_party_is_refused_with_a_message(login, alice, submit,
                                                          complete_rekentool):
    application = submit(complete_rekentool)
    response = _step(login(alice), application, "plan_audit")
    assert response.status_code == 400
    assert "Deze stap is voorbehouden aan certificerende instelling." in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_pso_nederland_cancels_with_a_ground_from_the_handbook(login, bo, submit,
                                                              complete_rekentool):
    application = submit(complete_rekentool)
    content = _page(login(bo), application).content.decode()
    assert "namen of BSN&#x27;s in de aanvraag" in content
    assert _step(login(bo), application, "cancel", "cancel_personal_data").status_code == 302
    application.refresh_from_db()
    assert application.state == State.CANCELLED


def test_an_outsider_cannot_take_a_step(login, charlie, submit, complete_rekentool):
    application = submit(complete_rekentool)
    assert _step(login(charlie), application, "withdraw").status_code == 404
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_the_withdraw_button_says_what_withdrawing_costs_today(login, alice, submit,
                                                              complete_rekentool):
    application = submit(complete_rekentool)
    content = " ".join(_page(login(alice), application).content.decode().split())
    assert ("Intrekking binnen 3 maanden na indiening en vóór de eerste auditdag: € 250,00 "
            "(exclusief btw). De jaarbijdragen van het eerste en het tweede jaar vervallen"
            ) in content
    Application.objects.filter(pk=application.pk).update(state=State.AWARDED)
    content = " ".join(_page(login(alice), application).content.decode().split())
    assert ("Intrekking door de aanvrager na de toekenning: de jaarbijdragen van beide jaren "
            "blijven verschuldigd.") in content


def test_a_refused_step_is_told_in_the_error_summary_with_the_title_marked(login, alice, submit,
                                                                          complete_rekentool):
    application = submit(complete_rekentool)
    content = _step(login(alice), application, "plan_audit").content.decode()
    summary = content.split('data-error-summary')[1].split("</div>")[0]
    assert "Deze stap is voorbehouden aan certificerende instelling." in summary
    assert "<title>Fout: " in content
