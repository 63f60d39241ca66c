"""A bank statement is untrusted input: a hostile XML file (entity expansion, external
entities, a DTD), a huge file, too many entries or a malformed file is refused with a Dutch
message and nothing is imported, also when the problem is in the last entry."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from psoportal.billing import bank_import
from psoportal.billing.bank_import import StatementRefused, read_upload
from psoportal.billing.invoices import invoice_mark_paid
from psoportal.billing.models import Invoice, Payment, PaymentImport
from psoportal.billing.payments import statement_import
from tests.billing.payment_support import Tx, camt053, fee_invoice

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-12-15</Dt></BookgDt>
<AddtlNtryInf>&lol9;</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-12-15</Dt></BookgDt>
<AddtlNtryInf>&xxe;</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>"""


def refused(data: bytes, bo) -> str:
    with pytest.raises(StatementRefused) as exc:
        statement_import(data=data, file_name="x.xml", actor=bo)
    assert not Payment.objects.exists() and not PaymentImport.objects.exists()
    return str(exc.value)


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs",
                                                                         "external-entity"])
def test_xml_with_entities_is_refused_and_nothing_imported(data, bo):
    assert "entiteiten" in refused(data, bo)


def test_a_doctype_without_entities_is_refused_too(bo):
    data = camt053(Tx("1.00", "x")).replace(b"<Document", b"<!DOCTYPE Document>\n<Document", 1)
    assert "DTD" in refused(data, bo)


def test_malformed_xml_is_refused(bo):
    data = camt053(Tx("1.00", "x"))[:-40]
    assert refused(data, bo) == "Het bestand is geen geldig XML-bestand."


def test_xml_that_is_not_a_camt053_statement_is_refused(bo):
    assert "CAMT.053" in refused(b"<html><body>hallo</body></html>", bo)


def test_a_file_above_the_size_cap_is_refused_before_it_is_read_whole(bo):
    upload = SimpleUploadedFile("groot.xml", b"<" + b"x" * bank_import.MAX_BYTES)
    with pytest.raises(StatementRefused, match="te groot"):
        read_upload(upload)


def test_a_statement_with_more_entries_than_the_cap_is_refused(organisation, bo, monkeypatch):
    monkeypatch.setattr(bank_import, "MAX_ENTRIES", 3)
    assert "meer dan 3 boekingen" in refused(camt053(*[Tx("1.00", "x")] * 4), bo)


def test_a_bad_amount_in_the_last_entry_leaves_the_first_ones_unbooked(organisation, bo):
    invoice = fee_invoice(organisation)
    data = camt053(Tx(invoice.total, invoice.number), Tx("12,50", "komma"))
    assert "ongeldig bedrag" in refused(data, bo)
    invoice.refresh_from_db()
    assert invoice.paid_amount == 0 and invoice.status == Invoice.Status.OPEN


def test_a_failure_while_booking_rolls_the_whole_import_back(organisation, bo):
    first, second = fee_invoice(organisation), fee_invoice(organisation)
    data = camt053(Tx(first.total, first.number), Tx(second.total, second.number))
    calls = {"n": 0}

    def fail_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("database gone")
        return invoice_mark_paid(*args, **kwargs)

    with mock.patch("psoportal.billing.payments.invoice_mark_paid", fail_second), \
            pytest.raises(RuntimeError):
        statement_import(data=data, file_name="x.xml", actor=bo)
    first.refresh_from_db()
    assert first.paid_amount == 0 and not Payment.objects.exists()
    assert not PaymentImport.objects.exists()
