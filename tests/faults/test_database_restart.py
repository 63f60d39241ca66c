"""PostgreSQL restarted while people use the portal: requests during the outage get the
portal's own Dutch error page, 503 (never a stack trace or a bare proxy error), and once PostgreSQL
is back the same gunicorn workers serve again, without a restart and without a failed first
request (their kept connections are checked before reuse: CONN_HEALTH_CHECKS)."""

from __future__ import annotations

import http.client
import threading
import time

import pytest

from tests.faults.client import Client, Response

pytestmark = pytest.mark.faults

SESSION_COOKIE = "__Host-sessionid"
LEAKS = ("Traceback", "OperationalError", "psycopg", "5440", "File \"/")


def _pages(seeded: dict) -> list[tuple[dict, str]]:
    logged_in = {SESSION_COOKIE: seeded["session"]}
    return [({}, "/"), ({}, "/register/"), (logged_in, "/mijnpso/"),
            (logged_in, f"/mijnpso/rekentool/{seeded['rekentool']}/aanvraag/")]


def _round(port: int, seeded: dict) -> list[Response]:
    return [Client(port, cookies).get(path) for cookies, path in _pages(seeded)]


def _assert_friendly(response: Response) -> None:
    assert response.status in (500, 503), (response.status, response.body[:300])
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="nl">' in response.body
    assert "Er ging iets mis" in response.body
    for leak in LEAKS:
        assert leak not in response.body


class Users(threading.Thread):
    """People clicking on: one page after the other until stopped; every answer kept."""

    def __init__(self, port: int, seeded: dict):
        super().__init__(daemon=True)
        self.port, self.seeded = port, seeded
        self.answers: list[Response | BaseException] = []
        self.stopped = threading.Event()
        self.start()

    def run(self) -> None:
        while not self.stopped.is_set():
            for cookies, path in _pages(self.seeded):
                try:
                    self.answers.append(Client(self.port, cookies).get(path))
                except (OSError, http.client.HTTPException) as exc:
                    self.answers.append(exc)

    def stop(self) -> list[Response | BaseException]:
        self.stopped.set()
        self.join(timeout=30)
        return self.answers


def test_a_restart_of_postgresql_costs_no_request_and_needs_no_restart_of_gunicorn(
        server, cluster, seed):
    seeded = seed("applicant", "pg-restart")
    # Every worker has served requests and keeps its database connection (CONN_MAX_AGE).
    for _ in range(3):
        assert [r.status for r in _round(server.port, seeded)] == [200] * 4
    workers = sorted(server.workers())

    cluster.stop()
    cluster.start()

    # The kept connections are dead now; not one request may notice.
    for _ in range(3):
        assert [r.status for r in _round(server.port, seeded)] == [200] * 4
    assert sorted(server.workers()) == workers


def test_users_during_an_outage_see_the_dutch_error_page_and_are_served_again_after_it(
        server, cluster, seed):
    seeded = seed("applicant", "pg-outage")
    workers = sorted(server.workers())
    users = [Users(server.port, seeded) for _ in range(3)]
    time.sleep(0.5)
    cluster.stop()
    during = _round(server.port, seeded)
    health_during = Client(server.port).get("/healthz")
    time.sleep(1)
    cluster.start()
    time.sleep(0.5)
    answers = [answer for user in users for answer in user.stop()]

    for response in during:
        _assert_friendly(response)
        # Unreachable, not broken: a proxy or monitor is told to try again (core/views.py).
        assert response.status == 503
        assert response.headers["retry-after"] == "60"
    # The monitoring endpoint says what is wrong, in JSON, without details.
    assert health_during.status == 503
    assert health_during.body == '{"status": "error", "database": "unreachable"}'
    assert Client(server.port).get("/healthz").status == 200
    errors = [a for a in answers if isinstance(a, BaseException)]
    assert errors == [], errors[:3]
    failed = [a for a in answers if a.status not in (200, 302)]
    assert failed, "no request fell into the outage"
    for response in failed:
        _assert_friendly(response)

    assert [r.status for r in _round(server.port, seeded)] == [200] * 4
    assert sorted(server.workers()) == workers
