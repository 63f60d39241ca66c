"""Benchmark: read a generated 10,000-row target-group xlsx with ``read_target_group``.

Run: ``.venv/bin/python bench/import_xlsx.py [ROWS]``. Prints rows/s, seconds (best of 3) and
peak memory (tracemalloc peak of the import, and the process's maximum resident set size).
Targets: under 5 s and under 300 MB for 10,000 rows. The baseline, measured in the same run, is
openpyxl reading every cell of the same file (read-only mode).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psoportal.settings")

import django

django.setup()

from openpyxl import Workbook, load_workbook  # noqa: E402

from psoportal.assessments.spreadsheet import read_target_group  # noqa: E402
from psoportal.assessments.spreadsheet.columns import TARGET_GROUP_COLUMNS  # noqa: E402
from psoportal.methodology.handbook import handbook_for  # noqa: E402

HANDBOOK = handbook_for(dt.date(2025, 8, 15))


def generate(rows: int) -> bytes:
    """A filled target-group workbook: Dutch labels, real dates, mixed optional columns."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Doelgroep")
    sheet.append([c.header for c in TARGET_GROUP_COLUMNS])
    categories = [c.label_nl for c in HANDBOOK.categories.values()]
    contracts = [c.label_nl for c in HANDBOOK.contracts.values()]
    for i in range(rows):
        start = dt.date(2010 + i % 14, 1 + i % 12, 1 + i % 28)
        sheet.append([
            f"D-{i:06d}",
            categories[i % len(categories)],
            contracts[i % len(contracts)],
            8 + (i % 65) / 2,
            start,
            start + dt.timedelta(days=3000) if i % 3 == 0 else None,
            start,
            start + dt.timedelta(days=2000) if i % 5 == 0 else None,
            None,
            "15-06-2009" if i % 7 == 0 else None,
            "Ja" if i % 2 else "Nee",
        ])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read_every_cell(data: bytes) -> float:
    start = time.perf_counter()
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for _ in workbook.worksheets[0].iter_rows(values_only=True):
        pass
    workbook.close()
    return time.perf_counter() - start


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    data = generate(rows)
    print(f"file: {rows} rows, {len(data) / 1024 / 1024:.2f} MB xlsx")
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        result = read_target_group(data, "doelgroep.xlsx", HANDBOOK)
        timings.append(time.perf_counter() - start)
        assert not result.errors, result.errors[:3]
        assert len(result.rows) == rows
    best = min(timings)
    # The baseline, in the same run: openpyxl reading every cell of the same file in read-only
    # mode, the least any xlsx import must pay; the import's checks are the rest.
    baseline = min(_read_every_cell(data) for _ in range(3))
    tracemalloc.start()
    read_target_group(data, "doelgroep.xlsx", HANDBOOK)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    print(f"baseline, openpyxl reads every cell: {baseline:.2f} s ({rows / baseline:,.0f} rows/s)")
    print(f"best of 3: {best:.2f} s ({rows / best:,.0f} rows/s), {best / baseline:.1f} × baseline; "
          "runs: " + ", ".join(f"{t:.2f}" for t in timings))  # fmt: skip
    print(f"tracemalloc peak: {peak / 1024 / 1024:.1f} MB; max RSS: {maxrss / 1024 / 1024:.1f} MB")
    ok = best < 5 and maxrss < 300 * 1024 * 1024
    print("targets (< 5 s, < 300 MB):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
