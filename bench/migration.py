"""Benchmark: the drafts' move to a new handbook version on its effective date (issue 14
item 7): N draft rekentools of about 10 target-group rows each (spread over N/10
organisations; a fifth with a WIW/ID row, which 2.3 renames, a tenth with a row of the removed
category status_lost; step 5 answered for "passend werk", which 2.3 asks one question more),
the synthetic 2.3 published, then `handbook_drafts_migrate` timed: drafts/s, total seconds,
peak memory. Target: 100,000 drafts in < 2 minutes on PostgreSQL, memory bounded.

`--stored SHARE` gives that share of the drafts a current stored result (the score the step
pages stored under 2.2), which the migration reads instead of scoring again, as for drafts
their users opened since their last change. `--tracemalloc` traces the migration's Python
allocations (slower; for the memory figure only). `--profile` prints a cProfile of the run.

    .venv/bin/python bench/migration.py [--drafts 100000] [--batch 500] [--stored 0.0]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/migration.py
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import hashlib
import os
import pstats
import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psoportal.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = ROOT / "docs" / "handbooks" / "2.3-synthetisch.toml"
EFFECTIVE = dt.date(2027, 4, 1)
CREATED = timezone.make_aware(dt.datetime(2027, 1, 15, 12))
# Drafts written per bulk insert while seeding (keeps the seeding's memory small too).
SEED_CHUNK = 2_000
ROWS_PER_DRAFT = 10
CATEGORIES = ["wia", "wia", "ww", "wajong", "participatiewet", "doelgroepregister", "wsw",
              "wia", "ww", "wajong"]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed(drafts: int, stored_share: float) -> None:
    from psoportal.assessments.models import Rekentool, TargetGroupEmployee
    from psoportal.organisations.models import Organisation

    organisations = max(1, drafts // 10)
    org_ids = []
    for start in range(0, organisations, SEED_CHUNK):
        org_ids += [o.pk for o in Organisation.objects.bulk_create(
            Organisation(name=f"Bench {n} B.V.", kvk=f"{50_000_000 + n:08d}")
            for n in range(start, min(organisations, start + SEED_CHUNK)))]
    stored_every = round(1 / stored_share) if stored_share > 0 else 0
    for start in range(0, drafts, SEED_CHUNK):
        numbers = range(start, min(drafts, start + SEED_CHUNK))
        tools = Rekentool.objects.bulk_create(
            Rekentool(organisation_id=org_ids[n % organisations], name=f"Peiljaar 2026 #{n}",
                      peiljaar_start=dt.date(2026, 1, 1),
                      total_fte=Decimal(5 + (n * 7) % 200), average_headcount=Decimal(60),
                      qualitative={"passend_werk": [True, True], "integratie": True},
                      created_at=CREATED, updated_at=CREATED)
            for n in numbers)
        rows = []
        for n, tool in zip(numbers, tools, strict=True):
            count = ROWS_PER_DRAFT - 1 + n % 3  # 9 to 11 rows
            for r in range(count):
                category = CATEGORIES[(n + r) % len(CATEGORIES)]
                if r == 0 and n % 5 == 0:
                    category = "wiw_id"
                if r == 1 and n % 10 == 1:
                    category = "status_lost"
                rows.append(TargetGroupEmployee(
                    rekentool_id=tool.pk, ref=f"D-{r:03d}", category=category,
                    contract="regular", hours_per_week=Decimal(16 + (n + r) % 24),
                    employed_from=dt.date(2023, 1, 1), inflow_date=dt.date(2023, 1, 1)))
        TargetGroupEmployee.objects.bulk_create(rows, batch_size=5_000)
        if stored_every:
            _stored([tool for n, tool in zip(numbers, tools, strict=True)
                     if n % stored_every == 0])
        print(f"\r  seeded {numbers[-1] + 1:,} drafts", end="", flush=True)
    print()


def _stored(tools) -> None:
    """The step pages' stored result of each draft as it is, under 2.2 (scored for real)."""
    from psoportal.assessments.selectors import rekentool_evaluate

    for tool in tools:
        rekentool_evaluate(tool, on=dt.date(2027, 3, 31))


