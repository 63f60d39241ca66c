"""Only the certifying institution of the accepted quote works in the audit workspace: the
applicant, PSO-Nederland, another institution and an outsider get 404 on every page and
every write (issue 10 §5); the services refuse any other party as well."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.audits import (
    AuditRefused,
    audit_checks_save,
    audit_correct,
    audit_plan,
    audit_report_file,
)
from psoportal.certification.models import Audit, AuditCheck
from psoportal.certification.transitions import Party, State

pytestmark = pytest.mark.django_db

PAGES = ["audit", "audit_checklist", "audit_corrections", "audit_report"]


def _posts(audit):
    today = timezone.localdate().isoformat()
    check = audit.checks.first()
    pk = audit.application_id
    return [
        (reverse("certification:audit", args=[pk]), {"first_day": today, "last_day": today}),
        (reverse("certification:audit_checklist", args=[pk]),
         {f"outcome_{check.pk}": "met", f"note_{check.pk}": ""}),
        (reverse("certification:audit_corrections", args=[pk]),
         {"total_fte": "60", "average_headcount": "55", "sw_seconded_out_fte": "0",
          "note": "x"}),
        (reverse("certification:audit_correct_row", args=[pk, 0]),
         {"category": "wia", "contract": "regular", "hours_per_week": "0",
          "employed_from": "2018-01-01", "note": "x"}),
        (reverse("certification:audit_report", args=[pk]),
         {"findings": "x", "recommended_level": "trede_2",
          "report_file": SimpleUploadedFile("r.pdf", b"%PDF-1.7", "application/pdf")}),
    ]


@pytest.mark.parametrize("persona", ["alice", "bo", "otto", "charlie"])
def test_everyone_but_the_applications_institution_gets_404(request, login, planned, persona):
    client = login(request.getfixturevalue(persona))
    for name in PAGES:
        assert client.get(reverse(f"certification:{name}",
                                  args=[planned.application_id])).status_code == 404, name
    for url, data in _posts(planned):
        assert client.post(url, data).status_code == 404, url
    planned.refresh_from_db()
    assert not planned.corrections.exists() and planned.report_filed_at is None
    assert not planned.checks.exclude(outcome=AuditCheck.Outcome.OPEN).exists()


def test_the_applications_institution_reaches_every_page(login, auditor, planned):
    client = login(auditor)
    for name in PAGES:
        assert client.get(reverse(f"certification:{name}",
                                  args=[planned.application_id])).status_code == 200, name


def test_the_applicant_and_pso_nederland_cannot_plan_an_audit(login, alice, bo, application):
    today = timezone.localdate().isoformat()
    for user in (alice, bo):
        response = login(user).post(reverse("certification:audit", args=[application.pk]),
                                    {"first_day": today, "last_day": today})
        assert response.status_code == 404
    assert not Audit.objects.exists()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


@pytest.mark.parametrize("party", [Party.APPLICANT, Party.PSO_NEDERLAND])
def test_the_services_refuse_any_other_party(planned, alice, party):
    today = timezone.localdate()
    check = planned.checks.first()
    calls = [
        lambda: audit_plan(application=planned.application, first_day=today,
                           last_day=today + dt.timedelta(days=3), user=alice, party=party),
        lambda: audit_checks_save(audit=planned, party=party, user=alice,
                                  outcomes={check.pk: ("met", "")}),
        lambda: audit_correct(audit=planned, party=party, user=alice,
                              changes={"workforce.total_fte": "60"}, note="x"),
        lambda: audit_report_file(audit=planned, party=party, user=alice, findings="x",
                                  recommended_level="trede_2", upload=None),
    ]
    for call in calls:
        with pytest.raises(AuditRefused, match="voorbehouden aan de certificerende instelling"):
            call()
    planned.refresh_from_db()
    assert planned.last_day == today + dt.timedelta(days=1)
    assert not planned.corrections.exists()
