"""Uploaded PDFs (quotes, audit reports): checked before they are stored, served only through
views that first decide who may see them.

Security: an upload is checked on its size and on its content (a PDF starts with ``%PDF-``),
never on the name or the browser's content type alone; it is stored outside the web root
under a random name, and sent back as an attachment so a browser never renders it in our origin.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from psoportal.methodology.limits import is_control_character

MAX_PDF_MB = 10
MAX_PDF_BYTES = MAX_PDF_MB * 1024 * 1024
PDF_MAGIC = b"%PDF-"
FILENAME_MAX_LENGTH = 200


def pdf_upload_error(upload: UploadedFile) -> str | None:
    """Why this upload is not an acceptable PDF, or None."""
    if upload.size is None or upload.size > MAX_PDF_BYTES:
        return _("Het bestand is groter dan %(mb)s MB.") % {"mb": MAX_PDF_MB}
    if upload.size == 0:
        return _("Het bestand is leeg.")
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        return _("Dit is geen pdf-bestand. Upload een pdf.")
    return None


def original_name(upload: UploadedFile) -> str:
    """The name to offer on download: only the last path part, cut to the column's length."""
    name = (upload.name or "document.pdf").replace("\\", "/").rsplit("/", 1)[-1]
    # A control character (a newline) in Content-Disposition would make the download fail.
    name = "".join(char for char in name if not is_control_character(char)).strip()
    return name[-FILENAME_MAX_LENGTH:] or "document.pdf"


def pdf_response(stored: FieldFile, filename: str) -> FileResponse:
    if not stored:
        raise Http404("file")
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file") from exc
    response = FileResponse(handle, as_attachment=True, filename=filename or "document.pdf",
                            content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
