"""The letter as a PDF (WeasyPrint), as the certificate PDF: a tagged PDF/UA-1 in Dutch with a
title, no external resources, the QR code to the public verification page as an embedded PNG.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from psoportal.buyers.letter import Letter
from psoportal.certification.certificate_pdf import qr_data_uri


def letter_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML  # imported lazily: pango is loaded only when a PDF is made

    with translation.override("nl"):
        html = render_to_string("buyers/pdf/letter.html", {
            "letter": letter, "qr": qr_data_uri(letter.certificate.verification_url)})
    return HTML(string=html, base_url=None).write_pdf(
        pdf_identifier=f"leveranciersbrief-{letter.organisation.pk}".encode(),
        pdf_variant="pdf/ua-1",
    )
