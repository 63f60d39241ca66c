"""The certifying institution's workspace: its own quote requests with the frozen summary, and
a quote sent from the form (issue 10 §2). Persona: Audrey, auditor of Keurmerk Certificering."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.models import QuoteRequest
from psoportal.certification.quotes import quote_request_create
from tests.factories import InstitutionMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote_request(answered_rekentool, institution, alice):
    [request] = quote_request_create(rekentool=answered_rekentool, user=alice,
                                     institutions=[institution])
    return request


def _valid_until():
    return (timezone.localdate() + dt.timedelta(days=30)).isoformat()


def test_the_workspace_lists_the_institutions_requests(login, auditor, quote_request):
    content = login(auditor).get(reverse("certification:institution")).content.decode()
    assert "Voorbeeld B.V." in content
    assert reverse("certification:institution_quote", args=[quote_request.pk]) in content


def test_the_request_shows_the_summary_and_never_the_rows(login, auditor, quote_request):
    content = login(auditor).get(
        reverse("certification:institution_quote", args=[quote_request.pk])).content.decode()
    assert "KvK 12345678" in content and "Trede 2" in content and "1 mandag" in content
    assert "D-001" not in content


def test_a_quote_is_sent_in_dutch_formats(login, auditor, quote_request):
    response = login(auditor).post(
        reverse("certification:institution_quote", args=[quote_request.pk]),
        {"man_days": "1,5", "day_rate": "1.100,00", "registration_fee": "150",
         "valid_until": _valid_until(), "remarks": ""},
    )
    assert response.status_code == 302
    quote_request.refresh_from_db()
    assert quote_request.state == QuoteRequest.State.QUOTED
    assert str(quote_request.quote.total) == "1800.00"


def test_a_quote_with_a_past_validity_date_is_refused(login, auditor, quote_request):
    response = login(auditor).post(
        reverse("certification:institution_quote", args=[quote_request.pk]),
        {"man_days": "1", "day_rate": "1000", "valid_until": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "De geldigheidsdatum ligt in het verleden." in response.content.decode()


def test_another_institution_and_an_applicant_get_404(login, alice, quote_request):
    other = UserFactory(email="otto@ander-ci.example")
    InstitutionMembershipFactory(user=other)
    url = reverse("certification:institution_quote", args=[quote_request.pk])
    assert login(other).get(url).status_code == 404
    assert login(alice).get(url).status_code == 404
    assert login(alice).get(reverse("certification:institution")).status_code == 404
