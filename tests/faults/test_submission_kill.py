"""A gunicorn worker killed (SIGKILL) in the middle of submitting the definitive application
(step 6): the application then exists exactly once or not at all, never half (its frozen
pso-assessment/1 document, its event, its outbox rows and the rekentool's freeze go together),
and sending the same form again works."""

from __future__ import annotations

import http.client
import os
import signal

import pytest

from tests.faults.client import Client
from tests.faults.cluster import wait_until
from tests.faults.kills import InFlight, backend_gone, wait_for_blocked
from tests.faults.outbox import owed_and_delivered
from tests.faults.processes import manage_run, process_gone

pytestmark = pytest.mark.faults

SESSION_COOKIE = "__Host-sessionid"


def _submission(client: Client, rekentool: int, key: str):
    token = client.csrf_token(f"/mijnpso/rekentool/{rekentool}/aanvraag/")
    fields = {"csrfmiddlewaretoken": token, "submission_key": key, "turnover": "1000000",
              "authorised": "on", "agreement_accepted": "on"}
    return lambda: client.post(f"/mijnpso/rekentool/{rekentool}/aanvraag/indienen/", fields)


def _state(sql, seeded: dict, key: str) -> dict:
    [(frozen,)] = sql("SELECT frozen_at IS NOT NULL FROM assessments_rekentool WHERE id = %s",
                      seeded["rekentool"])
    applications = sql("SELECT id, state, document::text FROM certification_application "
                       "WHERE submission_key = %s", key)
    ids = [row[0] for row in applications]
    [(events,)] = sql("SELECT count(*) FROM certification_applicationevent "
                      "WHERE application_id = ANY(%s)", ids)
    [(outbox,)] = sql("SELECT count(*) FROM certification_notification "
                      "WHERE application_id = ANY(%s)", ids)
    [(all_of_organisation,)] = sql(
        "SELECT count(*) FROM certification_application WHERE organisation_id = %s",
        seeded["organisation"])
    return {"applications": applications, "frozen": frozen, "events": events,
            "outbox": outbox, "organisation_applications": all_of_organisation}


def _kill_worker_of(server, sql, query_start: str, what: str) -> tuple[int, int]:
    backend, client_port = wait_for_blocked(sql, query_start, what)
    worker = server.worker_with_local_port(client_port)
    os.kill(worker, signal.SIGKILL)
    wait_until(lambda: process_gone(worker), what="the killed worker to be gone")
    return backend, worker


def _assert_whole(state: dict) -> int:
    [(application_id, status, document)] = state["applications"]
    assert status == "submitted"
    assert '"pso-assessment/1"' in document or "pso-assessment" in document
    assert state["frozen"] is True
    assert state["events"] == 1
    # The confirmation to the submitter, the institution's auditor and PSO-Nederland.
    assert state["outbox"] == 3
    assert state["organisation_applications"] == 1
    return application_id


def test_a_worker_killed_before_the_commit_leaves_no_application_and_the_retry_submits_it(
        server, seed, sql, locker):
    seeded = seed("applicant", "before-commit")
    client = Client(server.port, {SESSION_COOKIE: seeded["session"]})
    submit = _submission(client, seeded["rekentool"], "kill-before-commit")
    # The freeze of the rekentool comes after the application row, its event and the outbox
    # rows were written; holding the rekentool's row stops the submission right there.
    hold = locker()
    hold.execute("SELECT 1 FROM assessments_rekentool WHERE id = %s FOR UPDATE",
                 (seeded["rekentool"],))
    request = InFlight(submit)
    backend, worker = _kill_worker_of(server, sql, 'UPDATE "assessments_rekentool"',
                                      "the submission")
    hold.rollback()
    request.join(timeout=10)
    assert isinstance(request.error, (http.client.RemoteDisconnected, ConnectionError)), (
        request.response)
    wait_until(lambda: backend_gone(sql, backend), what="PostgreSQL to end the dead session")

    nothing = _state(sql, seeded, "kill-before-commit")
    assert nothing == {"applications": [], "frozen": False, "events": 0, "outbox": 0,
                       "organisation_applications": 0}

    # gunicorn replaced the worker; the same form, sent again, submits.
    wait_until(lambda: len(server.workers()) == 2 and worker not in server.workers(),
               what="gunicorn to start a new worker")
    retried = submit()
    assert retried.status == 302, retried.body[:500]
    application_id = _assert_whole(_state(sql, seeded, "kill-before-commit"))
    assert retried.location == f"/mijnpso/aanvraag/{application_id}/"


def test_a_worker_killed_after_the_commit_leaves_the_whole_application_once(
        server, seed, sql, locker, sink, env):
    seeded = seed("applicant", "after-commit")
    client = Client(server.port, {SESSION_COOKIE: seeded["session"]})
    submit = _submission(client, seeded["rekentool"], "kill-after-commit")
    # After the commit the e-mails are queued for the worker (a task row each): blocking
    # that insert stops the request between its commit and its answer.
    hold = locker()
    hold.execute("LOCK TABLE django_tasks_database_dbtaskresult IN EXCLUSIVE MODE")
    request = InFlight(submit)
    backend, _worker = _kill_worker_of(server, sql,
                                       'INSERT INTO "django_tasks_database_dbtaskresult"',
                                       "the submission's e-mail tasks")
    hold.rollback()
    request.join(timeout=10)
    assert request.response is None, request.response
    wait_until(lambda: backend_gone(sql, backend), what="PostgreSQL to end the dead session")

    application_id = _assert_whole(_state(sql, seeded, "kill-after-commit"))
    # The user saw no answer and sends the form again: the same application, not a second.
    retried = submit()
    assert retried.status == 302, retried.body[:500]
    assert retried.location == f"/mijnpso/aanvraag/{application_id}/"
    assert _assert_whole(_state(sql, seeded, "kill-after-commit")) == application_id
    # The e-mails whose tasks died with the worker are still in the outbox, unsent; the
    # scheduler's outbox retry (send_outbox is the same) sends each once.
    unsent = sql("SELECT count(*) FROM certification_notification "
                 "WHERE application_id = %s AND sent_at IS NULL", application_id)
    assert unsent == [(3,)]
    manage_run(["send_outbox"], env)
    assert sql("SELECT count(*) FROM certification_notification "
               "WHERE application_id = %s AND sent_at IS NULL", application_id) == [(0,)]
    # Each person of this scenario got each of their e-mails once (the quote's included).
    owed, delivered = owed_and_delivered(sql, sink, "after-commit")
    assert delivered == owed
