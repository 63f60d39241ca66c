"""`make run` shows the certification process at three points (issue 10 §11, "Done when"): an
applicant with open quotes, one in audit and one certified whose certificate PDF downloads and
whose verification page says "geldig"; the logins and the verification URL are printed."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from psoportal.accounts.models import User
from psoportal.certification.certificates import verification_url
from psoportal.certification.demo import demo_certificate
from psoportal.certification.models import Application, Certificate, QuoteRequest
from psoportal.certification.transitions import State
from tests.conftest import full_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def test_the_demo_has_open_quotes_an_application_in_audit_and_an_awarded_one(seeded):
    assert QuoteRequest.objects.filter(organisation__kvk="12345678",
                                       state=QuoteRequest.State.QUOTED).exists()
    assert QuoteRequest.objects.filter(organisation__kvk="12345678",
                                       state=QuoteRequest.State.OPEN).exists()
    in_audit = Application.objects.get(organisation__kvk="34567890")
    assert in_audit.state == State.AUDIT_PLANNED
    assert in_audit.audit.corrections.count() == 1
    assert in_audit.audit.audited_result != in_audit.result
    awarded = Application.objects.get(organisation__kvk="23456789")
    assert awarded.state == State.AWARDED
    assert [e.to_state for e in awarded.events.all()] == [
        State.SUBMITTED, State.AUDIT_PLANNED, State.REPORT_FILED, State.AWAITING_PAYMENT,
        State.AWARDED]


def test_the_logins_and_the_verification_url_are_printed(seeded):
    for email in ("gerrit@groen-schoon.demo", "bart@debrug.demo",
                  "alice@voorbeeld-schoonmaak.demo", "bo@pso-nederland.demo"):
        assert email in seeded
    assert verification_url(demo_certificate()) in seeded


def test_the_demo_certificate_is_valid_on_its_public_page_and_its_pdf_downloads(seeded):
    certificate = demo_certificate()
    page = Client().get(reverse("verify_certificate", args=[certificate.verification_code]))
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "Status: geldig" in text
    holder = full_login(Client(), User.objects.get(email="gerrit@groen-schoon.demo"))
    response = holder.get(reverse("certification:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert certificate.number in text and "Groen & Schoon" in text


def test_seeding_again_adds_no_applications_or_certificates(seeded):
    counts = (Application.objects.count(), Certificate.objects.count())
    call_command("seed_demo")
    assert (Application.objects.count(), Certificate.objects.count()) == counts
