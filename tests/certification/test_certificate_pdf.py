"""The certificate PDF (issue 10 §6): Dutch, tagged (PDF/UA-1), the register's facts in text,
and a QR code that a real decoder reads back from the PDF's image and that opens the public
page saying "geldig". Only the parties of the application may download it."""

import datetime as dt
import io
import re
from urllib.parse import urlsplit

import pypdf
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.models import Certificate
from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party
from tests.certification.awarding import certified, submitted_on
from tests.certification.pdf_qr import qr_texts
from tests.factories import InstitutionMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(submit, complete_rekentool, bo):
    application = submit(complete_rekentool)
    submitted_on(application, timezone.localdate() - dt.timedelta(days=40))
    return certified(application, bo).certificates.get()


def _download(client, certificate):
    return client.get(reverse("certification:certificate_pdf", args=[certificate.pk]))


def _reader(response) -> pypdf.PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content))


def test_the_qr_code_opens_the_public_page_which_says_geldig(login, alice, certificate):
    reader = _reader(_download(login(alice), certificate))
    [url] = qr_texts(reader)
    assert url.startswith(settings.SITE_URL)
    assert certificate.verification_code in url
    # Anyone who scans it: no session.
    from django.test import Client

    page = Client().get(urlsplit(url).path)
    assert page.status_code == 200
    assert re.search(r'<strong id="certificate-status">geldig</strong>', page.text)
    assert certificate.number in page.text


def test_the_pdf_states_the_facts_in_dutch(login, alice, certificate, institution):
    client = login(alice)
    client.cookies["pso_language"] = "en"  # the certificate is Dutch whatever the page language
    reader = _reader(_download(client, certificate))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    for fact in ("Certificaat", "PSO-Nederland verklaart dat", "Voorbeeld B.V.", "Utrecht",
                 "Trede 2", certificate.number, institution.name, "KvK 12345678",
                 f"{certificate.start:%d-%m-%Y}", f"{certificate.end:%d-%m-%Y}",
                 "Controleer de geldigheid"):
        assert fact in text, fact
    assert "Level 2" not in text


def test_it_is_a_tagged_pdf_with_dutch_language_and_a_title(login, alice, certificate):
    reader = _reader(_download(login(alice), certificate))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "nl"
    assert certificate.number in reader.metadata.title


def test_the_download_is_an_attachment_with_our_own_name_never_cached(login, alice,
                                                                     certificate):
    response = _download(login(alice), certificate)
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificaat-{certificate.number}.pdf"')
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_withdrawn_certificate_carries_a_stamp(login, alice, certificate):
    application_transition(application=certificate.application, name="withdraw", actor=alice,
                           party=Party.APPLICANT)
    reader = _reader(_download(login(alice), certificate))
    assert f"INGETROKKEN PER {timezone.localdate():%d-%m-%Y}" in reader.pages[0].extract_text()


@pytest.mark.parametrize("persona", ["alice", "bob", "auditor", "bo"])
def test_the_parties_may_download_it(request, login, certificate, persona):
    assert _download(login(request.getfixturevalue(persona)), certificate).status_code == 200


def test_an_outsider_gets_404(login, charlie, certificate):
    assert _download(login(charlie), certificate).status_code == 404


def test_another_certifying_institution_gets_404(login, certificate):
    other = UserFactory(email="auditor@anders.example")
    InstitutionMembershipFactory(user=other)
    assert _download(login(other), certificate).status_code == 404


def test_an_unknown_certificate_gets_404(login, alice, certificate):
    missing = Certificate.objects.order_by("-pk").first().pk + 1
    response = login(alice).get(reverse("certification:certificate_pdf", args=[missing]))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, certificate):
    response = _download(client, certificate)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")
