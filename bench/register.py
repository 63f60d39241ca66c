"""Benchmark: the public register under load (issue 12 §6).

On its own PostgreSQL database (dropped and created: `--db`), seeds 200,000 organisations and
20,000 certificates (with their KvK scope rows; statuses spread over geldig, verloopt binnenkort,
verlopen, vervallen and ingetrokken), starts gunicorn with the production-like settings (DEBUG
off, persistent database connections) and runs Locust headless with 32 concurrent clients on
loopback for 30 s, twice in the same run:

1. the baseline: every client requests a trivial view (`/healthz`, one `SELECT 1`);
2. the register mix: register searches (name, place, level filters, sorts, pages), the
   verification page of a certificate, the API check of one KvK number and the API bulk check
   of 100 KvK numbers.

It prints requests/s, p50/p95/p99 ms and errors per kind and in total, and the throughput of
the mix as a ratio to the baseline. Targets: p95 < 100 ms, 0 errors.

Both run twice: with clients that wait `--think` seconds (default 1 s, uniformly 0–2× that)
between requests, as browsers and integrations do — the p95 target applies there — and as a
closed loop (no waiting), which saturates the two cores and gives the throughput ratio.

    uv sync --group bench --frozen   # Locust is in the bench group, not needed by tests
    .venv/bin/python bench/register.py [--certificates 20000] [--organisations 200000]
        [--clients 32] [--duration 30] [--workers 4] [--think 0.25] [--db bench_register]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PORT = 8765
HOST = f"http://127.0.0.1:{PORT}"
# The register's statuses, spread over the seeded certificates (fractions of the total).
MIX = (("valid", 0.70), ("expiring_soon", 0.08), ("expired", 0.12), ("lapsed", 0.06),
       ("revoked", 0.04))
LEVELS = ("aspirant", "basistrede", "trede_1", "trede_2", "trede_3")
PLACES = ("Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
          "Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Zwolle",
          "Leeuwarden", "Maastricht", "Dordrecht", "Leiden", "Delft")
WORDS = ("Groen", "Schoon", "Bouw", "Zorg", "Techniek", "Facilitair", "Logistiek", "Catering",
         "Beveiliging", "Installatie", "Advies", "Druk", "Metaal", "Hout", "Transport", "Service")
INSTITUTIONS = ("Keurmerk Certificering B.V.", "Sociaal Audit Nederland", "CertiPlus",
                "Kiwa-achtig Instituut")


def _env(db_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "psoportal.settings",
        "DATABASE_URL": db_url,
        "DEBUG": "0",
        "DB_CONN_MAX_AGE": "60",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The API's per-address limit would refuse 32 clients sharing 127.0.0.1: the benchmark
        # measures the work behind it, not the limiter's refusals.
        "API_RATE_LIMITED": "false",
    })
    return env


def _recreate_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _seed(db_url: str, certificates: int, organisations: int) -> dict[str, list[str]]:
    """Migrate and seed in a child process (Django set up on the benchmark database), and
    return what the load needs: KvK numbers, names, places and verification codes."""
    env = _env(db_url)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    script = textwrap.dedent(f"""
        import django, json, sys
        django.setup()
        sys.path.insert(0, {str(ROOT / "bench")!r})
        from register import seed_rows
        json.dump(seed_rows({certificates}, {organisations}), open({str(out)!r}, "w"))
    """)
    subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True)
    data = json.loads(out.read_text())
    out.unlink()
    return data


def seed_rows(certificates: int, organisations: int) -> dict[str, list[str]]:
    """Runs inside Django (see _seed). Organisations first (only there to make the tables the
    size of the real thing: the register must not scan them), then certificates with one to
    three KvK numbers each."""
    from django.db import connection

    from psoportal.certification.models import Certificate, CertificateScope
    from psoportal.organisations.models import Organisation

    rng = random.Random(12)
    today = dt.date.today()
    batch = 10_000
    for first in range(0, organisations, batch):
        Organisation.objects.bulk_create(
            Organisation(name=f"{rng.choice(WORDS)} {n} B.V.", kvk=f"{10_000_000 + n:08d}",
                         city=rng.choice(PLACES))
            for n in range(first, min(organisations, first + batch))
        )
    kvks, names, places, codes = [], [], [], []
    statuses = [s for s, share in MIX for _ in range(round(share * 100))]
    serial = 0
    for first in range(0, certificates, batch):
        rows, scope_kvks = [], []
        for n in range(first, min(certificates, first + batch)):
            status = statuses[n % len(statuses)]
            start = today - dt.timedelta(days=rng.randint(30, 700))
            if status == "expiring_soon":
                start = today - dt.timedelta(days=rng.randint(640, 720))
            elif status == "expired":
                start = today - dt.timedelta(days=rng.randint(760, 1500))
            # Certificates start on the first of a month (rule book §9) and run two years.
            start = start.replace(day=1)
            end = start.replace(year=start.year + 2) - dt.timedelta(days=1)
            name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n} B.V."
            place = rng.choice(PLACES)
            code = secrets.token_urlsafe(32)
            serial += 1
            rows.append(Certificate(
                source=Certificate.Source.IMPORT, application=None,
                kind=Certificate.Kind.LEVEL, number=f"PSO-B-{serial:07d}",
                verification_code=code, level=rng.choice(LEVELS), organisation_name=name,
                search_name=name.casefold(),
                city=place, institution_name=rng.choice(INSTITUTIONS), handbook_version="2.2",
                start=start, end=end,
                lapsed_on=today - dt.timedelta(days=rng.randint(1, 20))
                if status == "lapsed" else None,
                revoked_on=today - dt.timedelta(days=rng.randint(1, 20))
                if status == "revoked" else None,
                revoked_reason="withdraw" if status == "revoked" else "",
            ))
            own = [f"{50_000_000 + n * 3 + k:08d}" for k in range(rng.randint(1, 3))]
            scope_kvks.append(own)
            kvks.append(own[0])
            # What a buyer types to find one supplier: its name without the legal form.
            names.append(name.removesuffix(" B.V."))
            places.append(place)
            codes.append(code)
        created = Certificate.objects.bulk_create(rows)
        CertificateScope.objects.bulk_create(
            CertificateScope(certificate=certificate, kvk=kvk, name=certificate.organisation_name,
                             is_main=index == 0)
            for certificate, own in zip(created, scope_kvks, strict=True)
            for index, kvk in enumerate(own)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"kvks": kvks, "names": names, "places": places, "codes": codes}


LOCUSTFILE = '''
import json, random
from locust import task, between, constant
from locust.contrib.fasthttp import FastHttpUser

DATA = json.load(open(%(data)r))
THINK = %(think)r
LEVELS = ("basistrede", "trede_1", "trede_2", "trede_3")
SORTS = ("name", "-level", "place", "-end", "number")


def _wait():
    return between(0, 2 * THINK) if THINK else constant(0)


class Baseline(FastHttpUser):
    wait_time = _wait()
    weight = %(baseline)d

    @task
    def trivial(self):
        self.client.get("/healthz", name="baseline /healthz")


class Register(FastHttpUser):
    wait_time = _wait()
    weight = %(mix)d

    @task(4)
    def search(self):
        r = random.random()
        if r < 0.4:
            params = {"naam": random.choice(DATA["names"])}
        elif r < 0.5:
            # A broad one-word search (about one name in eight matches).
            params = {"naam": random.choice(DATA["names"]).split()[0]}
        elif r < 0.7:
            params = {"plaats": random.choice(DATA["places"]),
                      "trede": random.choice(LEVELS)}
        else:
            params = {"sortering": random.choice(SORTS), "pagina": random.randint(1, 20)}
        self.client.get("%(search)s", params=params, name="register search")

    @task(3)
    def verify(self):
        self.client.get("/certificaat/%%s/" %% random.choice(DATA["codes"]),
                        name="verification page")

    @task(3)
    def check(self):
        self.client.get("/api/v1/check", params={"kvk": random.choice(DATA["kvks"])},
                        name="API check")

    @task(1)
    def bulk(self):
        self.client.post("/api/v1/check/bulk", name="API bulk check (100)",
                         json={"kvkNumbers": random.sample(DATA["kvks"], 100)})
'''


def _locust(data_file: Path, *, baseline: bool, clients: int, duration: int, think: float,
            search_path: str, work: Path) -> list[dict[str, str]]:
    locustfile = work / ("baseline.py" if baseline else "mix.py")
    locustfile.write_text(LOCUSTFILE % {
        "data": str(data_file), "think": think, "baseline": 1 if baseline else 0,
        "mix": 0 if baseline else 1, "search": search_path,
    })
    prefix = work / ("baseline" if baseline else "mix")
    subprocess.run(
        [str(Path(PYTHON).parent / "locust"), "-f", str(locustfile), "--headless",
         "-u", str(clients), "-r", str(clients), "-t", f"{duration}s", "--host", HOST,
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
        check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def _wait_for_server(deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{HOST}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz in time")


def _warm_up(data: dict[str, list[str]], search_path: str, workers: int) -> None:
    """Every gunicorn worker imports its views, fills its caches and opens its database
    connection on its first requests: a few rounds of each kind first, not measured."""
    for n in range(workers * 10):
        for path in ("/healthz", f"{search_path}?naam={urllib.parse.quote(data['names'][n])}",
                     f"/certificaat/{data['codes'][n]}/",
                     f"/api/v1/check?kvk={data['kvks'][n]}"):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{HOST}{path}", timeout=10).close()


def _print(rows: list[dict[str, str]], label: str) -> dict[str, str]:
    print(f"\n{label}")
    print(f"  {'request':<26} {'count':>8} {'errors':>7} {'req/s':>8} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'p99 ms':>7}")
    total = {}
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all"
        print(f"  {name:<26} {row['Request Count']:>8} {row['Failure Count']:>7} "
              f"{float(row['Requests/s']):>8.1f} {row['50%']:>7} {row['95%']:>7} "
              f"{row['99%']:>7}")
        if row["Name"] == "Aggregated":
            total = row
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=20_000)
    parser.add_argument("--organisations", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--db", default="bench_register")
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--search-path", default="/register/")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if not shutil.which(str(Path(PYTHON).parent / "locust")):
        raise SystemExit("Locust is not installed: uv sync --group bench --frozen")

    db_url = args.admin_url.rsplit("/", 1)[0] + f"/{args.db}"
    _recreate_database(args.admin_url, args.db)
    started = time.perf_counter()
    data = _seed(db_url, args.certificates, args.organisations)
    print(f"seeded {args.organisations:,} organisations and {args.certificates:,} certificates "
          f"on PostgreSQL in {time.perf_counter() - started:.1f} s")

    work = Path(tempfile.mkdtemp(prefix="bench-register-"))
    data_file = work / "data.json"
    data_file.write_text(json.dumps(data))
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "psoportal.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(args.workers), "--threads", str(args.threads),
         "--worker-class", "gthread", "--log-level", "warning"],
        cwd=ROOT, env=_env(db_url), start_new_session=True,
    )
    try:
        _wait_for_server(time.monotonic() + 30)
        _warm_up(data, args.search_path, args.workers)
        print(f"gunicorn: {args.workers} workers × {args.threads} threads; Locust: "
              f"{args.clients} clients, {args.duration} s each run, think time "
              f"{args.think} s (0–{2 * args.think} s)")
        runs = {}
        for think in (args.think, 0.0):
            for baseline in (True, False):
                label = (f"{'baseline: trivial view' if baseline else 'register mix'}, "
                         f"{'closed loop (no think time)' if not think else f'think {think} s'}")
                runs[baseline, think] = _print(_locust(
                    data_file, baseline=baseline, clients=args.clients,
                    duration=args.duration, think=think, search_path=args.search_path,
                    work=work), label)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            _drop(args.admin_url, args.db)
    mix, base = runs[False, args.think], runs[True, args.think]
    busy_mix, busy_base = runs[False, 0.0], runs[True, 0.0]
    ratio = float(busy_mix["Requests/s"]) / float(busy_base["Requests/s"])
    print(f"\nregister mix with think time: {float(mix['Requests/s']):.1f} req/s, p95 "
          f"{mix['95%']} ms, {mix['Failure Count']} errors (baseline p95 {base['95%']} ms)")
    print(f"closed loop: register mix {float(busy_mix['Requests/s']):.1f} req/s (p95 "
          f"{busy_mix['95%']} ms), trivial view {float(busy_base['Requests/s']):.1f} req/s "
          f"(p95 {busy_base['95%']} ms): throughput ratio mix/baseline {ratio:.2f}")
    ok = int(mix["95%"]) < 100 and int(mix["Failure Count"]) == 0 and int(
        busy_mix["Failure Count"]) == 0
    print("target p95 < 100 ms and 0 errors:", "met" if ok else "NOT met")

def _drop(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
