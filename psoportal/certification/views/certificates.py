"""A certificate as a PDF for the parties of its application, and its public verification page
(the QR code on the certificate opens it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from psoportal.certification.access import get_certificate_for_user
from psoportal.certification.certificate_pdf import certificate_pdf as render_pdf
from psoportal.certification.certificates import certificate_facts
from psoportal.certification.models import Certificate

# secrets.token_urlsafe(32) is 43 characters; anything longer is not a code.
CODE_MAX_LENGTH = 43


@require_GET
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, certificate_id)
    response = HttpResponse(render_pdf(certificate), content_type="application/pdf")
    # The number is ours (PSO-2026-000123), so the header holds nothing a user typed.
    response["Content-Disposition"] = f'attachment; filename="certificaat-{certificate.number}.pdf"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding the code (the QR code, the register) sees the certificate's facts
    and its status today. Unknown codes are 404; the id and number never open it."""
    if len(code) > CODE_MAX_LENGTH:
        raise Http404("certificate")
    certificate = (
        Certificate.objects.select_related("superseded_by")
        .filter(verification_code=code).first()
    )
    if certificate is None:
        raise Http404("certificate")
    return render(request, "certification/verify.html", {
        "facts": certificate_facts(certificate, on=timezone.localdate()),
        "certificate": certificate,
    })
