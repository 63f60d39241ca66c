"""A throw-away PostgreSQL cluster the fault tests may stop, start and restart.

Never the system PostgreSQL: initdb into a fresh directory under /tmp, owned by the postgres
user (PostgreSQL refuses to run as root), on a port of its own, listening on loopback only.
`remove()` stops it and deletes the directory; the session fixture calls it even on failure.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True,
                          capture_output=True, text=True, **kwargs)


class Cluster:
    def __init__(self, port: int):
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="h-faults-pg-"))
        shutil.chown(self.root, "postgres")
        self.data = self.root / "data"
        _as_postgres(str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                     "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        # Durability is not what these tests are about: fsync off keeps them fast. A fast
        # shutdown still aborts every open transaction, which is what the app must survive.
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
                     "-o", options, "-w", "-t", "30", "start")

    def stop(self) -> None:
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "30",
                     "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def connect(self, database: str, **kwargs) -> psycopg.Connection:
        return psycopg.connect(self.url(database), connect_timeout=5, **kwargs)

    def create_database(self, name: str) -> None:
        with self.connect("postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            if self.running():
                self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def wait_until(condition, *, timeout: float = 20, step: float = 0.05, what: str = "condition"):
    """Poll `condition` until it returns something true; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(step)
