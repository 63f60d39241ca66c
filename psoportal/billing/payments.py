"""Payments: registered by hand or imported from a bank statement, matched to invoices.

Every payment that finds its invoice is booked through invoice_mark_paid (partial payments add
up; paying the first-year invoice releases the award). Its status says how the invoice stands
afterwards: matched (paid exactly), partial (still open), overpaid (more received than the
total: flagged for PSO-Nederland). A payment without a usable invoice number stays unmatched
until PSO-Nederland assigns it on the review screen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.billing.bank_import import (
    Entry,
    Statement,
    StatementRefused,
    iban_check,
    is_xml,
    parse_camt053,
    parse_csv,
)
from psoportal.billing.invoices import PaymentRefused, invoice_mark_paid
from psoportal.billing.models import Invoice, Payment, PaymentImport
from psoportal.core.audit import audit_record

# Invoice numbers look like 2026-00001 (invoices.invoice_number_take). Payers write them with a
# space or nothing in between too; the dash is put back before looking the number up.
INVOICE_NUMBER = re.compile(r"(?<!\d)(20\d{2})[-\s]?(\d{5})(?!\d)")

__all__ = ["PaymentAssignRefused", "StatementRefused", "payment_assign", "payment_register",
           "statement_import"]


class PaymentAssignRefused(ValueError):
    """Registering or assigning a payment by hand is not possible; the message is Dutch, for
    the user, and `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str = "invoice") -> None:
        super().__init__(message)
        self.field = field


def invoice_numbers_in(text: str) -> list[str]:
    return [f"{year}-{serial}" for year, serial in INVOICE_NUMBER.findall(text or "")]


def invoice_for_remittance(text: str) -> tuple[Invoice | None, str]:
    """The first invoice whose number the remittance text names, or why there is none."""
    numbers = invoice_numbers_in(text)
    if not numbers:
        return None, Payment.Reason.NO_NUMBER
    found = {i.number: i for i in Invoice.objects.filter(number__in=numbers)}
    for number in numbers:
        if number in found:
            return found[number], Payment.Reason.NONE
    return None, Payment.Reason.UNKNOWN_NUMBER


def _status_after(invoice: Invoice) -> str:
    if invoice.paid_amount < invoice.total:
        return Payment.Status.PARTIAL
    if invoice.paid_amount > invoice.total:
        return Payment.Status.OVERPAID
    return Payment.Status.MATCHED


def _book(payment: Payment, invoice: Invoice, actor: User | None) -> Payment:
    """Pay `invoice` with `payment` (inside the caller's transaction). A credited invoice or a
    credit note refuses money: the payment then stays unmatched with the reason."""
    if payment.currency != "EUR":
        payment.status, payment.reason = Payment.Status.UNMATCHED, Payment.Reason.CURRENCY
        return payment
    try:
        with transaction.atomic():
            paid = invoice_mark_paid(invoice, payment.amount, payment.booked_on, actor=actor)
    except PaymentRefused:
        payment.status, payment.reason = Payment.Status.UNMATCHED, Payment.Reason.NOT_PAYABLE
        return payment
    payment.invoice, payment.status, payment.reason = paid, _status_after(paid), ""
    return payment


def _reference_taken(source: str, reference: str) -> bool:
    return bool(reference) and Payment.objects.filter(source=source,
                                                      bank_reference=reference).exists()


# ----- by hand --------------------------------------------------------------------------------

def payment_register(*, invoice: Invoice, amount: Decimal, on: dt.date, reference: str,
                     actor: User) -> Payment:
    """PSO-Nederland records a payment it saw on the bank account. The same reference twice
    is refused (registering the same transfer again would book it twice)."""
    reference = reference.strip()
    with transaction.atomic():
        if _reference_taken(Payment.Source.MANUAL, reference):
            raise PaymentAssignRefused(_("Er is al een betaling met deze referentie "
                                         "geregistreerd."), field="reference")
        payment = Payment(amount=amount, booked_on=on, bank_reference=reference,
                          remittance=invoice.number, source=Payment.Source.MANUAL,
                          imported_by=actor)
        _book(payment, invoice, actor)
        if payment.invoice is None:
            raise PaymentAssignRefused(_("Factuur %(number)s is gecrediteerd en kan niet "
                                         "betaald worden.") % {"number": invoice.number})
        payment.save()
        audit_record(actor=actor, action="payment_register",
                     organisation_id=invoice.organisation_id, subject=payment,
                     changes={"invoice": invoice.number, "amount": str(amount),
                              "status": payment.status})
    return payment


def payment_assign(*, payment: Payment, invoice: Invoice, actor: User) -> Payment:
    """PSO-Nederland links an unmatched payment to the invoice it was meant for."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status != Payment.Status.UNMATCHED:
            raise PaymentAssignRefused(_("Deze betaling is al aan een factuur gekoppeld."))
        if locked.currency != "EUR":
            raise PaymentAssignRefused(_("Een betaling in een andere valuta dan euro kan niet "
                                         "aan een factuur gekoppeld worden."))
        _book(locked, invoice, actor)
        if locked.invoice is None:
            raise PaymentAssignRefused(_("Factuur %(number)s is gecrediteerd en kan niet "
                                         "betaald worden.") % {"number": invoice.number})
        locked.save(update_fields=["invoice", "status", "reason"])
        audit_record(actor=actor, action="payment_assign",
                     organisation_id=invoice.organisation_id, subject=locked,
                     changes={"invoice": invoice.number, "status": locked.status})
    return locked


# ----- bank statements ------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportResult:
    batch: PaymentImport
    counts: Counter


def _payment_from(entry: Entry, source: str, batch: PaymentImport, actor: User) -> Payment:
    iban, valid = iban_check(entry.iban)
    payment = Payment(
        amount=entry.amount, currency=entry.currency, booked_on=entry.booked_on,
        counterparty_name=entry.counterparty_name, iban=iban, iban_valid=valid,
        remittance=entry.remittance, bank_reference=entry.bank_reference, source=source,
        batch=batch, imported_by=actor, status=Payment.Status.UNMATCHED,
    )
    invoice, reason = invoice_for_remittance(entry.remittance)
    if invoice is None:
        payment.reason = reason
        return payment
    return _book(payment, invoice, actor)


def _parse(data: bytes) -> tuple[str, Statement]:
    if is_xml(data):
        return PaymentImport.Kind.CAMT053, parse_camt053(data)
    return PaymentImport.Kind.CSV, parse_csv(data)


def statement_import(*, data: bytes, file_name: str, actor: User) -> ImportResult:
    """Read a whole statement, then book it in one transaction: a file refused while reading,
    or a failure while booking, leaves nothing imported. Entries whose bank reference was
    imported before (from the same kind of file) are skipped and counted as duplicates."""
    kind, statement = _parse(data)
    counts: Counter = Counter()
    try:
        with transaction.atomic():
            batch = PaymentImport.objects.create(file_name=file_name[:255], kind=kind,
                                                 created_by=actor)
            seen: set[str] = set()
            for entry in statement.entries:
                if entry.bank_reference in seen or _reference_taken(kind, entry.bank_reference):
                    counts["duplicates"] += 1
                    continue
                seen.add(entry.bank_reference)
                payment = _payment_from(entry, kind, batch, actor)
                payment.save()
                counts[payment.status] += 1
            _close(batch, counts, len(statement.entries), statement.skipped)
            audit_record(actor=actor, action="payment_import", subject=batch,
                         changes=dict(counts))
    except IntegrityError as exc:
        # Another import of the same entries committed while this one ran.
        raise StatementRefused(_("Dit afschrift werd tegelijk al ingelezen; probeer het "
                                 "opnieuw.")) from exc
    return ImportResult(batch=batch, counts=counts)


def _close(batch: PaymentImport, counts: Counter, entries: int, skipped: int) -> None:
    batch.entries, batch.skipped = entries, skipped
    batch.matched = counts[Payment.Status.MATCHED]
    batch.partial = counts[Payment.Status.PARTIAL]
    batch.overpaid = counts[Payment.Status.OVERPAID]
    batch.unmatched = counts[Payment.Status.UNMATCHED]
    batch.duplicates = counts["duplicates"]
    batch.save()


# ----- the review screen ------------------------------------------------------------------------

REVIEW_LIMIT = 200


def review_lists() -> dict[str, QuerySet[Payment]]:
    payments = Payment.objects.select_related("invoice", "batch")
    return {
        "imports": PaymentImport.objects.select_related("created_by")[:10],
        "unmatched": payments.filter(status=Payment.Status.UNMATCHED)[:REVIEW_LIMIT],
        # A partial payment stops needing attention once the invoice is paid in full.
        "partial": payments.filter(status=Payment.Status.PARTIAL,
                                   invoice__status=Invoice.Status.OPEN)[:REVIEW_LIMIT],
        "overpaid": payments.filter(status=Payment.Status.OVERPAID)[:REVIEW_LIMIT],
        "bad_iban": payments.filter(iban_valid=False)[:REVIEW_LIMIT],
    }
