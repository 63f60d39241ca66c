"""A large rekentool is scored by the worker after a change; its step pages answer at once with
the previous result, marked, and say when the new one is ready (selectors.rekentool_evaluate)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from psoportal.assessments import selectors
from psoportal.assessments.models import Rekentool
from psoportal.assessments.tasks import rekentool_score

pytestmark = pytest.mark.django_db

NOTICE = "Uw laatste wijziging wordt doorgerekend"
NEW_EMPLOYEE = {
    "version": "1", "ref": "D-010", "category": "wajong", "contract": "regular",
    "hours_per_week": "36", "employed_from": "2023-01-01",
}


@pytest.fixture
def large(monkeypatch, settings):
    """The fixture rekentool (3 employees) counts as large; queued work waits for a worker."""
    monkeypatch.setattr(selectors, "BACKGROUND_SCORING_ROWS", 3)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}




def _add_employee(client, rekentool, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mijnpso:target_group", args=[rekentool.pk]),
                               NEW_EMPLOYEE)
    assert response.status_code == 302


def test_after_a_change_the_page_shows_the_previous_result_while_the_worker_scores(
    login, alice, rekentool, large, engine_calls, django_capture_on_commit_callbacks
):
    client = login(alice)
    result = reverse("mijnpso:result", args=[rekentool.pk])
    status = reverse("mijnpso:score_status", args=[rekentool.pk])
    assert NOTICE not in client.get(result).content.decode()  # scored by the page: no result yet
    assert len(engine_calls) == 1

    _add_employee(client, rekentool, django_capture_on_commit_callbacks)
    assert [r.args for r in default_task_backend.results] == [[rekentool.pk]]
    page = client.get(result).content.decode()
    assert NOTICE in page
    assert 'hx-get="' + status + '"' in page
    assert len(engine_calls) == 1  # neither the POST nor the page ran the engine
    assert client.get(status).status_code == 204  # not ready: htmx keeps asking

    rekentool_score.call(rekentool.pk)  # what the worker does
    assert len(engine_calls) == 2
    ready = client.get(status)
    assert ready.status_code == 200
    assert "De uitkomst met uw laatste wijziging is klaar." in ready.content.decode()
    assert NOTICE not in client.get(result).content.decode()
    assert len(engine_calls) == 2


def test_a_small_rekentool_is_scored_by_the_page_that_follows_a_change(
    login, alice, rekentool, settings, engine_calls, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = login(alice)
    result = reverse("mijnpso:result", args=[rekentool.pk])
    client.get(result)
    _add_employee(client, rekentool, django_capture_on_commit_callbacks)
    assert default_task_backend.results == []
    assert NOTICE not in client.get(result).content.decode()
    assert len(engine_calls) == 2


def test_when_no_worker_has_scored_in_time_the_page_scores_itself(
    login, alice, rekentool, large, engine_calls, django_capture_on_commit_callbacks
):
    client = login(alice)
    result = reverse("mijnpso:result", args=[rekentool.pk])
    client.get(result)
    _add_employee(client, rekentool, django_capture_on_commit_callbacks)
    late = timezone.now() - selectors.BACKGROUND_SCORING_GRACE - dt.timedelta(seconds=1)
    Rekentool.objects.filter(pk=rekentool.pk).update(updated_at=late)
    # The notice of a page opened earlier stops waiting and offers the reload ...
    status = client.get(reverse("mijnpso:score_status", args=[rekentool.pk]))
    assert status.status_code == 200
    assert len(engine_calls) == 1
    # ... which scores.
    assert NOTICE not in client.get(result).content.decode()
    assert len(engine_calls) == 2


def test_step_5_saves_answers_for_the_level_of_the_data_as_it_is_now(
    login, alice, rekentool, large, engine_calls, all_yes, django_capture_on_commit_callbacks
):
    client = login(alice)
    client.get(reverse("mijnpso:result", args=[rekentool.pk]))
    _add_employee(client, rekentool, django_capture_on_commit_callbacks)
    url = reverse("mijnpso:qualitative", args=[rekentool.pk])
    assert NOTICE in client.get(url).content.decode()  # reading may show the previous result
    assert len(engine_calls) == 1
    rekentool.refresh_from_db()
    client.post(url, {"version": rekentool.version})
    assert len(engine_calls) == 2  # saving does not


def test_exports_and_the_pdf_never_use_the_previous_result(
    login, alice, rekentool, large, engine_calls, django_capture_on_commit_callbacks
):
    client = login(alice)
    client.get(reverse("mijnpso:result", args=[rekentool.pk]))
    _add_employee(client, rekentool, django_capture_on_commit_callbacks)
    rekentool.refresh_from_db()
    evaluation = selectors.rekentool_evaluate(rekentool)
    assert evaluation.stale is False
    assert evaluation.employee_count == 4
    assert len(engine_calls) == 2


def test_an_outsider_cannot_ask_for_the_score_status(login, charlie, rekentool):
    response = login(charlie).get(reverse("mijnpso:score_status", args=[rekentool.pk]))
    assert response.status_code == 404


# The worker closes its database connections after a batch, as a real one does: the test must
# not run inside one transaction.
@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_its_worker_score_the_change(
    login, alice, rekentool, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    monkeypatch.setattr(selectors, "BACKGROUND_SCORING_ROWS", 3)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = login(alice)
    client.get(reverse("mijnpso:result", args=[rekentool.pk]))
    _add_employee(client, rekentool, django_capture_on_commit_callbacks)
    status = reverse("mijnpso:score_status", args=[rekentool.pk])
    assert client.get(status).status_code == 204
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert client.get(status).status_code == 200
