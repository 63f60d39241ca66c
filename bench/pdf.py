"""Benchmark: rendering the proefaanvraag PDF (tagged, PDF/UA-1) at the input limits.

Seeds one organisation at the limits of psoportal/methodology/limits.py (50,000 target-group
employees, 50,000 purchases, 500 onderliggende entiteiten, names at their maximum length) with
every step-5 question answered, scores it once (stored, as every view reads it), then renders
the PDF a number of times. The baseline, measured in the same run, is the minimal PDF: an
empty rekentool of an organisation without entities. Prints p50/p95 in seconds and the ratio to
the baseline. Target (issue 9 §16): < 3 s at the input limits.

    .venv/bin/python bench/pdf.py [--runs 8] [--employees 50000] [--purchases 50000]
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

from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

from psoportal.methodology import limits  # noqa: E402

HOURS = [Decimal(h) for h in ("8", "16", "20", "24", "32", "36", "38", "40")]


def _seed(kvk: str, employees: int, purchases: int, entities: int, suppliers: int):
    from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
    from psoportal.methodology.handbook import handbook_for
    from psoportal.organisations.models import Entity, Organisation

    rng = random.Random(kvk)
    handbook = handbook_for(timezone.localdate())
    long_name = ("Bench " + "Lange Naam " * 40)[: limits.NAME_MAX_LENGTH]
    organisation = Organisation.objects.create(name=long_name, kvk=kvk)
    Entity.objects.bulk_create(
        Entity(organisation=organisation, name=f"{n} {long_name}"[: limits.NAME_MAX_LENGTH],
               kvk=f"{10_000_000 + n:08d}")
        for n in range(entities)
    )
    tool = Rekentool.objects.create(
        organisation=organisation, name=long_name, peiljaar_start=dt.date(2024, 1, 1),
        total_fte=Decimal(max(10, employees * 4)),
        average_headcount=Decimal(max(12, employees * 5)),
        qualitative={aspect.code: [True] * len(aspect.questions) for aspect in handbook.aspects},
    )
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
    figures = [(Decimal(rng.randrange(10_000_000, 50_000_000)), Decimal(rng.randrange(10, 400)))
               for _ in range(suppliers)]
    Purchase.objects.bulk_create(
        (
            Purchase(
                rekentool=tool, supplier=f"Leverancier {s} {long_name}"[:limits.NAME_MAX_LENGTH],
                kind="pso_certified", amount=Decimal(rng.randrange(100, 2000)),
                supplier_turnover=figures[s][0], supplier_weighted_fte=figures[s][1],
            )
            for s in (rng.randrange(suppliers) for _ in range(purchases))
        ),
        batch_size=2000,
    )
    return tool


def _time(tool, runs: int) -> tuple[list[float], int]:
    from psoportal.assessments.pdf import proefaanvraag_pdf
    from psoportal.assessments.selectors import rekentool_evaluate

    timings = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(proefaanvraag_pdf(rekentool_evaluate(tool)))
        timings.append(time.perf_counter() - start)
    return timings, size


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--employees", type=int, default=limits.MAX_TARGET_GROUP_ROWS)
    parser.add_argument("--purchases", type=int, default=limits.MAX_PURCHASES)
    parser.add_argument("--entities", type=int, default=limits.MAX_ENTITIES)
    parser.add_argument("--suppliers", type=int, default=1000)
    args = parser.parse_args()

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from psoportal.assessments.selectors import rekentool_evaluate

        start = time.perf_counter()
        large = _seed("22222222", args.employees, args.purchases, args.entities, args.suppliers)
        print(f"seeded {args.employees} employees, {args.purchases} purchases, "
              f"{args.entities} entities in {time.perf_counter() - start:.1f} s")
        small = _seed("11111111", 0, 0, 0, 1)
        start = time.perf_counter()
        evaluation = rekentool_evaluate(large)
        assert evaluation.result is not None, evaluation.problems[:3]
        print(f"first scoring (stored for the PDFs): {time.perf_counter() - start:.2f} s")
        rekentool_evaluate(small)

        _time(small, 1)  # warm-up: WeasyPrint loads pango and fonts once per process
        baseline, baseline_size = _time(small, args.runs)
        timings, size = _time(large, args.runs)
        base50 = statistics.median(baseline)
        p50, p95 = statistics.median(timings), _p95(timings)
        print(f"{'PDF':<34} {'p50 s':>7} {'p95 s':>7} {'KB':>6} {'× baseline':>11}")
        print(f"{'minimal (empty rekentool)':<34} {base50:7.2f} {_p95(baseline):7.2f} "
              f"{baseline_size // 1024:6d} {1:11.1f}")
        print(f"{'at the input limits':<34} {p50:7.2f} {p95:7.2f} {size // 1024:6d} "
              f"{p50 / base50:11.1f}")
        print(f"target < 3 s: {'met' if p95 < 3 else 'NOT met'} (p95 {p95:.2f} s, "
              f"{args.runs} runs)")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
