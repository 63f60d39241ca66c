"""A quote may carry a PDF (issue 10 §2): checked on size and content, stored outside the web
root, and served only to the parties of that quote. Personas: Alice (applicant), Audrey (auditor
of Keurmerk), Bo (PSO-Nederland), Charlie (outsider), Olaf (auditor of another institution)."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from psoportal.certification import uploads
from psoportal.certification.models import Quote
from psoportal.certification.quotes import quote_request_create
from tests.factories import (
    CertifyingInstitutionFactory,
    InstitutionMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def quote_request(answered_rekentool, institution, alice):
    [request] = quote_request_create(rekentool=answered_rekentool, user=alice,
                                     institutions=[institution])
    return request


def _send(client, quote_request, upload):
    return client.post(
        reverse("certification:institution_quote", args=[quote_request.pk]),
        {"man_days": "1,5", "day_rate": "1.100", "registration_fee": "150",
         "valid_until": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
         "pdf": upload},
    )


def test_a_quote_with_its_pdf_is_stored_outside_the_web_root_under_a_random_name(
    login, auditor, quote_request
):
    upload = SimpleUploadedFile("../../offerte keurmerk.pdf", PDF, "application/pdf")
    assert _send(login(auditor), quote_request, upload).status_code == 302
    quote = Quote.objects.get(request=quote_request)
    assert quote.pdf_filename == "offerte keurmerk.pdf"
    stored = Path(quote.pdf.path)
    assert stored.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not stored.is_relative_to(settings.STATIC_ROOT)
    assert "keurmerk" not in stored.name
    assert stored.read_bytes() == PDF


@pytest.mark.parametrize(("name", "content", "message"), [
    ("offerte.pdf", b"<html>not a pdf</html>", "Dit is geen pdf-bestand"),
    ("offerte.pdf", b"", "leeg"),
    ("offerte.pdf", b"%PDF-" + b"0" * uploads.MAX_PDF_BYTES, "groter dan 10 MB"),
])
def test_a_file_that_is_not_an_acceptable_pdf_is_refused_and_no_quote_is_made(
    login, auditor, quote_request, name, content, message
):
    response = _send(login(auditor), quote_request, SimpleUploadedFile(name, content,
                                                                       "application/pdf"))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Quote.objects.filter(request=quote_request).exists()
    quote_request.refresh_from_db()
    assert quote_request.state == "open"


@pytest.fixture
def quote_with_pdf(login, auditor, quote_request):
    _send(login(auditor), quote_request, SimpleUploadedFile("offerte.pdf", PDF))
    return Quote.objects.get(request=quote_request)


def test_the_applicant_sees_the_pdf_link_and_downloads_it_as_an_attachment(
    login, alice, quote_with_pdf, answered_rekentool
):
    client = login(alice)
    page = client.get(reverse("certification:step6", args=[answered_rekentool.pk]))
    url = reverse("certification:quote_pdf", args=[quote_with_pdf.pk])
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="offerte.pdf"')
    assert b"".join(response.streaming_content) == PDF


def test_the_institution_and_pso_nederland_may_download_it(login, auditor, bo, quote_with_pdf):
    url = reverse("certification:quote_pdf", args=[quote_with_pdf.pk])
    assert login(auditor).get(url).status_code == 200
    assert login(bo).get(url).status_code == 200


def test_an_outsider_and_another_institution_get_404(login, charlie, quote_with_pdf):
    other = UserFactory(email="olaf@ander-ci.example")
    InstitutionMembershipFactory(institution=CertifyingInstitutionFactory(), user=other)
    url = reverse("certification:quote_pdf", args=[quote_with_pdf.pk])
    assert login(charlie).get(url).status_code == 404
    assert login(other).get(url).status_code == 404
    assert login(charlie).get(reverse("certification:quote_pdf", args=[999999])).status_code == 404
