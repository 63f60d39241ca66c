"""The real processes under test: gunicorn, the task worker and the scheduler.

Each runs from the project root with the environment of a production server (faults settings,
the throw-away cluster's DATABASE_URL, secrets, an SMTP server on loopback). Every process is
started in its own process group and `stop()` kills the group, so nothing outlives a test.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from tests.faults.client import Client
from tests.faults.cluster import wait_until

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")


class Process:
    def __init__(self, name: str, args: list[str], env: dict[str, str], log: Path):
        self.name = name
        self.log = log
        self._out = open(log, "ab")  # noqa: SIM115 (closed in stop())
        self.popen = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._out,
                                      stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def kill(self) -> None:
        """SIGKILL, as the kernel's OOM killer or a pulled plug does: no clean-up runs."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=10)
        self._out.close()

    def output(self) -> str:
        self._out.flush()
        return self.log.read_text(errors="replace")


def manage(command: list[str], env: dict[str, str], log: Path, name: str) -> Process:
    return Process(name, [PYTHON, "manage.py", *command], env, log)


def manage_run(command: list[str], env: dict[str, str], timeout: float = 120) -> str:
    """Run a management command to its end; its output, or AssertionError with it."""
    done = subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


class Gunicorn(Process):
    def __init__(self, env: dict[str, str], port: int, log: Path, workers: int = 2,
                 extra: tuple[str, ...] = ()):
        self.port = port
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise AssertionError(f"port {port} is taken: another server would answer")
        super().__init__("gunicorn", [
            GUNICORN, "psoportal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--timeout", "30", "--graceful-timeout", "2",
            # gunicorn's control socket is one path per user: other servers may use it.
            "--no-control-socket", *extra,
        ], env, log)
        try:
            wait_until(self._healthy, timeout=30, what="gunicorn to answer /healthz")
        except BaseException:
            self.stop()
            raise

    def _healthy(self) -> bool:
        if self.popen.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{self.output()}")
        try:
            return Client(self.port, timeout=2).get("/healthz").status == 200
        except (OSError, http.client.HTTPException):
            return False

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def worker_with_local_port(self, port: int) -> int:
        """The worker process holding the TCP socket whose local port is `port` (its database
        connection, as pg_stat_activity.client_port names it)."""
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(f"socket:[{fields[9]}]")
        for pid in self.workers():
            fds = Path(f"/proc/{pid}/fd")
            with contextlib.suppress(FileNotFoundError):
                for fd in fds.iterdir():
                    with contextlib.suppress(OSError):
                        if os.readlink(fd) in inodes:
                            return pid
        raise AssertionError(f"no gunicorn worker holds local port {port}")


def process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie (killed, not yet reaped by its parent) is gone too.
    with contextlib.suppress(FileNotFoundError):
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    return True
