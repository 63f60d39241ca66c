"""Benchmark: the real journeys under load, on one or more application servers (issue 15 §1–2).

On its own PostgreSQL database (dropped and created: `--db`), bench/load_seed.py builds an
account for every simulated person (password + a TOTP seed of their own): applicants with a
complete rekentool to work on and complete rekentools with an accepted quote to submit,
auditors of a certifying institution with audits whose report is due, and a public register.
Then, with the production settings (psoportal.settings_production: DEBUG off, HTTPS only,
__Host- cookies, the shared database cache) it starts per instance:

- gunicorn (`--workers` × `--threads`, gthread) on 127.0.0.1:8801, :8802, …;
- a task worker (`manage.py db_worker`) and a scheduler loop (`manage.py run_schedule` every
  `--schedule-every` s, default 60 as in production, where one machine runs it; the bench
  runs one per instance at once to put the scheduler's exactly-once claims to the test);

behind HAProxy on https://127.0.0.1:8800 (TLS with a throw-away certificate, round robin with
no stickiness, X-Forwarded-For/-Proto; TRUSTED_PROXY_HOPS=1), the topology of docs/deploy.md.
Locust (headless, loopback only) runs `--users` people, each from a loopback address of their
own (the rate limits count per sender, docs/rate-limits.md, and none is lifted), twice:

1. the baseline: the trivial view (/healthz) for `--baseline` s, same people, same think time;
2. the journeys for `--duration` s: log in (password, then the authenticator code), edit a
   target-group row, import a small file, view step 4, submit an application (step 6), an
   auditor filing a report with its PDF, the register search, the verification page, the API
   check and the API bulk check (100 KvK numbers).

It prints requests/s, p50/p95/p99 and errors per step, the ratio of each p50 to the baseline's,
the targets (0 errors; p95 < 500 ms for pages, < 100 ms for register and API reads), the load
average during the run, how HAProxy spread the requests; after the run (the worker drained) the
probes across instances (a session, a rate limit, an upload) and the database's consistency
(bench/load_consistency.py).

    uv sync --group bench --frozen      # Locust
    .venv/bin/python bench/load.py [--users 100] [--duration 300] [--instances 1|2]
        [--workers 4] [--threads 2] [--think 5] [--baseline 60] [--db bench_load] [--keep]
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROXY_PORT = 8800
# Requests that are reads of the register or the API: target p95 < 100 ms; pages < 500 ms.
READS = ("register search", "verification page", "API check", "API bulk check (100)")


class Bench:
    """The processes of one run, started and stopped together."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="bench-load-"))
        self.db_url = args.admin_url.rsplit("/", 1)[0] + f"/{args.db}"
        self.processes: list[subprocess.Popen] = []
        self.logs: list[str] = []
        self.env = dict(os.environ)
        self.env.update({
            "DJANGO_SETTINGS_MODULE": "psoportal.settings_production",
            "DATABASE_URL": self.db_url,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"https://127.0.0.1:{PROXY_PORT}",
            "TRUSTED_PROXY_HOPS": "1",
            # One directory for every instance: uploads, private files, mail, static files
            # (production: a shared volume, docs/deploy.md).
            "PSO_VAR_DIR": str(self.work / "var"),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "PASSWORD_BREACH_CHECKER": "psoportal.accounts.breach.OfflineBreachChecker",
            "LOG_LEVEL": "WARNING",
        })

    # -- set-up ----------------------------------------------------------------------------

    def manage(self, *command: str, settings: str | None = None) -> None:
        env = dict(self.env, DJANGO_SETTINGS_MODULE=settings or self.env[
            "DJANGO_SETTINGS_MODULE"])
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)

    def database(self) -> None:
        import psycopg

        with psycopg.connect(self.args.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.args.db}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.args.db}"')
        self.manage("migrate", "--noinput", "-v", "0")  # also the shared cache's table
        self.manage("collectstatic", "--noinput", "-v", "0")

    def seed(self) -> Path:
        args = self.args
        out = self.work / "data.json"
        script = textwrap.dedent(f"""
            import django, json, sys
            from pathlib import Path
            django.setup()
            sys.path.insert(0, {str(ROOT / "bench")!r})
            from load_seed import seed
            data = seed(applicants={args.users}, auditors={max(2, args.users // 10)},
                        ready={args.ready}, audits={args.audits},
                        certificates={args.certificates}, organisations={args.organisations},
                        work=Path({str(self.work)!r}))
            Path({str(out)!r}).write_text(json.dumps(data))
        """)
        # Seeded with the development settings on the same database and keys: production
        # settings refuse nothing here, but the seed's users need no HTTPS.
        env = dict(self.env, DJANGO_SETTINGS_MODULE="psoportal.settings")
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)
        return out

    def certificate(self) -> Path:
        pem = self.work / "proxy.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-keyout", str(self.work / "key.pem"),
                        "-out", str(self.work / "cert.pem")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pem.write_text((self.work / "cert.pem").read_text() + (self.work / "key.pem").read_text())
        return pem

    # -- processes -------------------------------------------------------------------------

    def start(self, command: list[str], log: str) -> subprocess.Popen:
        handle = open(self.work / log, "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=handle,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        self.logs.append(log)
        return process

    def instances(self) -> list[int]:
        ports = [PROXY_PORT + 1 + n for n in range(self.args.instances)]
        for n, port in enumerate(ports):
            self.start([str(BIN / "gunicorn"), "psoportal.wsgi", "--bind", f"127.0.0.1:{port}",
                        "--workers", str(self.args.workers), "--threads",
                        str(self.args.threads), "--worker-class", "gthread",
                        "--log-level", "warning"], f"gunicorn-{n}.log")
            self.start([sys.executable, "manage.py", "db_worker", "--interval", "1"],
                       f"worker-{n}.log")
            self.start(["bash", "-c", f"while true; do {sys.executable} manage.py run_schedule;"
                        f" sleep {self.args.schedule_every}; done"], f"schedule-{n}.log")
        return ports

    def proxy(self, ports: list[int]) -> None:
        haproxy = shutil.which("haproxy")
        if haproxy is None:
            raise SystemExit("HAProxy is missing: apt-get install -y haproxy")
        config = self.work / "haproxy.cfg"
        config.write_text(haproxy_config(self.certificate(), ports, self.work / "haproxy.sock"))
        self.start([haproxy, "-f", str(config), "-db"], "haproxy.log")

    def wait_ready(self, ports: list[int]) -> None:
        deadline = time.monotonic() + 60
        for port in ports:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz",
                                             headers={"X-Forwarded-Proto": "https"})
            while True:
                try:
                    with urllib.request.urlopen(request, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit(f"gunicorn on {port} did not answer /healthz") from None
                    time.sleep(0.5)
        time.sleep(2)  # HAProxy's first health checks

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    # -- the load ----------------------------------------------------------------------------

    def locust(self, data: Path, *, baseline: bool, seconds: int) -> list[dict[str, str]]:
        prefix = self.work / ("baseline" if baseline else "journeys")
        classes = ["Baseline"] if baseline else ["Applicant", "Auditor", "Public"]
        env = dict(os.environ, LOAD_DATA=str(data), LOAD_THINK=str(self.args.think))
        users = self.args.users
        with open(f"{prefix}.log", "wb") as log:
            subprocess.run(
                [str(BIN / "locust"), "-f", str(ROOT / "bench" / "load_locustfile.py"),
                 "--headless", "-u", str(users), "-r", str(max(1, users // 10)), "-t",
                 f"{seconds}s", "--host", f"https://127.0.0.1:{PROXY_PORT}", "--csv",
                 str(prefix), "--only-summary", "--stop-timeout", "30", *classes],
                env=env, stdout=log, stderr=subprocess.STDOUT, check=False,
            )
        # Each kind of failure once, with Locust's count, so an error is never just a number.
        failures = Path(f"{prefix}_failures.csv")
        if failures.exists():
            with failures.open(newline="") as handle:
                for row in csv.DictReader(handle):
                    print(f"  failure: {row['Method']} {row['Name']}: {row['Error'][:200]} "
                          f"({row['Occurrences']}×)")
        with open(f"{prefix}_stats.csv", newline="") as handle:
            return list(csv.DictReader(handle))

    def django(self, code: str) -> object:
        """Run `code` (which sets `result`) inside Django on the bench database; its value."""
        out = self.work / "result.json"
        script = ("import django, json, sys\ndjango.setup()\n"
                  f"sys.path.insert(0, {str(ROOT / 'bench')!r})\n{code}\n"
                  f"open({str(out)!r}, 'w').write(json.dumps(result, default=str))\n")
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=self.env, check=True)
        return json.loads(out.read_text())

    def drain(self, seconds: int = 120) -> int:
        deadline = time.monotonic() + seconds
        while True:
            left = self.django("from load_consistency import unfinished_work\n"
                               "result = unfinished_work()")
            if not left or time.monotonic() > deadline:
                return left
            time.sleep(3)


def haproxy_config(pem: Path, ports: list[int], sock: Path) -> str:
    servers = "\n".join(
        f"    server app{n} 127.0.0.1:{port} check inter 2s fall 3 rise 2"
        for n, port in enumerate(ports, start=1))
    return f"""global
    maxconn 4096
    stats socket {sock} mode 600 level admin

defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # A server busy with the load still answers its check within 10 s; only one that fails
    # three checks in a row is taken out.
    timeout check 10s
    option http-keep-alive

frontend portal
    bind 127.0.0.1:{PROXY_PORT} ssl crt {pem}
    http-request set-header X-Forwarded-Proto https
    http-request del-header X-Forwarded-For
    option forwardfor
    default_backend app

backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz hdr X-Forwarded-Proto https
    http-response set-header X-Served-By %s
{servers}
"""


def haproxy_counts(sock: Path) -> dict[str, int]:
    """Requests per application server, from HAProxy's stats socket."""
    with socket.socket(socket.AF_UNIX) as client:
        client.connect(str(sock))
        client.sendall(b"show stat\n")
        raw = b""
        while chunk := client.recv(65536):
            raw += chunk
    rows = csv.DictReader(raw.decode().lstrip("# ").splitlines())
    return {row["svname"]: int(row["stot"]) for row in rows
            if row["pxname"] == "app" and row["svname"].startswith("app")}


def _group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of the live processes of one process group."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            # user, system, and of its children that ended (the scheduler loop's runs)
            total += sum(int(v) for v in fields[11:15])
    return total / tick


def _machine_busy() -> float:
    """CPU seconds the whole machine spent busy (all cores, every session) since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


class CpuAccount:
    """Where the CPU went while the journeys ran: the bench's servers per kind, Locust, and
    everything else on the machine (other sessions, PostgreSQL)."""

    def __init__(self, bench: Bench) -> None:
        self.bench = bench

    def sample(self) -> dict[str, float]:
        kinds: dict[str, float] = {}
        for process, log in zip(self.bench.processes, self.bench.logs, strict=True):
            kind = log.split("-")[0].removesuffix(".log")
            kinds[kind] = kinds.get(kind, 0.0) + _group_cpu(process.pid)
        kinds["locust"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime + \
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime
        kinds["machine"] = _machine_busy()
        kinds["wall"] = time.monotonic()
        return kinds

    @staticmethod
    def report(before: dict[str, float], after: dict[str, float]) -> str:
        wall = after["wall"] - before["wall"]
        used = {k: after[k] - before[k] for k in after if k != "wall"}
        mine = sum(v for k, v in used.items() if k != "machine")
        parts = ", ".join(f"{k} {v:.0f} s" for k, v in used.items() if k != "machine")
        return (f"{wall:.0f} s × {os.cpu_count()} cores = {wall * os.cpu_count():.0f} CPU-s; "
                f"machine busy {used['machine']:.0f} CPU-s: {parts}; everything else "
                f"(PostgreSQL, other sessions) {used['machine'] - mine:.0f} CPU-s")


class LoadAverage(threading.Thread):
    """/proc/loadavg every 5 s while the load runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.running = True

    def run(self) -> None:
        while self.running:
            self.samples.append(float(Path("/proc/loadavg").read_text().split()[0]))
            time.sleep(5)

    def summary(self) -> str:
        s = self.samples or [0.0]
        return f"min {min(s):.2f}, mean {sum(s) / len(s):.2f}, max {max(s):.2f}"


# -- probes across instances (after the load) ----------------------------------------------------


def _browser(address: str):
    import requests
    import urllib3
    from load_http import SourceAddressAdapter

    urllib3.disable_warnings()
    session = requests.Session()
    # The bench's own self-signed certificate; REQUESTS_CA_BUNDLE would override verify=False.
    session.trust_env = False
    session.verify = False
    session.mount("https://", SourceAddressAdapter(address))
    return session


def _log_in(session, account: dict, password: str) -> bool:
    from load_http import form_of, totp_code

    base = f"https://127.0.0.1:{PROXY_PORT}"
    # The account's code of this step may have been used by the load: wait for the next one.
    time.sleep(30 - time.time() % 30 + 0.5)
    page = session.get(f"{base}/account/inloggen/")
    form = form_of(page.text, "/account/inloggen/", "/account/inloggen/")
    first = session.post(f"{base}/account/inloggen/", allow_redirects=False,
                         data={**form["fields"], "email": account["email"],
                               "password": password}, headers={"Referer": page.url})
    page = session.get(f"{base}{first.headers.get('Location', '/account/inloggen/code/')}")
    form = form_of(page.text, "/inloggen/code/", "/account/inloggen/code/")
    done = session.post(page.url, allow_redirects=False, headers={"Referer": page.url},
                        data={**form["fields"],
                              "code": totp_code(account["totp"], int(time.time()) // 30)})
    return done.status_code == 302 and "/mijnpso/" in done.headers.get("Location", "")


def probes(data: dict, filed: dict[str, list[int]]) -> list[tuple[str, bool, str]]:
    """A session, a rate limit and an upload, each used through more than one instance."""
    base = f"https://127.0.0.1:{PROXY_PORT}"
    results = []
    session = _browser("127.0.250.2")
    logged_in = _log_in(session, data["applicants"][-1], data["password"])
    served = [session.get(f"{base}/mijnpso/", allow_redirects=False) for _ in range(20)]
    by = sorted({r.headers.get("X-Served-By", "?") for r in served})
    results.append(("session: logged in once, 20 pages", logged_in and all(
        r.status_code == 200 for r in served), f"served by {', '.join(by)}"))

    from load_http import form_of

    session = _browser("127.0.250.3")
    statuses, by = [], set()
    page = session.get(f"{base}/account/inloggen/")
    form = form_of(page.text, "/account/inloggen/", "/account/inloggen/")
    # Only POSTs, so that round robin sends them to every instance in turn.
    for _ in range(14):
        answer = session.post(f"{base}/account/inloggen/", allow_redirects=False,
                              headers={"Referer": page.url},
                              data={**form["fields"], "email": "nobody@load.example",
                                    "password": "not-the-password-at-all"})
        statuses.append(answer.status_code)
        by.add(answer.headers.get("X-Served-By", "?"))
    refused_from = statuses.index(429) + 1 if 429 in statuses else None
    results.append(("rate limit: 14 wrong passwords from one address (login-ip: 10 per 5 min)",
                    refused_from == 11, f"first 429 at attempt {refused_from}, statuses "
                    f"{statuses}, served by {', '.join(sorted(by))}"))

    # The auditor who filed the most reports during the run (`filed`: e-mail -> applications).
    email = max(filed, key=lambda e: len(filed[e]), default=None)
    auditor = next((a for a in data["auditors"] if a["email"] == email), None)
    session = _browser("127.0.250.4")
    downloads = []
    if auditor is not None and _log_in(session, auditor, data["password"]):
        for application in filed[email]:
            answer = session.get(f"{base}/mijnpso/aanvraag/{application}/audit/rapport/download/")
            if answer.status_code == 200:
                downloads.append((answer.content[:5] == b"%PDF-",
                                  answer.headers.get("X-Served-By", "?")))
    by = sorted({server for _, server in downloads})
    results.append(("uploads: the auditor's filed reports downloaded", bool(downloads) and all(
        ok for ok, _ in downloads), f"{len(downloads)} PDFs, served by {', '.join(by) or '-'}"))
    return results


# -- report ------------------------------------------------------------------------------------


def _row(row: dict[str, str], baseline_p50: float) -> str:
    name = row["Name"] if row["Name"] != "Aggregated" else "all"
    p50 = float(row["50%"])
    ratio = f"{p50 / baseline_p50:6.1f}" if baseline_p50 else "     -"
    return (f"  {name:<36} {row['Request Count']:>7} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):>7.2f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{ratio}")


def report(rows: list[dict[str, str]], baseline: dict[str, str]) -> bool:
    base_p50 = float(baseline["50%"])
    print(f"  {'step':<36} {'count':>7} {'errors':>6} {'req/s':>7} {'p50':>6} {'p95':>6} "
          f"{'p99':>6} {'×base':>6}   (ms; ×base: p50 / the baseline's p50)")
    print(_row(baseline, base_p50))
    ok = True
    for row in rows:
        print(_row(row, base_p50))
        if row["Name"] == "Aggregated":
            continue
        limit = 100 if row["Name"] in READS else 500
        if int(row["95%"]) >= limit or int(row["Failure Count"]):
            ok = False
            print(f"      ^ misses its target (p95 < {limit} ms, 0 errors)")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=int, default=300, help="seconds of journeys")
    parser.add_argument("--baseline", type=int, default=60, help="seconds of the trivial view")
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--think", type=float, default=5.0,
                        help="mean think time between a person's requests (0.4–1.6× it)")
    parser.add_argument("--ready", type=int, default=3,
                        help="rekentools ready to submit per applicant")
    parser.add_argument("--audits", type=int, default=6, help="reports due per auditor")
    parser.add_argument("--certificates", type=int, default=20_000)
    parser.add_argument("--organisations", type=int, default=50_000)
    parser.add_argument("--schedule-every", type=int, default=60,
                        help="seconds between scheduler runs (production: each minute)")
    parser.add_argument("--db", default="bench_load")
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    args = parser.parse_args()
    if not (BIN / "locust").exists():
        raise SystemExit("Locust is not installed: uv sync --group bench --frozen")
    sys.path.insert(0, str(ROOT / "bench"))

    bench = Bench(args)
    started = time.perf_counter()
    bench.database()
    data_file = bench.seed()
    data = json.loads(data_file.read_text())
    print(f"seeded {len(data['applicants'])} applicants, {len(data['auditors'])} auditors "
          f"({len(data['auditors']) * args.audits} reports due), "
          f"{args.certificates:,} certificates in {time.perf_counter() - started:.0f} s")
    load = LoadAverage()
    try:
        ports = bench.instances()
        bench.proxy(ports)
        bench.wait_ready(ports)
        print(f"{args.instances} instance(s) of gunicorn ({args.workers} workers × "
              f"{args.threads} threads) on {', '.join(map(str, ports))}, each with a task "
              f"worker and a scheduler loop every {args.schedule_every} s; HAProxy "
              f"https://127.0.0.1:{PROXY_PORT}; Locust: {args.users} people, think "
              f"{args.think} s; baseline {args.baseline} s, journeys {args.duration} s")
        print(f"load average before: {Path('/proc/loadavg').read_text().strip()}")
        load.start()
        baseline = bench.locust(data_file, baseline=True, seconds=args.baseline)
        since = dt.datetime.now(dt.UTC)
        cpu = CpuAccount(bench)
        cpu_before = cpu.sample()
        journeys = bench.locust(data_file, baseline=False, seconds=args.duration)
        cpu_after = cpu.sample()
        load.running = False
        spread = haproxy_counts(bench.work / "haproxy.sock")
        left = bench.drain()
        print(f"\nload average (1 min) during the run: {load.summary()}")
        print(f"CPU during the journeys: {CpuAccount.report(cpu_before, cpu_after)}")
        print(f"requests per application server (HAProxy): {spread}")
        print("worker drained" if not left else f"worker NOT drained: {left} left")
        base_row = next(r for r in baseline if r["Name"] == "Aggregated")
        base_row["Name"] = "baseline /healthz"
        print("\nper journey step")
        targets = report(journeys, base_row)
        print("\nacross instances")
        probes_ok = True
        filed = bench.django(
            "from psoportal.certification.models import Audit\nresult = {}\n"
            "for a in Audit.objects.exclude(report_file='').select_related('planned_by'):\n"
            "    result.setdefault(a.planned_by.email, []).append(a.application_id)")
        for name, ok, detail in probes(data, filed):
            probes_ok &= ok
            print(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}")
        print("\ndatabase consistency after the run")
        state = bench.django("from load_consistency import check\nimport datetime as dt\n"
                             f"result = check(dt.datetime.fromisoformat({since.isoformat()!r}))")
        problems = state.pop("problems")
        for key, value in state.items():
            print(f"  {key}: {value}")
        for key, value in problems.items():
            print(f"  {'ok  ' if not value else 'FAIL'} {key}: {'; '.join(value) or 'none'}")
        consistent = not any(problems.values())
        errors = sum(path.read_text(errors="replace").count("Traceback")
                     for path in bench.work.glob("*.log"))
        print(f"\ntracebacks in the server, worker and scheduler logs: {errors}")
        print("targets (0 errors, p95 < 500 ms pages, < 100 ms register/API reads):",
              "met" if targets else "NOT met")
        print("across instances:", "holds" if probes_ok else "does NOT hold",
              "| database:", "consistent" if consistent else "NOT consistent")
    finally:
        load.running = False
        bench.stop()
        if args.keep:
            print(f"logs and data kept in {bench.work}; database {args.db}")
        else:
            shutil.rmtree(bench.work, ignore_errors=True)
            import psycopg

            with psycopg.connect(args.admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
