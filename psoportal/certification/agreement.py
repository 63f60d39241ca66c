"""The participation agreement as PDF, sent with the confirmation of a submission (issue 10 §3).

Rendered from the Application when the confirmation is sent, never from the draft: the
organisation and scope of the frozen document, the agreement and handbook versions stored with
it, the accepted quote, and the fee table in force on the submission date (rule book §9: a
running certification keeps the table of its agreement). WeasyPrint, tagged PDF/UA-1 like the
proefaanvraag (assessments/pdf.py), no external resources.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from psoportal.certification.models import Application
from psoportal.core.lib.mail import Attachment
from psoportal.methodology.handbook import handbook_get


def agreement_context(application: Application) -> dict[str, Any]:
    handbook = handbook_get(application.handbook_version)
    submitted_on = timezone.localdate(application.submitted_at)
    table = handbook.fee_table_for(submitted_on)
    organisation = application.document.get("organisation") or {}
    quote = application.accepted_quote
    return {
        # Rendered without a request (by the worker): the language is the active one.
        "LANGUAGE_CODE": get_language() or "nl",
        "application": application,
        "organisation": organisation,
        "entities": organisation.get("entities") or [],
        "submitted_on": submitted_on,
        "handbook": handbook,
        "table": table,
        "events": list(table.events.values()) if table else [],
        "vat_rate_pct": handbook.vat_rate_pct,
        "quote": quote,
        "institution": quote.request.institution.name if quote else "",
    }


def agreement_pdf(application: Application) -> bytes:
    from weasyprint import HTML  # imported lazily: pango is loaded only when a PDF is made

    html = render_to_string("certification/pdf/agreement.html", agreement_context(application))
    # PDF/UA-1: a tagged PDF with its language and title, readable by screen readers.
    return HTML(string=html, base_url=None).write_pdf(
        pdf_identifier=f"agreement-{application.pk}".encode(), pdf_variant="pdf/ua-1",
    )


def agreement_attachment(application: Application) -> Attachment:
    kvk = (application.document.get("organisation") or {}).get("kvk", "")
    day = timezone.localdate(application.submitted_at).strftime("%Y%m%d")
    return (f"deelnameovereenkomst-pso-{kvk}-{day}.pdf", agreement_pdf(application),
            "application/pdf")
