"""The task worker and the scheduler killed (SIGKILL) in the middle of their work: after a
restart no invoice and no e-mail is lost or made twice.

- The scheduler is killed while it issues the invoices due (the job `invoices_issue`: one
  transaction for the day), after some were written and before the commit: nothing of that
  run remains, and the next run issues every invoice once, numbered without a gap.
- The worker and then the scheduler's outbox retry are each killed while an e-mail is being
  handed to the mail server (it has the message but has not accepted it): after the restart
  every outbox row is sent, and the mail server holds exactly one message per row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests.faults.cluster import wait_until
from tests.faults.kills import backend_gone, freeze_when
from tests.faults.outbox import outbox_rows, owed_and_delivered
from tests.faults.processes import manage_run

pytestmark = pytest.mark.faults


def _issuing(sql) -> int | None:
    """The backend of a session inside a transaction that has inserted invoices and waits for
    its client (so has not been asked to commit), or None."""
    rows = sql("SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid "
               "JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'billing_invoice' "
               "AND l.mode = 'RowExclusiveLock' AND a.state = 'idle in transaction'")
    return rows[0][0] if rows else None


def _invoices(sql) -> list[tuple]:
    return sql("SELECT number, application_id, kind, period FROM billing_invoice ORDER BY number")


def test_a_scheduler_killed_while_issuing_invoices_leaves_none_and_the_rerun_issues_each_once(
        seed, sql, processes, env):
    applications = seed("submitted", "invoices", 6, 1)["applications"]
    # First-year invoices fall due some weeks after the submission: the scheduler runs as on
    # that day (--as-of, as an operator catching up would).
    as_of = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    before = _invoices(sql)
    scheduler = processes("run_schedule", "--as-of", as_of)
    # Stopped when its open transaction has written invoices and has not asked to commit
    # (its session idles inside the transaction), then killed there.
    freeze_when(scheduler.pid, lambda: _issuing(sql), what="the scheduler to issue invoices")
    backend = _issuing(sql)
    scheduler.kill()
    wait_until(lambda: backend_gone(sql, backend), what="PostgreSQL to end the dead session")

    assert _invoices(sql) == before
    assert sql("SELECT count(*) FROM schedule_scheduledeffect WHERE job = 'invoices_issue_day' "
               "AND done_at IS NOT NULL") == [(0,)]

    output = manage_run(["run_schedule", "--as-of", as_of], env)
    assert "invoices_issue: 0" not in output
    issued = _invoices(sql)
    year = as_of[:4]
    assert [number for number, *_ in issued] == [f"{year}-{n:05d}" for n in
                                                 range(1, len(issued) + 1)]
    first_year = Counter(app for _n, app, kind, _p in issued if kind == "first_year")
    assert all(first_year[app] == 1 for app in applications), first_year
    assert len(set(issued)) == len(issued)
    # The day's claim is done: the next minute's run skips the job (schedule/claims.py).
    assert sql("SELECT count(*) FROM schedule_scheduledeffect WHERE job = 'invoices_issue_day' "
               "AND key = %s AND done_at IS NOT NULL", as_of) == [(1,)]


def test_a_worker_and_a_scheduler_killed_while_mailing_lose_no_e_mail_and_send_none_twice(
        seed, sql, sink, processes, env):
    seed("submitted", "mail", 2)
    assert any(not sent for _email, sent in outbox_rows(sql))

    # The worker is killed while the mail server holds its third message.
    sink.hold(3)
    worker = processes("db_worker", "--interval", "0.2", "--no-startup-delay")
    assert sink.holding.wait(timeout=90), "the worker sent no third e-mail"
    worker.kill()
    sink.release()
    # Its task stays claimed by the dead worker; the outbox row is unsent and still owed.

    # The scheduler's outbox retry is killed the same way, on its first message.
    sink.hold(1)
    scheduler = processes("run_schedule")
    assert sink.holding.wait(timeout=90), "the scheduler sent no e-mail"
    scheduler.kill()
    sink.release()

    # Restarted: the worker takes the queued tasks, the scheduler's retry whatever a dead
    # process left.
    processes("db_worker", "--interval", "0.2", "--no-startup-delay")
    manage_run(["run_schedule"], env)
    wait_until(lambda: all(sent for _email, sent in outbox_rows(sql)), timeout=90,
               what="every outbox row to be sent")

    # One message per outbox row, none missing, none twice: per applicant the quote's answer
    # and the confirmation, for the auditor two quote requests and two submissions.
    owed, delivered = owed_and_delivered(sql, sink, "-mail")
    assert sum(owed.values()) == 8
    assert delivered == owed
