"""A certificate as a PDF for the parties of its application. Its public verification page
(the QR code on the certificate opens it) belongs to the register (register/views.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from psoportal.certification.access import get_certificate_for_user
from psoportal.certification.certificate_pdf import certificate_pdf as render_pdf


@require_GET
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, certificate_id)
    response = HttpResponse(render_pdf(certificate), content_type="application/pdf")
    # The number is ours (PSO-2026-000123), so the header holds nothing a user typed.
    response["Content-Disposition"] = f'attachment; filename="certificaat-{certificate.number}.pdf"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

