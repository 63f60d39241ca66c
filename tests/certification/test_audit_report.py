"""The audit report: findings, a recommended level not above the audited one, and the report
as a PDF (checked by type, first bytes and size; stored outside the web root under a random
name) filed through the "file_report" transition; downloaded by the parties of the
application only (issue 10 §5). Personas: Audrey (auditor), Alice, Bo, Otto, Charlie."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.audits import (
    AuditRefused,
    audit_correct,
    audit_plan,
    audit_report_file,
    recommendable_levels,
)
from psoportal.certification.models import AuditCheck
from psoportal.certification.transitions import Party, State
from psoportal.certification.uploads import MAX_PDF_BYTES

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _pdf(content=PDF, name="Rapport Voorbeeld.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _judge_all(audit):
    audit.checks.update(outcome=AuditCheck.Outcome.MET)


def _url(audit, name="audit_report"):
    return reverse(f"certification:{name}", args=[audit.application_id])


def _file(client, audit, **overrides):
    data = {"findings": "Alles aangetoond.", "recommended_level": "trede_2",
            "report_file": _pdf()}
    data.update(overrides)
    return client.post(_url(audit), data)


@pytest.fixture
def filed(planned, auditor):
    _judge_all(planned)
    return audit_report_file(audit=planned, party=Party.INSTITUTION, user=auditor,
                             findings="Alles aangetoond.", recommended_level="trede_2",
                             upload=_pdf())


def test_the_report_is_filed_with_findings_level_and_the_pdf(login, auditor, planned):
    _judge_all(planned)
    response = _file(login(auditor), planned)
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.findings == "Alles aangetoond."
    assert planned.recommended_level == "trede_2"
    assert planned.report_filename == "Rapport Voorbeeld.pdf"
    assert planned.report_filed_at is not None
    planned.application.refresh_from_db()
    assert planned.application.state == State.REPORT_FILED
    assert planned.application.events.last().transition == "file_report"


def test_the_pdf_is_stored_outside_the_web_root_under_a_random_name(filed):
    name = filed.report_file.name
    assert name.startswith("audit/") and name.endswith(".pdf") and "Rapport" not in name
    path = Path(filed.report_file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert path.read_bytes() == PDF


@pytest.mark.parametrize(("upload", "message"), [
    (lambda: _pdf(b"<html><script>alert(1)</script></html>", name="rapport.pdf"),
     "Dit is geen pdf-bestand."),
    (lambda: _pdf(content_type="text/html"), "Dit is geen pdf-bestand."),
    (lambda: _pdf(b"PK\x03\x04 a zip in disguise", content_type="application/pdf"),
     "Dit is geen pdf-bestand."),
])
def test_a_file_that_is_not_a_pdf_is_refused(login, auditor, planned, upload, message):
    _judge_all(planned)
    response = _file(login(auditor), planned, report_file=upload())
    assert response.status_code == 400
    assert message in response.context["form"].errors["report_file"][0]
    planned.refresh_from_db()
    assert planned.report_filed_at is None and not planned.report_file
    assert planned.application.state == State.AUDIT_PLANNED


def test_a_pdf_above_the_size_limit_is_refused(login, auditor, planned):
    _judge_all(planned)
    too_big = _pdf(PDF + b"0" * (MAX_PDF_BYTES - len(PDF) + 1))
    response = _file(login(auditor), planned, report_file=too_big)
    assert response.status_code == 400
    assert response.context["form"].errors["report_file"] == [
        "Het bestand is groter dan 10 MB."]
    planned.refresh_from_db()
    assert planned.report_filed_at is None


def test_a_request_far_above_the_limit_is_refused_before_it_is_read(login, auditor, planned):
    _judge_all(planned)
    response = login(auditor).post(_url(planned), data=b"x", content_type="application/pdf",
                                   CONTENT_LENGTH=str(MAX_PDF_BYTES * 2))
    assert response.status_code == 413
    assert "Het bestand is groter dan 10 MB." in response.content.decode()


def test_the_recommended_level_cannot_be_above_the_audited_level(login, auditor, planned):
    _judge_all(planned)
    audit_correct(audit=planned, party=Party.INSTITUTION, user=auditor,
                  changes={"target_group[0].hours_per_week": "0"}, note="Niet in dienst.")
    planned.refresh_from_db()
    assert recommendable_levels(planned) == ["none", "aspirant", "basistrede", "trede_1"]
    response = _file(login(auditor), planned, recommended_level="trede_2")
    assert response.status_code == 400
    assert response.context["form"].errors["recommended_level"] == [
        "Kies een trede die niet hoger is dan de geauditeerde trede."]
    assert _file(login(auditor), planned, recommended_level="trede_1").status_code == 302


def test_the_service_itself_refuses_a_level_above_the_audited_one(planned, auditor):
    _judge_all(planned)
    audit_correct(audit=planned, party=Party.INSTITUTION, user=auditor,
                  changes={"target_group[0].hours_per_week": "0"}, note="Niet in dienst.")
    planned.refresh_from_db()
    with pytest.raises(AuditRefused) as refused:
        audit_report_file(audit=planned, party=Party.INSTITUTION, user=auditor,
                          findings="x", recommended_level="trede_2", upload=_pdf())
    assert [field for field, _message in refused.value.errors] == ["recommended_level"]
    planned.refresh_from_db()
    assert planned.report_filed_at is None and not planned.report_file


def test_a_level_whose_aspect_was_judged_not_met_cannot_be_recommended(planned):
    _judge_all(planned)
    planned.checks.filter(kind=AuditCheck.Kind.ASPECT, key="begeleiding").update(
        outcome=AuditCheck.Outcome.NOT_MET, note="Geen jobcoach.")
    assert recommendable_levels(planned) == ["none", "aspirant"]


def test_the_report_waits_for_the_whole_checklist(login, auditor, planned):
    response = _file(login(auditor), planned)
    assert response.status_code == 400
    assert "Beoordeel eerst de hele checklist" in str(response.context["form"].non_field_errors())
    planned.refresh_from_db()
    assert planned.report_filed_at is None


def test_the_report_cannot_be_filed_before_the_first_audit_day(application, auditor):
    later = timezone.localdate() + dt.timedelta(days=10)
    audit = audit_plan(application=application, first_day=later, last_day=later, user=auditor,
                       party=Party.INSTITUTION)
    _judge_all(audit)
    with pytest.raises(AuditRefused, match="vanaf de eerste auditdag"):
        audit_report_file(audit=audit, party=Party.INSTITUTION, user=auditor,
                          findings="x", recommended_level="trede_2", upload=_pdf())


def test_after_the_report_the_audit_is_closed(filed, auditor):
    with pytest.raises(AuditRefused, match="afgesloten"):
        audit_correct(audit=filed, party=Party.INSTITUTION, user=auditor,
                      changes={"workforce.total_fte": "60"}, note="Te laat.")


def test_the_uploaded_name_is_kept_only_as_a_display_name(login, auditor, planned):
    _judge_all(planned)
    name = "C:\\Users\\a\\../rap\x00port\n.pdf"
    assert _file(login(auditor), planned, report_file=_pdf(name=name)).status_code == 302
    planned.refresh_from_db()
    assert planned.report_filename == "rapport.pdf"
    assert "rapport" not in planned.report_file.name


def test_a_control_character_never_reaches_the_download_header(planned, auditor):
    # The test client cannot send one; a direct caller (an import, a script) could.
    _judge_all(planned)
    audit_report_file(audit=planned, party=Party.INSTITUTION, user=auditor, findings="x",
                      recommended_level="trede_2", upload=_pdf(name="rap\nport\x00.pdf"))
    planned.refresh_from_db()
    assert planned.report_filename == "rapport.pdf"


# -- download ----------------------------------------------------------------------------------


def test_every_party_downloads_the_report_as_an_attachment(login, alice, auditor, bo, filed):
    for user in (alice, auditor, bo):
        response = login(user).get(_url(filed, "audit_report_download"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="Rapport Voorbeeld.pdf"'
        assert response["Cache-Control"] == "no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF


def test_an_outsider_and_another_institution_get_404(login, charlie, otto, filed):
    for user in (charlie, otto):
        assert login(user).get(_url(filed, "audit_report_download")).status_code == 404


def test_there_is_nothing_to_download_before_the_report(login, alice, planned):
    assert login(alice).get(_url(planned, "audit_report_download")).status_code == 404


def test_the_application_page_links_the_report_and_shows_the_recommended_level(
    login, alice, filed
):
    content = login(alice).get(
        reverse("certification:application", args=[filed.application_id])).content.decode()
    assert _url(filed, "audit_report_download") in content
    assert "Geadviseerde trede" in content and "Trede 2" in content
