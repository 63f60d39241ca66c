"""Writes of the supplier portfolio: add, change and remove a supplier, import a file.

Each write is one transaction with an audit row. An import is all or nothing: it runs only on
a file without errors (portfolio_import.read_supplier_file), and a check that needs the
portfolio as it is (a supplier's stored contract start against the file's end) refuses the
whole file too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from psoportal.accounts.models import User
from psoportal.assessments.spreadsheet.errors import RowError
from psoportal.buyers.models import Buyer, Supplier
from psoportal.buyers.portfolio_import import ReadResult, header
from psoportal.core.audit import audit_record
from psoportal.core.lib.numbers import as_count

# The most suppliers one portfolio holds: the table and the contract watch read them all.
MAX_SUPPLIERS = 10_000

FIELDS = ("kvk", "name", "category", "reference", "contract_start", "contract_end",
          "required_level", "contract_value", "social_return_percentage")


class PortfolioFull(Exception):
    pass


class DuplicateSupplier(Exception):
    pass


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int = 0


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("import refused")
        self.errors = errors


def _full_message() -> str:
    return gettext("Uw portefeuille heeft al %(limit)s leveranciers, het maximum.") % {
        "limit": as_count(MAX_SUPPLIERS)}


def supplier_create(*, buyer: Buyer, by: User, **fields: Any) -> Supplier:
    """Add one supplier (fields as SupplierForm cleans them)."""
    with transaction.atomic():
        # The buyer's row is the lock: two adds at the cap cannot both pass.
        Buyer.objects.select_for_update().filter(pk=buyer.pk).first()
        if Supplier.objects.filter(buyer=buyer).count() >= MAX_SUPPLIERS:
            raise PortfolioFull(_full_message())
        supplier = Supplier(buyer=buyer, **{k: v for k, v in fields.items() if k in FIELDS})
        try:
            with transaction.atomic():
                supplier.save()
        except IntegrityError:
            raise DuplicateSupplier(fields.get("kvk")) from None
        audit_record(actor=by, action="supplier_created",
                     organisation_id=buyer.organisation_id, subject=supplier,
                     changes={"kvk": supplier.kvk})
    return supplier


def supplier_update(*, supplier: Supplier, by: User, **fields: Any) -> Supplier:
    changed = {}
    for name in FIELDS:
        if name in fields and getattr(supplier, name) != fields[name]:
            changed[name] = str(fields[name]) if fields[name] is not None else None
            setattr(supplier, name, fields[name])
    if not changed:
        return supplier
    try:
        with transaction.atomic():
            supplier.save()
            audit_record(actor=by, action="supplier_updated",
                         organisation_id=supplier.buyer.organisation_id, subject=supplier,
                         changes={"fields": sorted(changed)})
    except IntegrityError:
        raise DuplicateSupplier(fields.get("kvk")) from None
    return supplier


def supplier_delete(*, supplier: Supplier, by: User) -> None:
    with transaction.atomic():
        audit_record(actor=by, action="supplier_deleted",
                     organisation_id=supplier.buyer.organisation_id, subject=supplier,
                     changes={"kvk": supplier.kvk})
        supplier.delete()


UPDATE_BATCH = 50


def portfolio_import(*, buyer: Buyer, by: User, result: ReadResult,
                     file_name: str) -> ImportSummary:
    """Write a clean file's suppliers: a KvK number already in the portfolio updates that
    supplier, any other is added. All or nothing; raises ImportRefused with the reasons."""
    if not result.ok:
        raise ImportRefused(result.messages())
    with transaction.atomic():
        Buyer.objects.select_for_update().filter(pk=buyer.pk).first()
        existing = {s.kvk: s for s in Supplier.objects.filter(
            buyer=buyer, kvk__in=[row.kvk for row in result.rows]).select_related("category")}
        errors: list[RowError] = []
        created: list[Supplier] = []
        updated: list[Supplier] = []
        unchanged = 0
        changed_fields: set[str] = set()
        for row in result.rows:
            supplier = existing.get(row.kvk)
            if supplier is None:
                supplier = Supplier(buyer=buyer, kvk=row.kvk)
                created.append(supplier)
                changed = set(row.values)
            else:
                # Only what differs is written: a monthly re-upload of the same list costs
                # nothing, and an updated supplier is one that really changed.
                changed = {name for name, value in row.values.items()
                           if getattr(supplier, name) != value}
                if changed:
                    updated.append(supplier)
                    # bulk_update writes only the fields named; auto_now is not applied.
                    supplier.updated_at = timezone.now()
                else:
                    unchanged += 1
            for name in changed:
                setattr(supplier, name, row.values[name])
            changed_fields |= changed
            problem = _period_problem(supplier.contract_start, supplier.contract_end)
            if problem:
                errors.append(RowError(row.row, header("contract_end"), problem,
                                       "end_before_start"))
        if errors:
            raise ImportRefused(errors[:100])
        total = Supplier.objects.filter(buyer=buyer).count() + len(created)
        if total > MAX_SUPPLIERS:
            raise ImportRefused([RowError(None, None, gettext(
                "Na deze import zou uw portefeuille %(count)s leveranciers hebben; het maximum "
                "is %(limit)s. Verwijder eerst leveranciers die u niet meer hebt.")
                % {"count": as_count(total), "limit": as_count(MAX_SUPPLIERS)},
                "portfolio_full")])
        try:
            with transaction.atomic():
                Supplier.objects.bulk_create(created, batch_size=500)
                if updated and changed_fields:
                    # Small batches: bulk_update's CASE per field grows with the batch
                    # (bench/buyers.py: 5,000 changed suppliers in 1.4 s).
                    Supplier.objects.bulk_update(updated, sorted(changed_fields | {"updated_at"}),
                                                 batch_size=UPDATE_BATCH)
        except IntegrityError:
            # A colleague added one of these KvK numbers meanwhile: nothing was written.
            raise ImportRefused([RowError(None, None, gettext(
                "Een van de leveranciers is intussen door iemand anders toegevoegd; er is "
                "niets ingelezen. Lees het bestand opnieuw in."), "concurrent")]) from None
        audit_record(actor=by, action="portfolio_imported",
                     organisation_id=buyer.organisation_id, subject=buyer,
                     changes={"file": file_name[:100], "created": len(created),
                              "updated": len(updated), "unchanged": unchanged})
    return ImportSummary(created=len(created), updated=len(updated), unchanged=unchanged)


def _period_problem(start: dt.date | None, end: dt.date | None) -> str:
    if start and end and end < start:
        return gettext(
            "Het contracteinde (%(end)s) ligt vóór het begin (%(start)s) dat al bij deze "
            "leverancier staat; vul ook de kolom 'Contract vanaf' in of corrigeer de datum."
        ) % {"end": f"{end:%d-%m-%Y}", "start": f"{start:%d-%m-%Y}"}
    return ""
