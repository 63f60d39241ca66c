"""Importing a Dutch bank's CSV export: ';' between fields, a decimal comma, a header row
naming the columns (Datum, Bedrag, Af Bij, Naam tegenpartij, Tegenrekening, Omschrijving,
Referentie)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from psoportal.billing.bank_import import StatementRefused, parse_csv
from psoportal.billing.models import Invoice, Payment, PaymentImport
from psoportal.billing.payments import statement_import
from tests.billing.payment_support import BAD_IBAN, GOOD_IBAN, fee_invoice

HEADER = "Datum;Naam tegenpartij;Tegenrekening;Af Bij;Bedrag;Omschrijving;Referentie\n"


def csv_of(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_a_csv_with_decimal_commas_pays_the_invoice(organisation, bo):
    invoice = fee_invoice(organisation, amount="1300.00")  # € 1.573,00 incl. VAT
    data = csv_of(f"15-12-2026;Voorbeeld B.V.;{GOOD_IBAN};Bij;1.573,00;Factuur {invoice.number};R1")
    batch = statement_import(data=data, file_name="ing.csv", actor=bo).batch
    assert batch.kind == PaymentImport.Kind.CSV and batch.matched == 1
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.paid_amount == Decimal("1573.00")


def test_csv_rows_af_and_negative_amounts_are_skipped():
    statement = parse_csv(csv_of("2026-12-15;Bank;;Af;7,50;kosten;R1",
                                 "20261215;Bank;;;-2,00;kosten;R2",
                                 "2026-12-15;Klant;;Bij;95,00;iets;R3"))
    assert statement.skipped == 2 and [e.amount for e in statement.entries] == [Decimal("95.00")]


def test_a_csv_payment_from_an_invalid_iban_is_flagged(organisation, bo):
    data = csv_of(f"15-12-2026;Klant;{BAD_IBAN};Bij;10,00;zonder nummer;R1")
    statement_import(data=data, file_name="a.csv", actor=bo)
    payment = Payment.objects.get()
    assert payment.iban_valid is False and payment.status == Payment.Status.UNMATCHED


def test_a_csv_without_the_date_and_amount_columns_is_refused(bo):
    with pytest.raises(StatementRefused, match="kolommen Datum en Bedrag"):
        statement_import(data=b"a,b,c\n1,2,3\n", file_name="a.csv", actor=bo)
    assert not PaymentImport.objects.exists()


def test_a_csv_with_a_bad_amount_imports_nothing(organisation, bo):
    invoice = fee_invoice(organisation)
    data = csv_of(f"15-12-2026;K;;Bij;121,00;{invoice.number};R1", "15-12-2026;K;;Bij;twaalf;x;R2")
    with pytest.raises(StatementRefused, match="ongeldig bedrag"):
        statement_import(data=data, file_name="a.csv", actor=bo)
    invoice.refresh_from_db()
    assert invoice.paid_amount == 0 and not Payment.objects.exists()


def test_the_same_csv_twice_is_skipped_as_duplicates(organisation, bo):
    invoice = fee_invoice(organisation)
    data = csv_of(f"15-12-2026;K;;Bij;121,00;{invoice.number};")  # no reference: fingerprint
    statement_import(data=data, file_name="a.csv", actor=bo)
    batch = statement_import(data=data, file_name="a.csv", actor=bo).batch
    assert batch.duplicates == 1 and Payment.objects.count() == 1
