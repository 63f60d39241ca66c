"""Benchmark: the buyer workspace (issue 13) at its limits.

- the portfolio import of a MAX_ROWS (5,000) supplier file, csv and xlsx: read + check, then
  written in one transaction (new), then again (every supplier updated); rows/s;
- the supplier table (`/inkoop/<id>/leveranciers/`) of that 5,000-supplier portfolio, its
  filter "Niveau 1 zonder geldig certificaat" and the .xlsx download: p50/p95 server time over
  --runs requests through Django's test Client, with the ratio to a 10-supplier portfolio's
  table measured in the same run;
- the contract watch's daily job (`alerts_due`) with --buyers buyers of 5,000 suppliers each
  against a register of about as many certificates: a day with alerts due and a quiet day;
- a supplier assessment of the 5,000 suppliers (every supplier's register status recorded).

    .venv/bin/python bench/buyers.py [--buyers 10] [--runs 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/buyers.py
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import statistics
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
LEVELS = ["Basistrede", "Trede 1", "Trede 2", "Trede 3"]


def supplier_table(rows: int, categories: list[str]) -> list[list[str]]:
    out = [["KvK-nummer", "Naam", "Inkoopcategorie", "Contract tot en met", "Vereiste trede",
            "Opdrachtwaarde"]]
    for n in range(rows):
        end = TODAY + dt.timedelta(days=30 + n % 700)
        out.append([f"7{n:07d}", f"Leverancier {n} B.V.", categories[n % len(categories)],
                    end.strftime("%d-%m-%Y"), LEVELS[n % len(LEVELS)] if n % 3 else "",
                    f"{10_000 + n},00"])
    return out


def as_csv(table) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(table)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(table) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Leveranciers")
    for values in table:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_for(kvks: list[str]) -> None:
    """Certificates for most suppliers: in force, ending within 90 days, expired, withdrawn."""
    import secrets

    from psoportal.certification.models import Certificate, CertificateScope
    from psoportal.methodology.dates import ONE_DAY, add_months

    certificates, scopes = [], []
    for n, _kvk in enumerate(kvks):
        if n % 10 == 9:
            continue  # no certificate at all
        start = add_months(TODAY, -(n % 24) - 1)
        end = add_months(start, 24) - ONE_DAY
        certificates.append(Certificate(
            source=Certificate.Source.IMPORT, application=None, kind=Certificate.Kind.LEVEL,
            number=f"BB{n:07d}", verification_code=secrets.token_urlsafe(32),
            level=["basistrede", "trede_1", "trede_2", "trede_3"][n % 4],
            organisation_name=f"Leverancier {n} B.V.", city="Utrecht",
            institution_name="Keurmerk Certificering B.V.", handbook_version="2.2",
            start=start, end=end, search_name=f"leverancier {n} b.v.",
            revoked_on=TODAY - dt.timedelta(days=5) if n % 97 == 0 else None))
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    by_number = dict(Certificate.objects.filter(number__startswith="BB")
                     .values_list("number", "pk"))
    for certificate in certificates:
        kvk = f"7{int(certificate.number[2:]):07d}"
        scopes.append(CertificateScope(certificate_id=by_number[certificate.number], kvk=kvk,
                                       name=certificate.organisation_name, is_main=True))
    CertificateScope.objects.bulk_create(scopes, batch_size=2000)


def seconds(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def pages(client, url: str, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times) * 1000, times[max(0, int(len(times) * 0.95) - 1)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buyers", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(args)
    finally:
        teardown_databases(old, verbosity=0)


def run(args) -> None:
    import time_machine
    from django.test import Client
    from django.urls import reverse

    from psoportal.accounts.models import User
    from psoportal.buyers.assessments import assessment_create
    from psoportal.buyers.models import Buyer, Supplier
    from psoportal.buyers.portfolio_import import MAX_ROWS, read_supplier_file
    from psoportal.buyers.services import buyer_activate
    from psoportal.buyers.services_portfolio import portfolio_import
    from psoportal.buyers.watch import alerts_due
    from psoportal.organisations.models import Membership, Organisation
    from psoportal.register.status import register_handbook
    from tests.conftest import full_login

    traveller = time_machine.travel(dt.datetime(2026, 6, 15, 10, 0), tick=True)
    traveller.start()
    print(f"database: {connection.vendor}; today {TODAY:%d-%m-%Y}")
    from django.utils import timezone

    user = User.objects.create_user(email="bench@inkoop.example", password=None,
                                    full_name="Bench Inkoper", email_verified_at=timezone.now())
    organisation = Organisation.objects.create(name="Gemeente Bench", kvk="50999999")
    Membership.objects.create(organisation=organisation, user=user, role="accounthouder")
    buyer = buyer_activate(organisation=organisation, by=user)
    categories = list(buyer.categories.values_list("name", flat=True))
    table = supplier_table(MAX_ROWS, categories)
    data_csv, data_xlsx = as_csv(table), as_xlsx(table)
    register_for([row[0] for row in table[1:]])
    handbook = register_handbook(TODAY)

    print(f"portfolio import: {MAX_ROWS} rows, {len(data_csv) / 1024:.0f} KB csv, "
          f"{len(data_xlsx) / 1024:.0f} KB xlsx")
    for label, data, name in (("read + check .csv", data_csv, "l.csv"),
                              ("read + check .xlsx", data_xlsx, "l.xlsx")):
        took, result = seconds(lambda d=data, n=name: read_supplier_file(
            d, n, categories=buyer.categories.all(), handbook=handbook))
        assert result.ok, result.messages()[:3]
        print(f"  {label:<30} {took:6.2f} s  {MAX_ROWS / took:8,.0f} rows/s")
    changed = [table[0]] + [[*row[:3], "31-12-2029", *row[4:]] for row in table[1:]]
    for label, data in (("write, all new", data_csv), ("same file again, unchanged", data_csv),
                        ("every contract end changed", as_csv(changed))):
        took, summary = seconds(lambda d=data: portfolio_import(
            buyer=buyer, by=user, file_name="l.csv", result=read_supplier_file(
                d, "l.csv", categories=buyer.categories.all(), handbook=handbook)))
        print(f"  {label:<30} {took:6.2f} s  {MAX_ROWS / took:8,.0f} rows/s  "
              f"(read + check + write; {summary})")

    small_org = Organisation.objects.create(name="Gemeente Klein", kvk="50999998")
    Membership.objects.create(organisation=small_org, user=user, role="accounthouder")
    small = buyer_activate(organisation=small_org, by=user)
    Supplier.objects.bulk_create(Supplier(buyer=small, kvk=f"7{n:07d}", name=f"L {n}")
                                 for n in range(10))
    medium_org = Organisation.objects.create(name="Gemeente Middel", kvk="50999997")
    Membership.objects.create(organisation=medium_org, user=user, role="accounthouder")
    medium = buyer_activate(organisation=medium_org, by=user)
    Supplier.objects.bulk_create(
        Supplier(buyer=medium, kvk=s.kvk, name=s.name, contract_end=s.contract_end,
                 required_level=s.required_level) for s in buyer.suppliers.all()[:500])
    client = Client()
    full_login(client, user)
    print(f"pages (p50 / p95 ms over {args.runs} requests; ratio to the 10-supplier table)")
    base50, base95 = pages(client, reverse("buyers:suppliers", args=[small_org.pk]), args.runs)
    print(f"  {'table, 10 suppliers (baseline)':<44} {base50:7.0f} {base95:7.0f}")
    for label, url in (
        ("table, 500 suppliers", reverse("buyers:suppliers", args=[medium_org.pk])),
        ("table, 5,000 suppliers", reverse("buyers:suppliers", args=[organisation.pk])),
        ("filter Niveau 1 without certificate", reverse("buyers:suppliers", args=[
            organisation.pk]) + "?status=niveau1-zonder-certificaat"),
        ("sort by certificate end, page 100", reverse("buyers:suppliers", args=[
            organisation.pk]) + "?sortering=einddatum&pagina=100"),
        ("download .xlsx, 5,000 rows", reverse("buyers:suppliers_export",
                                               args=[organisation.pk, "xlsx"])),
    ):
        p50, p95 = pages(client, url, max(3, args.runs // (4 if "xlsx" in url else 1)))
        print(f"  {label:<44} {p50:7.0f} {p95:7.0f}   ×{p95 / base95:5.1f}")

    took, assessment = seconds(lambda: assessment_create(buyer=buyer, on=TODAY, note="",
                                                         by=user))
    print(f"assessment of {assessment.rows.count()} suppliers: {took:.2f} s")

    for n in range(1, args.buyers):
        org = Organisation.objects.create(name=f"Gemeente {n}", kvk=f"51{n:06d}")
        other = Buyer.objects.create(organisation=org)
        Supplier.objects.bulk_create(
            Supplier(buyer=other, kvk=s.kvk, name=s.name, contract_end=s.contract_end,
                     required_level=s.required_level)
            for s in buyer.suppliers.all())
    total = Supplier.objects.count()
    print(f"contract watch: {args.buyers} buyers, {total:,} suppliers")
    for label, day in (("day with alerts due", TODAY), ("a year on",
                                                         TODAY + dt.timedelta(days=400))):
        took, due = seconds(lambda d=day: alerts_due(d))
        print(f"  {label:<30} {took:6.2f} s  {len(due):6,} alerts due  "
              f"{total / took:10,.0f} suppliers/s")
    traveller.stop()


if __name__ == "__main__":
    main()
