"""Benchmark: server time of the MijnPSO pages of a large rekentool, and its PDF.

Seeds (with bulk_create) one organisation with a rekentool of 20,000 target-group employees and
10,000 purchases, and a second organisation with a 10-row rekentool as the baseline measured in
the same run. Each page is requested through Django's test Client (middleware, session, view,
template) a number of times; the script prints p50/p95 in ms and the ratio to the baseline,
after a change: the write, the first view (the previous result, marked, while the worker
scores) and the worker's scoring of the change; and the time of the
proefaanvraag PDF. Targets (issue 8 §4): < 300 ms per page, PDF < 10 s.

    .venv/bin/python bench/pages.py [--employees 20000] [--purchases 10000] [--runs 20]
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py      # on PostgreSQL
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psoportal.settings_test")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

HOURS = [Decimal(h) for h in ("8", "16", "20", "24", "32", "36", "38", "40")]


def _seed(name: str, kvk: str, employees: int, purchases: int, suppliers: int):
    from psoportal.accounts.models import User
    from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
    from psoportal.methodology.handbook import handbook_for
    from psoportal.organisations.models import Membership, Organisation

    rng = random.Random(kvk)
    handbook = handbook_for(timezone.localdate())
    organisation = Organisation.objects.create(name=name, kvk=kvk)
    user = User.objects.create_user(email=f"bench@{kvk}.example", password=None,
                                    email_verified_at=timezone.now())
    Membership.objects.create(organisation=organisation, user=user, role="accounthouder")
    tool = Rekentool.objects.create(
        organisation=organisation, name=f"{name} peiljaar 2024",
        peiljaar_start=dt.date(2024, 1, 1),
        total_fte=Decimal(max(10, employees * 4)),
        average_headcount=Decimal(max(12, employees * 5)),
        qualitative={aspect.code: True for aspect in handbook.aspects},
    )
    # Categories that need no extra dates, so every row is valid and counted.
    categories = [code for code in ("wia", "ww", "wajong", "doelgroepregister", "wsw")
                  if code in handbook.categories]
    contracts = [code for code in ("regular", "secondment") if code in handbook.contracts]
    TargetGroupEmployee.objects.bulk_create(
        (
            TargetGroupEmployee(
                rekentool=tool, ref=f"R-{n:06d}", category=rng.choice(categories),
                contract=rng.choice(contracts), hours_per_week=rng.choice(HOURS),
                employed_from=dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3000)),
            )
            for n in range(employees)
        ),
        batch_size=2000,
    )
    # A supplier's turnover and weighted fte come from its own certificate: repeated
    # purchases from one supplier share them.
    figures = [(Decimal(rng.randrange(10_000_000, 50_000_000)), Decimal(rng.randrange(10, 400)))
               for _ in range(suppliers)]
    Purchase.objects.bulk_create(
        (
            Purchase(
                rekentool=tool, supplier=f"Leverancier {s}", kind="pso_certified",
                amount=Decimal(rng.randrange(100, 2000)), supplier_turnover=figures[s][0],
                supplier_weighted_fte=figures[s][1],
            )
            for s in (rng.randrange(suppliers) for _ in range(purchases))
        ),
        batch_size=2000,
    )
    client = Client()
    _full_login(client, user)
    return organisation, tool, client


def _full_login(client: Client, user) -> None:
    """A session as after password + TOTP (as tests/conftest.py::full_login)."""
    from psoportal.accounts import auth_state, totp
    from psoportal.accounts.models import TotpDevice, UserSession

    TotpDevice.objects.create(user=user, encrypted_seed=totp.seal(bytes(range(1, 21))),
                              confirmed_at=timezone.now())
    client.force_login(user)
    session = client.session
    auth_state.mark_authenticated(session, verified=True)
    session.save()
    UserSession.objects.create(session_key=session.session_key, user=user)


def _pages(organisation, tool) -> dict[str, str]:
    return {
        "3C doelgroep": reverse("mijnpso:target_group", args=[tool.pk]),
        "3C page 2": reverse("mijnpso:target_group", args=[tool.pk]) + "?pagina=2",
        "3D inkopen": reverse("mijnpso:purchases", args=[tool.pk]),
        "3A/3B gegevens": reverse("mijnpso:data", args=[tool.pk]),
        "step 4 score": reverse("mijnpso:result", args=[tool.pk]),
        "step 5 vragen": reverse("mijnpso:qualitative", args=[tool.pk]),
        "rekentools list": reverse("mijnpso:rekentools", args=[organisation.pk]),
    }


def _time(client: Client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: status {response.status_code} {response.get('Location', '')}")
    return elapsed, len(response.content)


def _measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    _time(client, url)  # warm template and handbook caches
    timings, size = [], 0
    for _ in range(runs):
        elapsed, size = _time(client, url)
        timings.append(elapsed)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return statistics.median(timings), p95, size


def _after_a_change(client: Client, tool, url: str) -> tuple[float, float, float]:
    """A write, the first view after it, and the worker's scoring of it (ms each).

    The change is queued as a real web request would queue it (here in a dummy backend, so the
    worker's part is timed on its own): a large rekentool's page shows the previous result,
    marked, while the worker scores (selectors.rekentool_evaluate).
    """
    from django.test import override_settings

    from psoportal.assessments.services import rekentool_update
    from psoportal.assessments.tasks import rekentool_score

    tool.refresh_from_db()
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        started = time.perf_counter()
        rekentool_update(rekentool=tool, user=None, expected_version=tool.version,
                         sw_seconded_out_fte=tool.sw_seconded_out_fte)
        write = (time.perf_counter() - started) * 1000
        view, _size = _time(client, url)
    started = time.perf_counter()
    rekentool_score.call(tool.pk)
    worker = (time.perf_counter() - started) * 1000
    return write, view, worker


def _profile(client: Client, url: str) -> None:
    import cProfile
    import pstats

    _time(client, url)
    profiler = cProfile.Profile()
    profiler.enable()
    _time(client, url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--purchases", type=int, default=10_000)
    parser.add_argument("--suppliers", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--profile", metavar="PAGE",
                        help="print a cProfile of one request of this page (e.g. 'step 4 score')")
    args = parser.parse_args()

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        _run(args)
    finally:
        teardown_databases(databases, verbosity=0)


def _run(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    small_org, small, small_client = _seed("Klein B.V.", "11111111", 10, 10, 5)
    large_org, large, large_client = _seed(
        "Groot B.V.", "22222222", args.employees, args.purchases, args.suppliers
    )
    print(f"seeded {args.employees} employees and {args.purchases} purchases "
          f"({args.suppliers} suppliers) in {time.perf_counter() - started:.1f} s; "
          f"{args.runs} requests per page")
    if args.profile:
        _profile(large_client, _pages(large_org, large)[args.profile])
        return
    print(f"{'page':<18}{'p50 ms':>9}{'p95 ms':>9}{'KB':>8}   {'base p50':>9}{'ratio':>7}")
    small_pages = _pages(small_org, small)
    for label, url in _pages(large_org, large).items():
        p50, p95, size = _measure(large_client, url, args.runs)
        base50, _base95, _size = _measure(small_client, small_pages[label], args.runs)
        flag = "" if p95 < 300 else "   > 300 ms"
        print(f"{label:<18}{p50:>9.1f}{p95:>9.1f}{size / 1024:>8.0f}   {base50:>9.1f}"
              f"{p50 / base50:>7.1f}{flag}")
    for label in ("step 4 score", "3C doelgroep", "rekentools list"):
        write, view, worker = _after_a_change(large_client, large,
                                              _pages(large_org, large)[label])
        print(f"after a change, {label}: write {write:.0f} ms, first view {view:.0f} ms "
              f"(previous result, marked), worker scores it in {worker:.0f} ms")

    if not args.no_pdf:
        _measure_pdf(large_client, large)


def _measure_pdf(client: Client, tool) -> None:
    """First PDF of the process (WeasyPrint and its fonts load), a warm one, one right after a
    change (the rekentool is scored first), then peak Python memory in a traced run (tracemalloc
    slows Python down several times, so it is not timed)."""
    import tracemalloc

    url = reverse("mijnpso:proefaanvraag", args=[tool.pk])
    client.get(reverse("mijnpso:result", args=[tool.pk]))  # a current stored score
    timings = {}
    for label in ("first", "warm", "after a change"):
        if label == "after a change":
            tool.refresh_from_db()
            from psoportal.assessments.services import rekentool_update

            rekentool_update(rekentool=tool, user=None, expected_version=tool.version,
                             sw_seconded_out_fte=tool.sw_seconded_out_fte)
        started = time.perf_counter()
        response = client.get(url)
        timings[label] = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"PDF: status {response.status_code}")
    tracemalloc.start()
    client.get(url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print("proefaanvraag PDF: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())
          + f"; {len(response.content) / 1024:.0f} KB; peak Python memory {peak / 2**20:.0f} MB"
          + " (target < 10 s)")

if __name__ == "__main__":
    main()
