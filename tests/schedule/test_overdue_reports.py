"""Overdue audit reports (issue 11 §4): the day after the report's due date the certifying
institution's members and PSO-Nederland are told once per audit, not the applicant."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from psoportal.certification.audits import audit_report_file
from psoportal.certification.models import Audit, AuditCheck, Notification
from psoportal.certification.transitions import Party
from psoportal.schedule.overdue import TEMPLATE, overdue_reports_flag

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _rows():
    return Notification.objects.filter(template=TEMPLATE)


def test_a_report_due_today_is_not_flagged(overdue):
    assert overdue_reports_flag(overdue.report_due) == 0
    assert not _rows().exists()


def test_an_overdue_report_is_flagged_once_to_the_institution_and_pso_nederland(
    overdue, auditor, bo, alice, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_reports_flag(today) == 1
        assert overdue_reports_flag(today) == 0
        assert overdue_reports_flag(today + 3 * DAY) == 0
    assert sorted(_rows().values_list("recipient__email", "context__party")) == sorted([
        (auditor.email, Party.INSTITUTION), (bo.email, Party.PSO_NEDERLAND)])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([auditor.email, bo.email])
    [to_ci] = [m for m in mail.outbox if m.to == [auditor.email]]
    assert to_ci.subject == "Auditrapport van Voorbeeld B.V. is te laat"
    assert overdue.report_due.strftime("%d-%m-%Y") in to_ci.body
    assert f"/aanvraag/{overdue.application_id}/audit/" in to_ci.body
    assert "Dien het rapport zo snel mogelijk in" in to_ci.body


def test_moved_audit_days_that_pass_again_are_flagged_once_more(overdue):
    today = timezone.localdate()
    assert overdue_reports_flag(today) == 1
    Audit.objects.filter(pk=overdue.pk).update(report_due=today + 5 * DAY)
    assert overdue_reports_flag(today + 5 * DAY) == 0
    assert overdue_reports_flag(today + 6 * DAY) == 1
    assert overdue_reports_flag(today + 7 * DAY) == 0


def test_a_filed_report_is_not_flagged(overdue, auditor):
    overdue.checks.update(outcome=AuditCheck.Outcome.MET)
    audit_report_file(audit=overdue, party=Party.INSTITUTION, user=auditor, findings="Gedaan.",
                      recommended_level=overdue.application.result["level"],
                      upload=SimpleUploadedFile("r.pdf", b"%PDF-1.7\n", "application/pdf"))
    assert overdue_reports_flag(timezone.localdate()) == 0
