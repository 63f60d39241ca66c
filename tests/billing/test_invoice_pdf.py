"""The invoice PDF (Dutch, tagged PDF/UA-1): sender, organisation and KvK, number, dates, lines,
VAT, total, payment term and IBAN."""

from __future__ import annotations

import io

from pypdf import PdfReader

from psoportal.billing.pdf import invoice_filename, invoice_pdf
from psoportal.billing.services import invoices_issue_due
from tests.billing.support import audit_corrects_fte, dates_of


def _text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages), reader


def test_the_invoice_pdf_carries_the_facts_in_dutch(application, settings):
    settings.BILLING_IBAN = "NL91 ABNA 0417 1643 00"
    [invoice] = invoices_issue_due(dates_of(application).first_invoice)
    text, reader = _text(invoice_pdf(invoice))
    for expected in (f"Factuur {invoice.number}", "Stichting PSO-Nederland", "Voorbeeld B.V.",
                     "KvK-nummer 12345678", f"{invoice.invoice_date:%d-%m-%Y}",
                     f"{invoice.due_date:%d-%m-%Y}", "Jaarbijdrage eerste deelnamejaar",
                     "€ 1.575,00", "Btw 21 %", "€ 330,75", "€ 1.905,75",
                     "Betalingstermijn 14 dagen", "NL91 ABNA 0417 1643 00"):
        assert expected in text.replace("\u00a0", " "), expected
    # Tagged, with its language and title (PDF/UA-1).
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl" and "/StructTreeRoot" in catalog
    assert invoice.number in reader.metadata.title
    assert invoice_filename(invoice) == f"factuur-{invoice.number}.pdf"


def test_a_credit_note_pdf_names_the_invoice_it_credits(application):
    first_day = dates_of(application).first_invoice
    [first] = invoices_issue_due(first_day)
    audit_corrects_fte(application, "30")
    [credit] = invoices_issue_due(first_day)
    text, _ = _text(invoice_pdf(credit))
    text = text.replace("\u00a0", " ")
    assert f"Creditnota {credit.number}" in text and f"Crediteert factuur {first.number}" in text
    assert "€ -577,50" in text or "-€ 577,50" in text or "€ −577,50" in text
    assert invoice_filename(credit).startswith("creditnota-")