def publish():
    from psoportal.handbooks.models import HandbookVersion
    from psoportal.handbooks.registry import registry_reset
    from psoportal.methodology.handbook import parse_handbook_text

    text = SYNTHETIC.read_text(encoding="utf-8")
    handbook = parse_handbook_text(text, source=SYNTHETIC.name)
    version = HandbookVersion.objects.create(
        version=handbook.version, effective=handbook.effective, title=handbook.title_nl,
        text=text, file_name=SYNTHETIC.name, sha256=hashlib.sha256(text.encode()).hexdigest(),
        state=HandbookVersion.State.PUBLISHED, published_at=CREATED)
    registry_reset()
    return version


def _shard(version, batch: int, index: int, workers: int) -> int:
    from django.db import connections

    from psoportal.handbooks.migration import handbook_drafts_migrate

    connections.close_all()  # a forked process opens its own connection
    return handbook_drafts_migrate(version=version, batch_size=batch, on=EFFECTIVE,
                                   shard=(index, workers))


def _in_workers(version, batch: int, workers: int) -> int:
    import multiprocessing

    from django.db import connections

    assert connection.vendor == "postgresql", "--workers needs PostgreSQL"
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        counts = pool.starmap(_shard, [(version, batch, i, workers) for i in range(workers)])
    print(f"  per worker: {counts}")
    return sum(counts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--stored", type=float, default=0.0,
                        help="share of drafts with a current stored result (0 to 1)")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes sharing the drafts (PostgreSQL only)")
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from psoportal.assessments.models import TargetGroupEmployee
        from psoportal.handbooks.migration import handbook_drafts_migrate
        from psoportal.handbooks.models import DraftMigration

        print(f"database: {connection.vendor}; {args.drafts:,} drafts, batch {args.batch}, "
              f"stored share {args.stored}")
        started = time.perf_counter()
        seed(args.drafts, args.stored)
        rows = TargetGroupEmployee.objects.count()
        print(f"  seeding: {time.perf_counter() - started:.1f} s, {rows:,} target-group rows")
        version = publish()
        gc.collect()
        rss_before = _rss_mb()
        if args.tracemalloc:
            tracemalloc.start()
        profile = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profile:
            profile.enable()
        if args.workers > 1:
            moved = _in_workers(version, args.batch, args.workers)
        else:
            moved = handbook_drafts_migrate(version=version, batch_size=args.batch,
                                            on=EFFECTIVE)
        if profile:
            profile.disable()
        seconds = time.perf_counter() - started
        traced = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
        tracemalloc.stop()
        version.refresh_from_db()
        print(f"  migrated {moved:,} drafts in {seconds:.1f} s: {moved / seconds:,.0f} drafts/s"
              f" ({seconds / max(moved, 1) * 1000:.2f} ms per draft); version {version.state}")
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  peak RSS: {rss_before:.0f} MB before the migration, {_rss_mb():.0f} MB after"
              + (f"; largest worker {children:.0f} MB" if args.workers > 1 else "")
              + (f"; traced Python peak during the migration {traced:.1f} MB" if traced else ""))
        print(f"  records: {DraftMigration.objects.count():,}; down a level: "
              f"{DraftMigration.objects.filter(level_before='trede_1', level_after='basistrede').count():,}"  # noqa: E501
              f"; with rows set aside: {DraftMigration.objects.exclude(set_aside=[]).count():,}; "
              f"id_baan rows: {TargetGroupEmployee.objects.filter(category='id_baan').count():,}")
        started = time.perf_counter()
        again = handbook_drafts_migrate(version=version, batch_size=args.batch, on=EFFECTIVE)
        print(f"  second run: {again} drafts moved in {time.perf_counter() - started:.2f} s")
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
