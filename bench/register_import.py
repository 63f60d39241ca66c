"""Benchmark: the register import (issue 12 §5) of the 200-certificate demo file and of a
generated file of 20,000 rows, as a dry run and applied; rows/s.

For each file: the dry run on an empty register (read, check, plan), the apply (read, check,
plan and write in one transaction, as `import_register --apply`), and the dry run again on the
loaded register (every certificate compared, the supersession of every KvK number recomputed:
the heaviest plan). The 20,000-row file is also timed as .xlsx (dry run). About a tenth of its
organisations are recertified while the older certificate is in force (so the older one
lapses), a tenth has PSO 30+, a seventh more than one KvK number.

    .venv/bin/python bench/register_import.py [--rows 20000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/register_import.py
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import sys
import time
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
from openpyxl import Workbook  # noqa: E402

TODAY = dt.date(2026, 6, 15)


def generated(rows: int) -> list[list[str]]:
    """`rows` rows of the import's format (its documented headers first)."""
    from psoportal.methodology.dates import ONE_DAY, add_months
    from psoportal.register.import_file import COLUMNS

    headers = [column.header for column in COLUMNS]
    levels = ["Aspirant-status", "Basistrede", "Trede 1", "Trede 2", "Trede 3"]
    out = [headers]
    n = 0
    organisation = 0
    while n < rows:
        organisation += 1
        kvks = [f"7{organisation:07d}"]
        if organisation % 7 == 0:
            kvks.append(f"8{organisation:07d}")
        starts = [add_months(TODAY.replace(day=1), -(organisation % 30))]
        if organisation % 10 == 0 and n + 2 <= rows:  # recertified while in force
            starts = [add_months(starts[0], -12), starts[0]]
        for start in starts:
            n += 1
            level = levels[(organisation + len(starts)) % len(levels)]
            values = {
                "certificaatnummer": f"B{n:06d}", "organisatie": f"Bench {organisation} B.V.",
                "plaats": "Utrecht", "kvk-nummers": " ".join(kvks), "trede": level,
                "ingangsdatum": start.strftime("%d-%m-%Y"),
                "einddatum": (add_months(start, 24) - ONE_DAY).strftime("%d-%m-%Y"),
                "certificerende instelling": "Keurmerk Certificering B.V.",
                "omzet": f"{1_000_000 + organisation},00", "gewogen doelgroep-fte": "12,5",
            }
            if level == "Trede 3" and organisation % 2 == 0:
                values.update({"pso 30+": "ja", "certificaatnummer pso 30+": f"B{n:06d}-30"})
            out.append([values.get(h, "") for h in headers])
    return out


def as_csv(table: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(table)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(table: list[list[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Register")
    for values in table:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_baseline(rows: int, data: bytes) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
            pass
        best = min(best, time.perf_counter() - start)
    print(f"  {'baseline: csv.reader over the file':<38} {best:6.2f} s  {rows / best:8,.0f} rows/s")
    return best


def timed(label: str, rows: int, work, baseline: float):
    start = time.perf_counter()
    plan = work()
    seconds = time.perf_counter() - start
    assert not plan.errors, plan.errors.lines()[:3]
    counts = plan.counts
    print(f"  {label:<38} {seconds:6.2f} s  {rows / seconds:8,.0f} rows/s  "
          f"{seconds / baseline:5.0f} × baseline   "
          f"new {counts['new']}, updated {counts['updated']}, unchanged {counts['unchanged']}, "
          f"lapse changes {counts['lapsed']}")
    return plan


def bench_file(name: str, data: bytes, rows: int, xlsx: bytes | None = None) -> None:
    from psoportal.certification.models import Certificate, CertificateScope
    from psoportal.register.models import RegisterImport
    from psoportal.register.register_import import import_plan, register_import_run

    print(f"{name}: {rows} rows, {len(data) / 1024:.0f} KB csv"
          + (f", {len(xlsx) / 1024:.0f} KB xlsx" if xlsx else ""))
    # The baseline, in the same run: decoding and splitting the same CSV with the standard
    # library, the least any import must do; the import's checks and writes are the rest.
    base = csv_baseline(rows, data)
    timed("dry run, empty register", rows, lambda: import_plan(data, "bench.csv"), base)
    if xlsx:
        timed("dry run as .xlsx, empty register", rows,
              lambda: import_plan(xlsx, "bench.xlsx"), base)
    timed("apply (one transaction)", rows,
          lambda: register_import_run(data=data, file_name="bench.csv", actor=None), base)
    timed("dry run again, loaded register", rows, lambda: import_plan(data, "bench.csv"), base)
    print(f"  certificates {Certificate.objects.count()}, "
          f"lapsed {Certificate.objects.filter(lapsed_on__isnull=False).count()}")
    CertificateScope.objects.all().delete()
    Certificate.objects.all().delete()
    RegisterImport.objects.all().delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from psoportal.register.demo import demo_register_csv

        print(f"database: {connection.vendor}")
        demo = demo_register_csv(TODAY)
        bench_file("demo register", demo, demo.count(b"\n") - 1)
        table = generated(args.rows)
        bench_file("generated register", as_csv(table), args.rows, as_xlsx(table))
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
