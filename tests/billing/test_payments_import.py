"""Importing a CAMT.053 bank statement: each credit entry is matched on the invoice number in
its remittance text and its amount (paid, partial, overpaid), unmatched ones wait for review,
entries imported before are skipped, debits are ignored."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from psoportal.billing.models import Invoice, Payment, PaymentImport
from psoportal.billing.payments import statement_import
from psoportal.billing.services import invoices_issue_due
from psoportal.certification.transitions import State
from tests.billing.payment_support import BAD_IBAN, Tx, camt053, fee_invoice
from tests.billing.support import dates_of
from tests.certification.awarding import awarded

SAMPLE = Path(settings.BASE_DIR) / "docs" / "samples" / "camt053-voorbeeld.xml"


def run(data: bytes, bo, name: str = "afschrift.xml"):
    return statement_import(data=data, file_name=name, actor=bo)


@pytest.fixture
def invoices(organisation):
    return [fee_invoice(organisation) for _ in range(4)]  # each € 121,00 incl. VAT


def test_a_statement_with_matched_unmatched_partial_overpaid_and_duplicate_entries(invoices, bo):
    exact, partial, over, _ = invoices
    data = camt053(
        Tx(exact.total, f"Factuur {exact.number}"),
        Tx("50.00", f"betaling {partial.number} deel 1"),
        Tx("150.00", f"{over.number}"),
        Tx("80.00", "contributie zonder nummer"),
        Tx(exact.total, f"Factuur {exact.number}", reference="REF-00001"),  # same entry again
    )
    batch = run(data, bo).batch
    assert (batch.entries, batch.matched, batch.partial, batch.overpaid, batch.unmatched,
            batch.duplicates) == (5, 1, 1, 1, 1, 1)
    for invoice in invoices:
        invoice.refresh_from_db()
    assert exact.status == Invoice.Status.PAID and exact.paid_amount == exact.total
    assert partial.status == Invoice.Status.OPEN and partial.outstanding == Decimal("71.00")
    assert over.status == Invoice.Status.PAID and over.paid_amount == Decimal("150.00")
    unmatched = Payment.objects.get(status=Payment.Status.UNMATCHED)
    assert unmatched.invoice is None and unmatched.reason == Payment.Reason.NO_NUMBER
    assert Payment.objects.count() == 4


def test_importing_the_same_statement_again_books_nothing_twice(invoices, bo):
    data = camt053(Tx(invoices[0].total, invoices[0].number), Tx("10.00", "onbekend"))
    run(data, bo)
    batch = run(data, bo).batch
    assert (batch.duplicates, batch.matched, batch.unmatched) == (2, 0, 0)
    invoices[0].refresh_from_db()
    assert invoices[0].paid_amount == invoices[0].total
    assert Payment.objects.count() == 2 and PaymentImport.objects.count() == 2


def test_partial_payments_from_two_statements_add_up_to_paid(invoices, bo):
    invoice = invoices[0]
    run(camt053(Tx("21.00", invoice.number, reference="A")), bo)
    run(camt053(Tx("100.00", invoice.number, reference="B")), bo)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    statuses = list(Payment.objects.order_by("bank_reference").values_list("status", flat=True))
    assert statuses == [Payment.Status.PARTIAL, Payment.Status.MATCHED]


def test_a_payment_on_an_invoice_already_paid_is_flagged_overpaid(invoices, bo):
    invoice = invoices[0]
    run(camt053(Tx(invoice.total, invoice.number, reference="A"),
                Tx(invoice.total, invoice.number, reference="B")), bo)
    assert Payment.objects.get(bank_reference="B").status == Payment.Status.OVERPAID


def test_an_unknown_invoice_number_stays_unmatched_with_its_reason(invoices, bo):
    run(camt053(Tx("121.00", "Factuur 2019-99999")), bo)
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.UNMATCHED
    assert payment.reason == Payment.Reason.UNKNOWN_NUMBER


def test_an_invoice_number_written_without_a_dash_is_found(invoices, bo):
    year, serial = invoices[0].number.split("-")
    run(camt053(Tx(invoices[0].total, f"fact nr {year} {serial}")), bo)
    assert Payment.objects.get().invoice == invoices[0]


def test_a_payment_in_another_currency_is_never_booked(invoices, bo):
    run(camt053(Tx(invoices[0].total, invoices[0].number, currency="USD")), bo)
    payment = Payment.objects.get()
    assert (payment.status, payment.reason) == (Payment.Status.UNMATCHED,
                                                Payment.Reason.CURRENCY)
    invoices[0].refresh_from_db()
    assert invoices[0].paid_amount == 0


def test_debit_entries_are_skipped(invoices, bo):
    batch = run(camt053(Tx("7.50", "bankkosten", direction="DBIT")), bo).batch
    assert batch.skipped == 1 and not Payment.objects.exists()


def test_an_invalid_iban_is_flagged_but_the_payment_is_booked(invoices, bo):
    run(camt053(Tx(invoices[0].total, invoices[0].number, iban=BAD_IBAN)), bo)
    payment = Payment.objects.get()
    assert payment.iban_valid is False and payment.status == Payment.Status.MATCHED


def test_a_newer_camt053_version_is_read_too(invoices, bo):
    data = camt053(Tx(invoices[0].total, invoices[0].number),
                   namespace="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08")
    assert run(data, bo).batch.matched == 1


def test_a_batch_booking_becomes_one_payment_per_transaction(invoices, bo):
    first, second = invoices[:2]
    data = f"""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
      <Stmt><Id>1</Id><Ntry><Amt Ccy="EUR">242.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
      <BookgDt><Dt>2026-12-15</Dt></BookgDt><AcctSvcrRef>BATCH-1</AcctSvcrRef><NtryDtls>
      <TxDtls><Amt Ccy="EUR">121.00</Amt><RmtInf><Ustrd>{first.number}</Ustrd></RmtInf></TxDtls>
      <TxDtls><Amt Ccy="EUR">121.00</Amt><RmtInf><Ustrd>{second.number}</Ustrd></RmtInf></TxDtls>
      </NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>""".encode()
    assert run(data, bo).batch.matched == 2
    assert set(Payment.objects.values_list("bank_reference", flat=True)) == {"BATCH-1/1",
                                                                            "BATCH-1/2"}


def test_an_imported_payment_of_the_first_year_invoice_releases_the_award(application, bo):
    [invoice] = invoices_issue_due(dates_of(application).first_invoice)
    awarded(application, bo)
    assert application.state == State.AWAITING_PAYMENT
    run(camt053(Tx(invoice.total, f"Factuur {invoice.number}")), bo)
    application.refresh_from_db()
    assert application.state == State.AWARDED


def test_the_sample_in_docs_pays_the_demos_open_first_year_invoice(db):
    """`make run`'s demo has Zorg & Co waiting for its first-year invoice; importing
    docs/samples/camt053-voorbeeld.xml pays it and releases the award (issue 11 §6)."""
    from django.core.management import call_command

    from psoportal.accounts.models import User

    call_command("seed_demo")
    invoice = Invoice.objects.get(organisation__kvk="45678901", kind="first_year")
    assert invoice.status == Invoice.Status.OPEN
    assert invoice.application.state == State.AWAITING_PAYMENT
    bo = User.objects.get(email="bo@pso-nederland.demo")
    batch = run(SAMPLE.read_bytes(), bo, name=SAMPLE.name).batch
    assert (batch.matched, batch.skipped, batch.unmatched) == (1, 1, 0)
    invoice.refresh_from_db()
    invoice.application.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.application.state == State.AWARDED
