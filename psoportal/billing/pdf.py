"""The invoice as a PDF: PSO-Nederland as sender, the organisation with its KvK number, the
number, dates, lines, VAT, total and payment term. Rendered from the stored invoice on each
download (an issued invoice never changes, so the PDF never does either). Like the certificate:
WeasyPrint, tagged PDF/UA-1 with language and title, Dutch whatever the page's language."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from psoportal.billing.models import Invoice


def invoice_pdf(invoice: Invoice) -> bytes:
    from weasyprint import HTML  # imported lazily: pango is loaded only when a PDF is made

    with translation.override("nl"):
        html = render_to_string("billing/pdf/invoice.html", {
            "invoice": invoice,
            "lines": list(invoice.lines.all()),
            "sender": {
                "name": settings.BILLING_SENDER_NAME,
                "address": settings.BILLING_SENDER_ADDRESS,
                "kvk": settings.BILLING_SENDER_KVK,
                "vat_number": settings.BILLING_SENDER_VAT_NUMBER,
                "iban": settings.BILLING_IBAN,
            },
            "term_days": (invoice.due_date - invoice.invoice_date).days,
        })
    return HTML(string=html, base_url=None).write_pdf(
        pdf_identifier=f"factuur-{invoice.pk}".encode(), pdf_variant="pdf/ua-1",
    )


def invoice_filename(invoice: Invoice) -> str:
    prefix = "creditnota" if invoice.is_credit_note else "factuur"
    return f"{prefix}-{invoice.number}.pdf"
