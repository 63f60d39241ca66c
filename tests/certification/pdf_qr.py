"""Reading a certificate PDF back as its reader would: the QR codes a real decoder finds in the
PDF's images. Shared by the certificate PDF tests and the browser journey of issue 10."""

from __future__ import annotations

import io

import pypdf
import zxingcpp


def qr_texts(pdf: pypdf.PdfReader | bytes) -> list[str]:
    """Every QR code a decoder finds in the images of the PDF (a reader or the file's bytes)."""
    reader = pdf if isinstance(pdf, pypdf.PdfReader) else pypdf.PdfReader(io.BytesIO(pdf))
    texts = []
    for page in reader.pages:
        for image in page.images:
            texts += [found.text for found in zxingcpp.read_barcodes(image.image)
                      if found.format == zxingcpp.BarcodeFormat.QRCode]
    return texts
