"""Benchmark: issuing and rendering 10,000 invoices (issue 11 "Done when").

Seeds N submitted applications (one real submission through the services, then its frozen
document and result copied to N organisations' application rows, as the billing rules read
only those), then times:
- issuing: `invoices_issue_due(as_of)` on the first-year invoice day, which settles every
  application (band from the fte, the tariff of the agreement date, PSO 30+, the gapless number
  under its row lock) and issues N first-year invoices; per invoice and invoices/s;
- a second run on the same day, which must issue nothing (the exactly-once check, timed);
- rendering: the invoice PDF (WeasyPrint, tagged) of --pdfs invoices, p50/p95, and the time all
  N would take at that rate on one core.
The baseline, measured in the same run, is rendering the PDF of one invoice once more (a
warm render) for PDFs, and one `Invoice.objects.get` for issuing.

    .venv/bin/python bench/invoices.py [--count 10000] [--pdfs 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/invoices.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import uuid
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

SUBMITTED = dt.date(2026, 3, 2)


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _seed(count: int):
    from psoportal.certification.models import Application
    from psoportal.organisations.models import Organisation

    template = Application.objects.first()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench {n} B.V.", kvk=f"{40_000_000 + n:08d}") for n in range(count)
    )
    moment = timezone.make_aware(dt.datetime.combine(SUBMITTED, dt.time(12)))
    Application.objects.bulk_create(
        Application(organisation=organisation, submission_key=uuid.uuid4().hex,
                    submitted_at=moment, handbook_version=template.handbook_version,
                    agreement_version=template.agreement_version, document=template.document,
                    result=template.result)
        for organisation in organisations
    )
    template.delete()


def _one_real_application():
    """One submission through the services, to copy its frozen document and result."""
    from decimal import Decimal

    from bench.applications import _seed as seed_applications
    from psoportal.certification.services import application_submit

    [(tool, user)], _auditor, _staff = seed_applications(1)
    application = application_submit(rekentool=tool, user=user, submission_key="bench-0",
                                     authorised=True, agreement_accepted=True)
    assert application.result["total_fte"] and Decimal(application.result["total_fte"]) > 0
    return application


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--pdfs", type=int, default=200)
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from psoportal.billing.models import Invoice
        from psoportal.billing.pdf import invoice_pdf
        from psoportal.billing.services import invoices_issue_due
        from psoportal.methodology.dates import application_dates

        _one_real_application()
        start = time.perf_counter()
        _seed(args.count)
        print(f"seeded {args.count} submitted applications in {time.perf_counter() - start:.1f} s")
        as_of = application_dates(SUBMITTED).first_invoice

        t0 = time.perf_counter()
        issued = invoices_issue_due(as_of)
        issuing = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = invoices_issue_due(as_of)
        second_run = time.perf_counter() - t0
        numbers = sorted(Invoice.objects.values_list("number", flat=True))
        gapless = numbers == [f"{as_of.year}-{n:05d}" for n in range(1, len(numbers) + 1)]

        base = []
        first = Invoice.objects.order_by("pk").first()
        for _ in range(50):
            t0 = time.perf_counter()
            Invoice.objects.get(pk=first.pk)
            base.append(time.perf_counter() - t0)
        renders = []
        for invoice in Invoice.objects.order_by("pk")[: args.pdfs]:
            t0 = time.perf_counter()
            invoice_pdf(invoice)
            renders.append(time.perf_counter() - t0)

        base50, _ = _ms(base)
        r50, r95 = _ms(renders)
        per_invoice = issuing / max(len(issued), 1)
        print(f"issued {len(issued)} first-year invoices in {issuing:.1f} s: "
              f"{per_invoice * 1000:.1f} ms per invoice, {len(issued) / issuing:.0f} invoices/s "
              f"({per_invoice * 1000 / base50:.0f} × one invoice read, {base50:.2f} ms)")
        print(f"numbers gapless 1..{len(numbers)}: {gapless}")
        print(f"second run on the same day: {len(again)} issued in {second_run:.1f} s")
        print(f"invoice PDF: p50 {r50:.0f} ms, p95 {r95:.0f} ms over {len(renders)} renders; "
              f"{args.count} PDFs at that rate: {args.count * r50 / 1000 / 60:.1f} min on one "
              f"core")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
