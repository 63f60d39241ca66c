"""Overdue audit reports: past their due date, not filed, still in audit. Shown to the
certifying institution in its workspace (its own only) and on the application page to every
party; the selector is PSO-Nederland's too (issue 10 §5)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.audits import (
    audit_report_file,
    overdue_audits,
    overdue_audits_for_institution_user,
)
from psoportal.certification.models import Application, Audit, AuditCheck
from psoportal.certification.transitions import Party, State

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _due(audit, days_from_today):
    Audit.objects.filter(pk=audit.pk).update(
        report_due=TODAY() + dt.timedelta(days=days_from_today))
    audit.refresh_from_db()
    return audit


def test_an_audit_past_its_due_date_is_overdue_and_one_due_today_is_not(planned):
    assert list(overdue_audits(TODAY())) == []
    _due(planned, 0)
    assert list(overdue_audits(TODAY())) == []
    _due(planned, -1)
    assert list(overdue_audits(TODAY())) == [planned]


def test_a_filed_report_is_never_overdue(planned, auditor):
    _due(planned, -1)
    planned.checks.update(outcome=AuditCheck.Outcome.MET)
    audit_report_file(audit=planned, party=Party.INSTITUTION, user=auditor, findings="Gedaan.",
                      recommended_level="trede_2",
                      upload=SimpleUploadedFile("r.pdf", b"%PDF-1.7\n", "application/pdf"))
    assert list(overdue_audits(TODAY())) == []


def test_a_cancelled_application_has_no_overdue_report(planned):
    _due(planned, -1)
    Application.objects.filter(pk=planned.application_id).update(state=State.CANCELLED)
    assert list(overdue_audits(TODAY())) == []


def test_the_institution_sees_its_own_overdue_reports_linked_to_the_audit(
    login, auditor, otto, planned
):
    _due(planned, -3)
    content = login(auditor).get(reverse("certification:institution")).content.decode()
    assert "Te late auditrapporten" in content
    assert reverse("certification:audit", args=[planned.application_id]) in content
    assert list(overdue_audits_for_institution_user(auditor, TODAY())) == [planned]
    assert list(overdue_audits_for_institution_user(otto, TODAY())) == []
    assert "Te late auditrapporten" not in login(otto).get(
        reverse("certification:institution")).content.decode()


def test_the_application_page_warns_every_party_of_an_overdue_report(
    login, alice, auditor, bo, planned
):
    _due(planned, -3)
    url = reverse("certification:application", args=[planned.application_id])
    for user in (alice, auditor, bo):
        assert "Het auditrapport is te laat" in login(user).get(url).content.decode()


def test_no_warning_while_the_report_is_not_yet_due(login, bo, planned):
    url = reverse("certification:application", args=[planned.application_id])
    assert "Het auditrapport is te laat" not in login(bo).get(url).content.decode()


def test_pso_nederland_sees_every_overdue_report_in_its_workspace_linked_to_the_application(
    login, bo, planned
):
    workspace = reverse("certification:pso_workspace")
    assert "Te late auditrapporten" not in login(bo).get(workspace).content.decode()
    _due(planned, -3)
    content = login(bo).get(workspace).content.decode()
    assert "Te late auditrapporten" in content
    assert reverse("certification:application", args=[planned.application_id]) in content
    # Bo has no audit workspace (404 there): the link goes to the application page.
    assert reverse("certification:audit", args=[planned.application_id]) not in content
