"""Planning the audit: the days, the report's due date from the handbook, and the checklist
with its sample, built once (issue 10 §5). Persona: Audrey, auditor of the accepted quote."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.audits import AuditRefused, audit_plan, audit_sample
from psoportal.certification.models import Audit, AuditCheck
from psoportal.certification.transitions import Party, State
from psoportal.methodology.handbook import handbook_get

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _plan(client, application, first, last):
    return client.post(reverse("certification:audit", args=[application.pk]),
                       {"first_day": first, "last_day": last})


def test_planning_sets_the_days_and_the_report_due_date_of_the_handbook(
    login, auditor, application
):
    first, last = TODAY() + dt.timedelta(days=7), TODAY() + dt.timedelta(days=8)
    response = _plan(login(auditor), application, first.isoformat(), last.strftime("%d-%m-%Y"))
    assert response.status_code == 302
    audit = Audit.objects.get(application=application)
    due_days = handbook_get(application.handbook_version).audit.report_due_days
    assert (audit.first_day, audit.last_day) == (first, last)
    assert audit.report_due == last + dt.timedelta(days=due_days)
    assert audit.planned_by == auditor
    application.refresh_from_db()
    assert application.state == State.AUDIT_PLANNED


def test_planning_builds_the_checklist_of_the_level_and_every_target_group_row(planned):
    handbook = handbook_get(planned.application.handbook_version)
    aspects = planned.checks.filter(kind=AuditCheck.Kind.ASPECT)
    assert sorted(aspects.values_list("key", flat=True)) == sorted(
        a.code for a in handbook.aspects_for("trede_2"))
    rows = planned.checks.filter(kind=AuditCheck.Kind.EMPLOYEE).order_by("id")
    assert [(c.key, c.label) for c in rows] == [("0", "D-001"), ("1", "D-002"), ("2", "D-003")]
    # Z = 3 is below every sample size: all rows are in the sample.
    assert all(check.sampled for check in rows)


def test_the_sample_has_the_handbook_size_for_z_and_is_the_same_every_time(
    large_application, auditor
):
    handbook = handbook_get(large_application.handbook_version)
    z = large_application.result["z"]
    assert z == 100
    audit = audit_plan(application=large_application, first_day=TODAY(), last_day=TODAY(),
                       user=auditor, party=Party.INSTITUTION)
    sampled = audit.checks.filter(kind=AuditCheck.Kind.EMPLOYEE, sampled=True)
    assert sampled.count() == handbook.audit.sample_size(z) < z
    assert audit.checks.filter(kind=AuditCheck.Kind.EMPLOYEE).count() == z
    # Seeded by the application: reproducible.
    keys = sorted(int(k) for k in sampled.values_list("key", flat=True))
    assert keys == audit_sample(large_application, handbook)
    assert keys == audit_sample(large_application, handbook)


def test_moving_the_days_keeps_the_checklist_and_what_was_recorded(planned, auditor):
    check = planned.checks.filter(kind=AuditCheck.Kind.ASPECT).first()
    AuditCheck.objects.filter(pk=check.pk).update(outcome=AuditCheck.Outcome.MET, note="Gezien.")
    ids = set(planned.checks.values_list("pk", flat=True))
    later = TODAY() + dt.timedelta(days=20)
    audit = audit_plan(application=planned.application, first_day=later, last_day=later,
                       user=auditor, party=Party.INSTITUTION)
    assert audit.pk == planned.pk and audit.first_day == later
    assert set(audit.checks.values_list("pk", flat=True)) == ids
    check.refresh_from_db()
    assert (check.outcome, check.note) == (AuditCheck.Outcome.MET, "Gezien.")
    handbook = handbook_get(planned.application.handbook_version)
    assert audit.report_due == later + dt.timedelta(days=handbook.audit.report_due_days)


@pytest.mark.parametrize(("first", "last", "field", "message"), [
    (-1, 0, "first_day", "De eerste auditdag ligt vóór de indiening van de aanvraag"),
    (3, 2, "last_day", "De laatste auditdag ligt vóór de eerste auditdag."),
    (0, 400, "last_day", "Plan de audit binnen een jaar"),
])
def test_days_out_of_bounds_are_refused_with_a_dutch_field_error_and_nothing_planned(
    login, auditor, application, first, last, field, message
):
    response = _plan(login(auditor), application,
                     (TODAY() + dt.timedelta(days=first)).isoformat(),
                     (TODAY() + dt.timedelta(days=last)).isoformat())
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert not Audit.objects.filter(application=application).exists()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_a_date_that_is_no_date_is_refused_in_dutch(login, auditor, application):
    response = _plan(login(auditor), application, "morgen", TODAY().isoformat())
    assert response.status_code == 400
    assert response.context["form"].errors["first_day"] == ["Vul een datum in als dd-mm-jjjj."]


def test_the_service_refuses_days_before_the_submission(application, auditor):
    with pytest.raises(AuditRefused) as refused:
        audit_plan(application=application, first_day=TODAY() - dt.timedelta(days=1),
                   last_day=TODAY(), user=auditor, party=Party.INSTITUTION)
    assert refused.value.errors[0][0] == "first_day"


def test_the_days_cannot_move_once_the_report_is_filed(planned, auditor):
    from psoportal.certification.models import Application

    Application.objects.filter(pk=planned.application_id).update(state=State.REPORT_FILED)
    application = Application.objects.get(pk=planned.application_id)
    with pytest.raises(AuditRefused, match="auditrapport ingediend"):
        audit_plan(application=application, first_day=TODAY(), last_day=TODAY(), user=auditor,
                   party=Party.INSTITUTION)


def test_the_application_page_shows_the_audit_facts_to_every_party(
    login, alice, auditor, bo, planned
):
    url = reverse("certification:application", args=[planned.application_id])
    for user in (alice, auditor, bo):
        content = login(user).get(url).content.decode()
        assert planned.report_due.strftime("%d-%m-%Y") in content
        assert planned.first_day.strftime("%d-%m-%Y") in content
    workspace = reverse("certification:audit", args=[planned.application_id])
    assert workspace in login(auditor).get(url).content.decode()
    assert workspace not in login(alice).get(url).content.decode()
    assert workspace not in login(bo).get(url).content.decode()


def test_the_application_page_says_when_the_audit_is_not_planned_yet(login, alice, application):
    content = login(alice).get(
        reverse("certification:application", args=[application.pk])).content.decode()
    assert "De certificerende instelling heeft de audit nog niet gepland." in content
