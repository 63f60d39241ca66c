"""Issuing and paying invoices: the only writes of billing's invoices.

There is no update path: an issued invoice keeps its number, dates, lines and totals (the model
refuses a change too). `invoice_issue` is called inside a transaction by the rules (rules.py);
`invoice_mark_paid` is what a payment (by hand, or a bank statement importer) calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from psoportal.accounts.models import User
from psoportal.billing.models import Invoice, InvoiceCounter, InvoiceLine
from psoportal.certification.models import Application, FeeEvent
from psoportal.certification.services import TransitionRefused, application_transition
from psoportal.certification.transitions import Party, State
from psoportal.core.audit import audit_record
from psoportal.methodology.handbook import Handbook, handbook_for, handbook_get
from psoportal.organisations.models import Organisation

CENT = Decimal("0.01")


class AlreadyIssued(Exception):
    """The claim key (application, kind, period) is taken: another run issued this invoice."""


@dataclass(frozen=True)
class Line:
    code: str
    description: str
    amount: Decimal
    quantity: Decimal = Decimal(1)
    fee_event: FeeEvent | None = field(default=None, compare=False)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def invoice_number_take(year: int) -> str:
    """The next number of the year, e.g. "2026-00001". Must run inside the issuing transaction:
    the counter row stays locked until it commits, so two issuers never get the same number,
    and a rollback gives the number back (no gaps)."""
    counter = InvoiceCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                InvoiceCounter.objects.create(year=year)
        except IntegrityError:
            pass  # a concurrent issuer made the year's row first; lock that one
        counter = InvoiceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{year}-{counter.last:05d}"


def _handbook(application: Application | None, on: dt.date) -> Handbook:
    # An application's invoices follow its own handbook (rule book §10); others today's.
    return handbook_get(application.handbook_version) if application else handbook_for(on)


def invoice_issue(
    *, organisation: Organisation, application: Application | None, kind: str, period: str,
    lines: Sequence[Line], on: dt.date, contribution_year: int | None = None,
    credits: Invoice | None = None,
) -> Invoice:
    """Issue one invoice with its lines, numbered and totalled, claimed by its unique key.

    Raises AlreadyIssued when the key is taken (the caller's savepoint is rolled back, the
    number with it). VAT rate and payment term come from the handbook.
    """
    handbook = _handbook(application, on)
    subtotal = cents(sum((line.amount for line in lines), Decimal(0)))
    vat = cents(subtotal * handbook.vat_rate_pct / 100)
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                organisation=organisation, application=application, kind=kind, period=period,
                contribution_year=contribution_year, number=invoice_number_take(on.year),
                invoice_date=on,
                due_date=on + dt.timedelta(days=handbook.dates.payment_term_days),
                credits=credits, organisation_name=organisation.name,
                organisation_kvk=organisation.kvk, subtotal=subtotal,
                vat_rate=handbook.vat_rate_pct, vat=vat, total=subtotal + vat,
            )
            InvoiceLine.objects.bulk_create(
                InvoiceLine(invoice=invoice, code=line.code, description=line.description,
                            quantity=line.quantity, unit_amount=cents(line.amount / line.quantity),
                            amount=cents(line.amount), fee_event=line.fee_event)
                for line in lines
            )
    except IntegrityError as exc:
        raise AlreadyIssued(f"{application} {kind} {period}") from exc
    audit_record(actor=None, action="invoice_issue", organisation_id=organisation.pk,
                 subject=invoice, changes={"number": invoice.number, "kind": kind})
    return invoice


class PaymentRefused(ValueError):
    pass


def invoice_mark_paid(
    invoice: Invoice, amount: Decimal, on: dt.date, *, actor: User | None = None,
) -> Invoice:
    """Record a payment of `amount` on `on`. Partial payments add up; the invoice is paid once
    they reach its total. Paying the first-year invoice releases the award that waits for it
    (rule book §9), in the same transaction: a failing release keeps the payment unrecorded.
    """
    if amount <= 0:
        raise PaymentRefused("a payment is a positive amount")
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.is_credit_note or locked.status == Invoice.Status.CREDITED:
            raise PaymentRefused(f"invoice {locked.number} is {locked.status}")
        locked.paid_amount = cents(locked.paid_amount + amount)
        if locked.status == Invoice.Status.OPEN and locked.paid_amount >= locked.total:
            locked.status = Invoice.Status.PAID
            locked.paid_on = on
        locked.save(update_fields=["paid_amount", "status", "paid_on"])
        audit_record(actor=actor, action="invoice_mark_paid",
                     organisation_id=locked.organisation_id, subject=locked,
                     changes={"amount": str(amount), "status": locked.status})
        if locked.status == Invoice.Status.PAID:
            award_release(locked, actor=actor)
    invoice.refresh_from_db()
    return invoice


def award_release(invoice: Invoice, *, actor: User | None) -> bool:
    """Take "payment_received" when this paid invoice is the first-year invoice of an
    application waiting for it. True when the award was released."""
    if invoice.kind != Invoice.Kind.FIRST_YEAR or invoice.status != Invoice.Status.PAID:
        return False
    application = invoice.application
    if application is None or application.state != State.AWAITING_PAYMENT:
        return False
    application_transition(application=application, name="payment_received", actor=actor,
                           party=Party.PSO_NEDERLAND)
    return True


def awards_release_paid(*, actor: User | None = None) -> list[Application]:
    """Applications awarded after their first-year invoice was paid: released now (the payment
    came first, so invoice_mark_paid found nothing waiting). Idempotent: the transition is a
    compare-and-set, so a second run or a concurrent one finds nothing to do."""
    released = []
    paid = Invoice.objects.filter(kind=Invoice.Kind.FIRST_YEAR, status=Invoice.Status.PAID,
                                  application__state=State.AWAITING_PAYMENT)
    for invoice in paid.select_related("application"):
        try:
            with transaction.atomic():
                if award_release(invoice, actor=actor):
                    released.append(invoice.application)
        except TransitionRefused:
            continue  # a concurrent run or a person released it (or cancelled) first
    return released


def invoices_of_organisation(organisation: Organisation) -> QuerySet[Invoice]:
    return organisation.invoices.select_related("credits").order_by("-invoice_date", "-number")
