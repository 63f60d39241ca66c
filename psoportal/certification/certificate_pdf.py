"""The certificate as a PDF: the facts of the register entry and a QR code to its public
verification page (issue 10 §6).

Rendered on each download from the certificate's row, so a PDF never disagrees with the
register; a withdrawn or lapsed certificate says so in a stamp at the top. Like the
proefaanvraag PDF (assessments/pdf.py): WeasyPrint, a tagged PDF/UA-1 with language and title,
no external resources. The QR code is a PNG data URI, so it is embedded as a real image (the
test reads it back from the PDF and decodes it).
"""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils import timezone, translation

from psoportal.certification.certificates import certificate_facts
from psoportal.certification.models import Certificate


def qr_data_uri(url: str) -> str:
    # Error correction M survives a crease or a stain on a printed certificate; 4 modules of
    # quiet zone is what scanners expect.
    return segno.make(url, error="m").png_data_uri(scale=8, border=4)


def certificate_pdf(certificate: Certificate) -> bytes:
    from weasyprint import HTML  # imported lazily: pango is loaded only when a PDF is made

    today = timezone.localdate()
    # The certificate is a Dutch document whatever the language of the page it came from.
    with translation.override("nl"):
        facts = certificate_facts(certificate, on=today)
        html = render_to_string(
            "certification/pdf/certificate.html",
            {"facts": facts, "certificate": certificate,
             "qr": qr_data_uri(facts.verification_url), "made_on": today},
        )
    # PDF/UA-1: a tagged PDF with its language and title, readable by screen readers.
    return HTML(string=html, base_url=None).write_pdf(
        pdf_identifier=f"certificaat-{certificate.pk}".encode(), pdf_variant="pdf/ua-1",
    )
