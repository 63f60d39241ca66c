"""Fault injection (issue 15 §3): real gunicorn, a throw-away PostgreSQL cluster, the real task
worker and scheduler, a real (tmpfs) file system for uploads.

Run with `make test-faults` (`pytest tests/faults -m faults`). The tests are deselected from
every other run, also one with its own `-m` (scripts/test.sh's PostgreSQL run), so the
SQLite and PostgreSQL suites never start them. Every process and the cluster are removed by
fixture finalizers, also when a test fails.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

from tests.faults.cluster import BIN, Cluster
from tests.faults.processes import ROOT, Gunicorn, Process, manage, manage_run
from tests.faults.smtp_sink import SmtpSink

# Ports of this suite (its own range): PostgreSQL, gunicorn, the SMTP sink.
PG_PORT = 5440
WEB_PORT = 8820
SMTP_PORT = 8821
DATABASE = "h_faults"
# The tmpfs mounts for uploads are this small so that a test can fill them.
UPLOAD_FS_SIZE = "2m"


def pytest_collection_modifyitems(config, items):
    if "faults" in (config.getoption("markexpr") or ""):
        return
    kept = [item for item in items if item.get_closest_marker("faults") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def _require_tools() -> None:
    missing = [tool for tool in (str(BIN / "initdb"), str(BIN / "pg_ctl"), "runuser", "mount")
               if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"fault injection needs {', '.join(missing)}")
    if os.geteuid() != 0:
        pytest.skip("fault injection needs root (runuser to the postgres user, tmpfs mounts)")


@pytest.fixture(scope="session")
def workdir():
    path = Path(tempfile.mkdtemp(prefix="h-faults-run-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def upload_dirs(workdir):
    """MEDIA_ROOT and PRIVATE_MEDIA_ROOT on small tmpfs file systems of their own."""
    _require_tools()
    mounted = []
    for name in ("media", "private"):
        target = workdir / "var" / name
        target.mkdir(parents=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={UPLOAD_FS_SIZE}", "tmpfs",
                        str(target)], check=True)
        mounted.append(target)
    yield {"media": mounted[0], "private": mounted[1]}
    for target in mounted:
        subprocess.run(["umount", "-l", str(target)], check=False)


@pytest.fixture(scope="session")
def cluster():
    _require_tools()
    made = Cluster(PG_PORT)
    try:
        made.start()
        made.create_database(DATABASE)
        yield made
    finally:
        made.remove()


@pytest.fixture(scope="session")
def env(cluster, upload_dirs, workdir):
    """The environment of a production server pointed at the cluster and the sink."""
    values = dict(os.environ)
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_CURRENT_TEST"):
        values.pop(name, None)
    values.update({
        "DJANGO_SETTINGS_MODULE": "tests.faults.settings_faults",
        "DATABASE_URL": cluster.url(DATABASE),
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://pso.example",
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "PSO_VAR_DIR": str(workdir / "var"),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(SMTP_PORT),
        "PASSWORD_BREACH_CHECKER": "psoportal.accounts.breach.OfflineBreachChecker",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    })
    manage_run(["migrate", "--noinput", "-v", "0"], values)
    return values


@pytest.fixture(scope="session")
def sink():
    server = SmtpSink(SMTP_PORT)
    yield server
    server.close()


@pytest.fixture(scope="session")
def server(env, workdir, sink):
    """gunicorn with two workers, as `make serve` runs it, for the whole session."""
    started = Gunicorn(env, WEB_PORT, workdir / "gunicorn.log")
    yield started
    started.stop()


@pytest.fixture
def processes(env, workdir):
    """Start the worker or the scheduler: `processes("db_worker", ...)`; all are killed at the
    end of the test, whatever happened."""
    started: list[Process] = []

    def start(*command: str) -> Process:
        process = manage(list(command), env, workdir / f"{command[0]}.log", command[0])
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


# The scenarios' data written before the first test, in one process: each child process
# spends seconds starting Django. A scenario that must start from nothing sent (the e-mail
# one: other tests send the outbox) seeds in its own test.
SEEDED_AHEAD = ("applicant:before-commit", "applicant:after-commit", "applicant:pg-restart",
                "applicant:pg-outage", "quote_request:disk-full", "news_desk:disk-full",
                "submitted:invoices:6:1")


def _seed(env: dict[str, str], specs: tuple[str, ...]) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.faults.seed", *specs], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def seeded_ahead(env) -> dict:
    return _seed(env, SEEDED_AHEAD)


@pytest.fixture
def seed(env, seeded_ahead):
    """`seed("applicant", "tag")`: the scenario's ids and sessions (see seed.py)."""
    def run(scenario: str, tag: str, *args: int) -> dict:
        spec = ":".join([scenario, tag, *map(str, args)])
        if spec in seeded_ahead:
            return seeded_ahead[spec]
        return _seed(env, (spec,))[spec]

    return run


@pytest.fixture
def sql(cluster):
    """Run one query on the cluster's database: its rows (a fresh connection each time, so a
    restart in between does not matter)."""
    def run(query: str, *params) -> list[tuple]:
        with cluster.connect(DATABASE, autocommit=True) as connection:
            cursor = connection.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    return run


@pytest.fixture
def locker(cluster):
    """A second session holding row locks, to stop a process at a known point."""
    connections: list[psycopg.Connection] = []

    def open_() -> psycopg.Connection:
        connection = cluster.connect(DATABASE)
        connections.append(connection)
        return connection

    yield open_
    for connection in connections:
        with contextlib.suppress(psycopg.Error):
            connection.close()
