"""Stopping a process at a known point: a test session holds a lock the process needs, the
test waits until PostgreSQL shows the process waiting on it, then kills the process."""

from __future__ import annotations

import threading

from tests.faults.cluster import wait_until


def backend_waiting(sql, query_start: str) -> tuple[int, int] | None:
    """(backend pid, client port) of a session blocked on a lock in a statement that starts
    with `query_start`, or None."""
    rows = sql(
        "SELECT pid, client_port FROM pg_stat_activity "
        "WHERE wait_event_type = 'Lock' AND query LIKE %s", query_start + "%")
    return rows[0] if rows else None


def wait_for_blocked(sql, query_start: str, what: str) -> tuple[int, int]:
    return wait_until(lambda: backend_waiting(sql, query_start), timeout=30,
                      what=f"{what} to block on the held lock")


def backend_gone(sql, pid: int) -> bool:
    return not sql("SELECT 1 FROM pg_stat_activity WHERE pid = %s", pid)


class InFlight(threading.Thread):
    """A request sent from a thread, so the test can kill the server while it waits."""

    def __init__(self, call):
        super().__init__(daemon=True)
        self.call = call
        self.response = None
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.response = self.call()
        except BaseException as exc:  # the connection dies with the worker
            self.error = exc


def freeze_when(pid: int, condition, *, timeout: float = 60, what: str = "the moment") -> None:
    """Stop the process (SIGSTOP) at a moment `condition()` holds, and leave it stopped.

    The process is stopped before each look, so what PostgreSQL shows cannot move on while the
    test decides: a stopped client sends no COMMIT. When the moment has not come yet, it runs
    on for a few milliseconds and the test looks again."""
    import os
    import signal
    import time

    deadline = time.monotonic() + timeout
    while True:
        os.kill(pid, signal.SIGSTOP)
        # Looked at twice, a moment apart: a statement the client sent just before it stopped
        # (a COMMIT) has been taken up by then and would change what the second look sees.
        if condition() and (time.sleep(0.2) or condition()):
            return
        os.kill(pid, signal.SIGCONT)
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)
