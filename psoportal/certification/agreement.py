"""The participation agreement and general terms, by version, and as PDF (rule book §9).

The text of each version is a template; its fee table is not in the text but read from the
handbook's fee table of the date the agreement is made (one source of truth: the handbook). An
application stores the version it accepted, so a later text never rewrites what was agreed.

The PDF is sent with the confirmation of a submission (issue 10 §3), rendered from the
Application when the confirmation is sent, never from the draft: the organisation and scope of
the frozen document, the agreement and handbook versions stored with it, the accepted quote, and
the fee table in force on the submission date (a running certification keeps the table of its
agreement). WeasyPrint, tagged PDF/UA-1 like the proefaanvraag (assessments/pdf.py), no external
resources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from psoportal.certification.models import Application
from psoportal.core.lib.mail import Attachment
from psoportal.methodology.handbook import FeeTable, Handbook, handbook_for, handbook_get

CURRENT_VERSION = "2024-04"

# version -> the template with its text. Add a version; never edit a published one.
TEXTS = {"2024-04": "certification/agreements/2024-04.html"}


@dataclass(frozen=True)
class Agreement:
    version: str
    template: str
    on: dt.date
    handbook: Handbook
    fees: FeeTable | None


def agreement_for(version: str, on: dt.date) -> Agreement | None:
    """The agreement text of `version` with the fee table in force on `on`; None if unknown."""
    template = TEXTS.get(version)
    if template is None:
        return None
    handbook = handbook_for(on)
    return Agreement(version=version, template=template, on=on, handbook=handbook,
                     fees=handbook.fee_table_for(on))



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
        # The text of the version the applicant accepted, with the fee table of that day.
        "agreement": agreement_for(application.agreement_version, submitted_on),
        "english": (get_language() or "nl").startswith("en"),
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
