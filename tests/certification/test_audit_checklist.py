"""The auditor's checklist: an outcome and a note per aspect and per target-group row, sampled
rows first and the others folded away a page at a time (issue 10 §5). Persona: Audrey."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.assessments.selectors import ROWS_PER_PAGE
from psoportal.certification.audits import audit_plan, checklist_progress
from psoportal.certification.models import AuditCheck
from psoportal.certification.transitions import Party

pytestmark = pytest.mark.django_db

MET, NOT_MET, OPEN = AuditCheck.Outcome.MET, AuditCheck.Outcome.NOT_MET, AuditCheck.Outcome.OPEN


def _url(audit, **query):
    url = reverse("certification:audit_checklist", args=[audit.application_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _all(audit, outcome=MET, note=""):
    """The POST of the first page with every shown check set to `outcome`."""
    data = {}
    for check in audit.checks.all()[: ROWS_PER_PAGE]:
        data[f"outcome_{check.pk}"] = outcome
        data[f"note_{check.pk}"] = note
    return data


def test_the_auditor_records_an_outcome_and_a_note_per_check(login, auditor, planned):
    aspect = planned.checks.filter(kind=AuditCheck.Kind.ASPECT).first()
    data = _all(planned)
    data[f"outcome_{aspect.pk}"] = NOT_MET
    data[f"note_{aspect.pk}"] = "Geen plan voor begeleiding gezien."
    response = login(auditor).post(_url(planned), data)
    assert response.status_code == 302
    aspect.refresh_from_db()
    assert (aspect.outcome, aspect.note) == (NOT_MET, "Geen plan voor begeleiding gezien.")
    assert checklist_progress(planned).complete


def test_not_met_without_a_note_is_refused_and_nothing_is_saved(login, auditor, planned):
    aspect = planned.checks.filter(kind=AuditCheck.Kind.ASPECT).first()
    data = _all(planned)
    data[f"outcome_{aspect.pk}"] = NOT_MET
    response = login(auditor).post(_url(planned), data)
    assert response.status_code == 400
    assert response.context["form"].errors[f"note_{aspect.pk}"] == [
        "Licht toe waarom dit niet voldoet."]
    assert not planned.checks.exclude(outcome=OPEN).exists()


def test_the_page_shows_the_aspects_and_the_rows_with_their_figures(login, auditor, planned):
    content = login(auditor).get(_url(planned)).content.decode()
    assert "Passend werk" in content and "Begeleiding" in content
    assert "D-003" in content and "Doelgroepmedewerkers in de steekproef" in content
    assert reverse("certification:audit_correct_row", args=[planned.application_id, 2]) in content


def test_a_large_target_group_shows_the_sample_and_one_page_of_the_others(
    login, auditor, large_application
):
    today = timezone.localdate()
    audit = audit_plan(application=large_application, first_day=today, last_day=today,
                       user=auditor, party=Party.INSTITUTION)
    response = login(auditor).get(_url(audit))
    sampled = audit.checks.filter(sampled=True, kind=AuditCheck.Kind.EMPLOYEE).count()
    assert [e["check"].sampled for e in response.context["sampled"]] == [True] * sampled
    others = response.context["others"]
    assert len(others) == min(ROWS_PER_PAGE, 100 - sampled) and not others[0]["check"].sampled
    # The form holds the page's checks only: the aspects, the sample and one page of others.
    shown = len(response.context["aspects"]) + sampled + len(others)
    assert len(response.context["form"].fields) == 2 * shown
    assert not response.context["others_open"]
    second = login(auditor).get(_url(audit, pagina=2))
    assert second.context["others_open"]
    assert len(second.context["others"]) == 100 - sampled - ROWS_PER_PAGE


def test_a_check_of_another_page_is_left_alone(login, auditor, large_application):
    today = timezone.localdate()
    audit = audit_plan(application=large_application, first_day=today, last_day=today,
                       user=auditor, party=Party.INSTITUTION)
    last = audit.checks.filter(sampled=False).order_by("-id").first()
    data = {}
    for entry in login(auditor).get(_url(audit)).context["form"].checks:
        data[f"outcome_{entry[0].pk}"] = MET
    data[f"outcome_{last.pk}"] = MET  # not on page 1: ignored
    assert login(auditor).post(_url(audit), data).status_code == 302
    last.refresh_from_db()
    assert last.outcome == OPEN


def test_the_checklist_is_read_only_after_the_report(login, auditor, planned):
    from psoportal.certification.models import Application
    from psoportal.certification.transitions import State

    Application.objects.filter(pk=planned.application_id).update(state=State.REPORT_FILED)
    response = login(auditor).post(_url(planned), _all(planned))
    assert response.status_code == 400
    assert "De audit is afgesloten" in response.content.decode()
    assert not planned.checks.exclude(outcome=OPEN).exists()


def test_the_checklist_before_planning_sends_the_auditor_to_the_days(login, auditor,
                                                                    application):
    response = login(auditor).get(
        reverse("certification:audit_checklist", args=[application.pk]))
    assert response.status_code == 302
    assert response.url == reverse("certification:audit", args=[application.pk])


def test_moving_the_days_keeps_judgements_made_on_the_page(login, auditor, planned):
    login(auditor).post(_url(planned), _all(planned))
    later = timezone.localdate() + dt.timedelta(days=5)
    login(auditor).post(reverse("certification:audit", args=[planned.application_id]),
                        {"first_day": later.isoformat(), "last_day": later.isoformat()})
    assert not planned.checks.filter(outcome=OPEN).exists()


def test_the_page_costs_the_same_queries_for_three_rows_and_for_a_hundred(
    login, auditor, planned, large_application
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    large = audit_plan(application=large_application, first_day=today, last_day=today,
                       user=auditor, party=Party.INSTITUTION)
    client = login(auditor)
    counts = []
    for audit in (planned, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(audit)).status_code == 200
        counts.append(len(queries))
    # Only the page of rows not in the sample is fetched in addition (Z = 3 has none).
    assert counts[1] <= counts[0] + 1
