"""Step 6 for the applicant: quotes side by side, what is still missing (with links), the
submission, and the application page with its history; outsiders get 404 (issue 10 §2–4)."""

import pytest
from django.urls import reverse

from psoportal.certification.models import Application, QuoteRequest
from tests.certification.conftest import give_quote

pytestmark = pytest.mark.django_db


def _step6(client, tool):
    return client.get(reverse("certification:step6", args=[tool.pk]))


def test_the_step_bar_leads_to_step_6(login, alice, answered_rekentool):
    content = login(alice).get(
        reverse("mijnpso:result", args=[answered_rekentool.pk])).content.decode()
    assert reverse("certification:step6", args=[answered_rekentool.pk]) in content
    assert "nog niet beschikbaar" not in content


def test_quotes_are_requested_from_the_chosen_institutions(login, alice, answered_rekentool,
                                                          institution):
    client = login(alice)
    response = client.post(reverse("certification:quotes_request", args=[answered_rekentool.pk]),
                           {"institutions": [institution.pk]})
    assert response.status_code == 302
    assert QuoteRequest.objects.get().institution == institution
    assert "De instelling heeft nog niet geantwoord." in _step6(client, answered_rekentool
                                                                ).content.decode()


def test_no_institution_chosen_is_a_field_error(login, alice, answered_rekentool, institution):
    response = login(alice).post(
        reverse("certification:quotes_request", args=[answered_rekentool.pk]), {})
    assert response.status_code == 400
    assert "Kies ten minste één certificerende instelling." in response.content.decode()


def test_an_institution_id_past_64_bits_is_a_field_error_not_a_server_error(
    login, alice, answered_rekentool, institution
):
    # Found by the form fuzzer (tests/fuzz/test_forms.py): it was an OverflowError.
    response = login(alice).post(
        reverse("certification:quotes_request", args=[answered_rekentool.pk]),
        {"institutions": [str(2**63), institution.pk]})
    assert response.status_code == 400
    odd = login(alice).post(reverse("certification:quotes_request", args=[answered_rekentool.pk]),
                            {"institutions": ["²", "٣", "9" * 5000]})  # not ids int() reads
    assert odd.status_code == 400
    assert QuoteRequest.objects.count() == 0


def test_quotes_show_side_by_side_and_one_is_accepted(login, alice, answered_rekentool,
                                                     institution, auditor):
    quote = give_quote(answered_rekentool, institution, auditor)
    client = login(alice)
    content = _step6(client, answered_rekentool).content.decode()
    assert "€\u00a01.800,00" in content  # 1,5 × € 1.100 + € 150 registration
    client.post(reverse("certification:quote_accept", args=[answered_rekentool.pk, quote.pk]))
    quote.request.refresh_from_db()
    assert quote.request.state == QuoteRequest.State.ACCEPTED


def test_what_is_missing_is_listed_with_links(login, alice, rekentool):
    content = _step6(login(alice), rekentool).content.decode()
    assert "Voordat u kunt indienen:" in content
    assert f'<a href="{reverse("mijnpso:qualitative", args=[rekentool.pk])}">' in content
    assert "Definitieve aanvraag indienen" not in content


def test_a_complete_rekentool_is_submitted_once_and_shows_its_history(login, alice,
                                                                     complete_rekentool):
    client = login(alice)
    page = _step6(client, complete_rekentool)
    key = page.context["submit_form"].initial["submission_key"]
    # The hidden key travels without a label: no English field name on the Dutch page.
    assert f'value="{key}"' in page.content.decode()
    assert "Submission key" not in page.content.decode()
    data = {"submission_key": key, "authorised": "on", "agreement_accepted": "on",
            "turnover": "1.250.000"}
    url = reverse("certification:submit", args=[complete_rekentool.pk])
    first = client.post(url, data)
    second = client.post(url, data)  # the double click
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    content = client.get(first["Location"]).content.decode()
    assert "Ingediend" in content and "Keurmerk Certificering B.V." in content


def test_submitting_without_the_declarations_is_refused(login, alice, complete_rekentool):
    response = login(alice).post(
        reverse("certification:submit", args=[complete_rekentool.pk]),
        {"submission_key": "abc"})
    assert response.status_code == 400
    assert "Verklaar dat u bevoegd bent" in response.content.decode()
    assert Application.objects.count() == 0


def test_an_outsider_gets_404_for_step_6_and_the_application(login, charlie, submit,
                                                            complete_rekentool):
    application = submit(complete_rekentool)
    client = login(charlie)
    assert _step6(client, complete_rekentool).status_code == 404
    assert client.get(
        reverse("certification:application", args=[application.pk])).status_code == 404


def test_the_institution_of_the_accepted_quote_sees_the_application(
    login, auditor, submit, complete_rekentool
):
    application = submit(complete_rekentool)
    response = login(auditor).get(reverse("certification:application", args=[application.pk]))
    assert response.status_code == 200
    assert response.context["party"] == "institution"


def test_another_institution_gets_404(login, submit, complete_rekentool):
    from tests.factories import InstitutionMembershipFactory, UserFactory

    other = UserFactory(email="otto@ander-ci.example")
    InstitutionMembershipFactory(user=other)
    application = submit(complete_rekentool)
    assert login(other).get(
        reverse("certification:application", args=[application.pk])).status_code == 404


def test_mijn_overzicht_lists_the_application_with_its_state(login, alice, submit,
                                                           complete_rekentool):
    application = submit(complete_rekentool)
    content = login(alice).get(reverse("mijnpso:dashboard")).content.decode()
    assert reverse("certification:application", args=[application.pk]) in content
    assert ": ingediend" in content
