"""Benchmark of the rekentool engine (not a test).

Builds one deterministic assessment with 50,000 target-group rows (MAX_TARGET_GROUP_ROWS, the
most a document may have) and 10,000 purchases and times parsing + validation, scoring, and
both together (best of several runs), then measures peak memory in a separate traced run.
Target: scoring under 1 s on one core.

Then the indirect contribution's cost by number of distinct suppliers: 30,000 purchases from
30,000 distinct suppliers (target: score < 1 s), against 30,000 purchases from one supplier
(the baseline, measured in the same run) and from 2,000 suppliers. Linear means the ratio to
the baseline stays small and does not grow with the number of suppliers.

With --hostile: each hostile input of tests/methodology/test_hostile_input.py (huge exponents,
a 19-million-digit number, 20 MB of semicolons, /dev/zero, …) through parse_assessment_json
(time, traced peak memory) and through `pso score` as a subprocess (wall time, exit status).
Target: refused in < 1 s with < 100 MB.

    .venv/bin/python bench/engine.py [--rows N] [--purchases N] [--suppliers N] [--runs N]
    .venv/bin/python bench/engine.py --indirect-only | --hostile
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from psoportal.methodology.assessment import parse_assessment_json
from psoportal.methodology.handbook import handbook_get
from psoportal.methodology.limits import MAX_TARGET_GROUP_ROWS
from psoportal.methodology.scoring import score

HOURS = ["8", "12", "16", "20", "24", "24.5", "28", "32", "36", "38", "40", "42.25"]


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def build(rows: int, purchases: int, suppliers: int, seed: int = 20250815) -> str:
    """A valid pso-assessment/1 document as JSON text."""
    rng = random.Random(seed)
    hb = handbook_get("2.2")
    categories = list(hb.categories)
    contracts = list(hb.contracts)
    target_group = []
    for n in range(rows):
        start = _day(rng, date(2008, 1, 1), date(2024, 12, 31))
        end = _day(rng, start, date(2027, 12, 31)) if rng.random() < 0.3 else None
        category = rng.choice(categories)
        target_group.append(
            {
                "ref": f"R-{n:06d}",
                "category": category,
                "contract": rng.choice(contracts),
                "hours_per_week": rng.choice(HOURS),
                "employed_from": start.isoformat(),
                "employed_until": end.isoformat() if end else None,
                "inflow_date": start.isoformat() if rng.random() < 0.8 else None,
                "lks_until": _day(rng, start, date(2028, 1, 1)).isoformat()
                if category == "participatiewet_lks" and rng.random() < 0.7
                else None,
                "indication_until": _day(rng, start, date(2028, 1, 1)).isoformat()
                if category == "wsw" and rng.random() < 0.5
                else None,
                "school_left": _day(rng, start - timedelta(days=2000), start).isoformat()
                if category == "vso_pro"
                else None,
                "indicated_30plus": rng.random() < 0.3,
            }
        )
    # A supplier's turnover and weighted fte come from its own certified application, so
    # repeated purchases from one supplier share them.
    figures = [
        (rng.randrange(20_000_000, 5_000_000_000) / 100, rng.randrange(1, 40000) / 100)
        for _ in range(suppliers)
    ]
    bought = []
    for n in range(purchases):
        # As many suppliers as purchases: each purchase from its own supplier.
        s = n if suppliers >= purchases else rng.randrange(suppliers)
        turnover, weighted = figures[s]
        bought.append(
            {
                "supplier": f"Supplier {s}",
                "kvk": f"{10_000_000 + s}",
                "kind": rng.choice(["pso_certified", "sw_company"]),
                "amount": f"{rng.randrange(100, 2_000_000) / 100:.2f}",
                "supplier_turnover": f"{turnover:.2f}",
                "supplier_weighted_fte": f"{weighted:.2f}",
            }
        )
    doc: dict[str, Any] = {
        "format": "pso-assessment/1",
        "handbook": None,
        "date": "2025-08-15",
        "organisation": {
            "name": "Bench B.V.",
            "kvk": "12345678",
            "entities": [],
            "fulltime_hours": 40,
        },
        "peiljaar": {"start": "2024-01-01", "end": "2024-12-31"},
        "workforce": {
            "total_fte": str(rows * 2),
            "average_headcount": rows * 3,
            "sw_seconded_out_fte": "0",
        },
        "target_group": target_group,
        "purchases": bought,
        "qualitative": {
            "passend_werk": True,
            "integratie": True,
            "functioneren_ontwikkeling": True,
            "begeleiding": True,
            "plan_van_aanpak": False,
        },
    }
    return json.dumps(doc)


def best_of(runs: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def indirect_scaling(runs: int) -> None:
    """Scoring time of 30,000 purchases by the number of distinct suppliers."""
    purchases = 30_000
    baseline = None
    print(f"indirect contribution: {purchases:,} purchases, 100 target-group rows, best of {runs}")
    for suppliers in (1, 2_000, 30_000):
        assessment = parse_assessment_json(build(100, purchases, suppliers))
        seconds, _ = best_of(runs, lambda a=assessment: score(a))
        baseline = baseline or seconds
        print(
            f"  {suppliers:>6,} suppliers  score {seconds:7.3f} s  "
            f"{purchases / seconds:>10,.0f} purchases/s  {seconds / baseline:5.2f} × baseline"
        )


def hostile() -> None:
    """Time and memory of refusing each hostile input, in process and by `pso score`."""
    import subprocess

    from tests.methodology.test_hostile_input import HOSTILE, PSO, _parse_measured

    header = f"{'parse cpu':>9} {'peak':>9} {'pso wall':>10} {'pso cpu':>9} exit"
    print(f"{'hostile input':<48} {header}")
    cases = [(name, text) for name, (text, _) in HOSTILE.items()] + [("/dev/zero", None)]
    for name, text in cases:
        if text is None:
            parse = peak = "–"
            command = [str(PSO), "score", "/dev/zero"]
            data = None
        else:
            _, seconds, peak_mib = _parse_measured(text)
            parse, peak = f"{seconds:.3f} s", f"{peak_mib:.1f} MiB"
            command = [str(PSO), "score", "-"]
            data = text if isinstance(text, bytes) else text.encode()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, input=data, capture_output=True, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(
            f"{name:<48} {parse:>9} {peak:>9} {wall:>8.3f} s {cpu:>7.3f} s {result.returncode:>4}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=MAX_TARGET_GROUP_ROWS)
    parser.add_argument("--purchases", type=int, default=10_000)
    parser.add_argument("--suppliers", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--indirect-only", action="store_true", help="only the distinct-suppliers comparison"
    )
    parser.add_argument("--hostile", action="store_true", help="only the hostile inputs")
    args = parser.parse_args()
    if args.hostile:
        hostile()
        return
    if args.indirect_only:
        indirect_scaling(args.runs)
        return

    text = build(args.rows, args.purchases, args.suppliers)
    print(
        f"assessment: {args.rows:,} target-group rows, {args.purchases:,} purchases from "
        f"{args.suppliers:,} suppliers, {len(text) / 1e6:.1f} MB JSON; best of {args.runs} runs"
    )
    # The baseline, in the same run: reading the input file and decoding its JSON, the least
    # any engine must do with this document. The engine's figures are shown as a ratio to it.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "assessment.json"
        path.write_text(text, encoding="utf-8")
        read_s, _ = best_of(args.runs, lambda: json.loads(path.read_text(encoding="utf-8")))
        parse_s, assessment = best_of(
            args.runs, lambda: parse_assessment_json(path.read_text(encoding="utf-8")))
        score_s, result = best_of(args.runs, lambda: score(assessment))
        both_s, _ = best_of(
            args.runs, lambda: score(parse_assessment_json(path.read_text(encoding="utf-8"))))
    for label, seconds in (("read file + json.loads (baseline)", read_s),
                           ("read + parse + validate", parse_s), ("score", score_s),
                           ("read + parse + score", both_s)):
        print(f"{label:<34} {seconds:7.3f} s  {args.rows / seconds:>12,.0f} rows/s  "
              f"{seconds / read_s:6.1f} × baseline")

    tracemalloc.start()
    score(parse_assessment_json(text))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"peak memory       {peak / 2**20:7.1f} MiB traced during parse + score; "
        f"process max RSS {max_rss:.0f} MiB (includes building the test document)"
    )
    print(
        f"result: D={float(result.direct_fte):.4f} I={float(result.indirect_fte):.4f} "
        f"total={float(result.total_pct):.2f}% level={result.level} z={result.z}"
    )
    indirect_scaling(args.runs)


if __name__ == "__main__":
    main()
