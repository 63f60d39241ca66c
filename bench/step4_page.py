"""Benchmark: server time of the step-4 page (provisional score) for 1,000 target-group rows.

Target (issue 5): < 300 ms. Runs against a throw-away SQLite database (or DATABASE_URL) and
prints median and p95 over repeated renders of the full view (queries, template). The first
render scores the rekentool and stores the result (printed separately); the timed renders read
the stored result, as every view does until the data changes. bench/pages.py measures all
step pages at 20,000 rows.

    .venv/bin/python bench/step4_page.py [--rows 1000] [--runs 30]
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

from django.test import RequestFactory  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)

    from psoportal.accounts.models import User
    from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
    from psoportal.assessments.views.result import result
    from psoportal.organisations.models import Membership, Organisation

    rng = random.Random(7)
    organisation = Organisation.objects.create(name="Bench B.V.", kvk="55555555")
    user = User.objects.create_user(email="bench@bench.example", password=None)
    Membership.objects.create(organisation=organisation, user=user, role="accounthouder")
    categories = ["wsw", "participatiewet", "wia", "wajong", "doelgroepregister", "ww"]
    contracts = ["regular", "secondment", "internship", "trial"]

    def rekentool(rows: int) -> Rekentool:
        tool = Rekentool.objects.create(
            organisation=organisation, name=f"Bench {rows}", peiljaar_start=dt.date(2024, 1, 1),
            total_fte=Decimal(rows * 4), average_headcount=Decimal(rows * 5),
            qualitative={"passend_werk": True, "integratie": True,
                         "functioneren_ontwikkeling": True, "begeleiding": True},
        )
        TargetGroupEmployee.objects.bulk_create(
            TargetGroupEmployee(
                rekentool=tool, ref=f"R-{n:06d}", category=rng.choice(categories),
                contract=rng.choice(contracts), hours_per_week=Decimal(rng.randint(8, 40)),
                employed_from=dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3600)),
            )
            for n in range(rows)
        )
        Purchase.objects.bulk_create(
            Purchase(rekentool=tool, supplier=f"Leverancier {n}", kind="pso_certified",
                     amount=Decimal(10000), supplier_turnover=Decimal(1000000),
                     supplier_weighted_fte=Decimal(10))
            for n in range(20)
        )
        return tool

    factory = RequestFactory()

    def renders(tool: Rekentool) -> tuple[float, list[float]]:
        """The first render (scores and stores) and the sorted timings of the later ones."""
        timings = []
        for run in range(args.runs + 3):
            request = factory.get(f"/mijnpso/rekentool/{tool.pk}/score/")
            request.user = user
            request.session = {}
            request.htmx = False
            started = time.perf_counter()
            response = result(request, tool.pk)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200
            if run == 0:
                first = elapsed
            if run >= 3:  # the first renders warm template and handbook caches
                timings.append(elapsed)
        return first, sorted(timings)

    # The baseline, in the same run: the same page of a 10-row rekentool.
    _, base = renders(rekentool(10))
    first, timings = renders(rekentool(args.rows))
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    base_p95 = base[max(0, int(len(base) * 0.95) - 1)]
    print(f"baseline: step-4 page, 10 target-group rows: median "
          f"{statistics.median(base):.1f} ms, p95 {base_p95:.1f} ms")
    print(f"step-4 page, {args.rows} target-group rows, {args.runs} renders: "
          f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms "
          f"({p95 / base_p95:.1f} × baseline), max {timings[-1]:.1f} ms (target < 300 ms); "
          f"first render (scores and stores) {first:.0f} ms")


if __name__ == "__main__":
    main()
