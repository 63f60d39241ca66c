"""The submitter's confirmation carries the participation agreement as a PDF, with the fee
table in force on the submission date, in Dutch formats (issue 10 §3)."""

import io

import pytest
from django.core import mail
from django.utils import timezone, translation
from pypdf import PdfReader

from psoportal.certification.services import AGREEMENT_VERSION
from psoportal.core.templatetags.pso_format import euro
from psoportal.methodology.handbook import handbook_get
from psoportal.organisations.models import Entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmation(submit, complete_rekentool, organisation, alice,
                 django_capture_on_commit_callbacks):
    Entity.objects.create(organisation=organisation, name="Voorbeeld Noord B.V.", kvk="87654321")
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(complete_rekentool)
    [message] = [m for m in mail.outbox if m.to == ["alice@voorbeeld.example"]]
    return application, message


def _pdf_text(message) -> str:
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    # Words joined by one space: table cells and line breaks come out as spaces or newlines.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_submitter_gets_a_confirmation_with_the_agreement_attached(confirmation):
    application, message = confirmation
    assert message.subject == "Bevestiging: definitieve aanvraag Voorbeeld B.V. ingediend"
    assert "deelnameovereenkomst" in message.body
    assert f"/mijnpso/aanvraag/{application.pk}/" in message.body
    assert len(message.attachments) == 1


def test_the_agreement_names_the_parties_versions_and_the_accepted_quote(confirmation):
    application, message = confirmation
    text = _pdf_text(message)
    submitted = timezone.localdate(application.submitted_at).strftime("%d-%m-%Y")
    for expected in (
        f"Versie {AGREEMENT_VERSION}", submitted, "Voorbeeld B.V.", "KvK-nummer 12345678",
        "Voorbeeld Noord B.V.", "KvK-nummer 87654321", application.handbook_version,
        "Keurmerk Certificering B.V.",
    ):
        assert expected in text, expected
    with translation.override("nl"):
        total = euro(application.accepted_quote.total)
    assert total.replace("\u00a0", " ") in text


def test_the_agreement_holds_the_fee_table_of_the_submission_date(confirmation):
    application, message = confirmation
    text = _pdf_text(message)
    handbook = handbook_get(application.handbook_version)
    table = handbook.fee_table_for(timezone.localdate(application.submitted_at))
    with translation.override("nl"):
        amounts = [euro(band.value) for band in table.annual_contribution]
        amounts += [euro(table.pso30plus_fee)]
        amounts += [euro(event.amount) for event in table.events.values()]
    for amount in amounts:
        assert amount.replace("\u00a0", " ") in text, amount
    # Dutch formats: a thousands point and a decimal comma (€ 1.575,00, not € 1,575.00).
    assert "€ 6.247,50" in text
    for event in table.events.values():
        assert event.label_nl in text
    assert f"{handbook.vat_rate_pct.normalize()} % btw" in text


def test_an_english_submitter_gets_the_agreement_in_english(
    submit, complete_rekentool, alice, django_capture_on_commit_callbacks
):
    alice.language = "en"
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(complete_rekentool)
    [message] = [m for m in mail.outbox if m.to == ["alice@voorbeeld.example"]]
    assert message.subject == "Confirmation: definitive application Voorbeeld B.V. submitted"
    text = _pdf_text(message)
    assert "Participation agreement" in text
    assert "Cancelled by PSO-Nederland: names or BSNs in the application" in text
