"""The "proefaanvraag" PDF: a summary of a rekentool's data and provisional result.

Rendered from a Django template with WeasyPrint. The PDF has its own stylesheet and loads no
external resources, so rendering never touches the network.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from psoportal.assessments.selectors import Evaluation


def proefaanvraag_pdf(evaluation: Evaluation) -> bytes:
    from weasyprint import HTML  # imported lazily: pango is loaded only when a PDF is made

    rekentool = evaluation.rekentool
    html = render_to_string(
        "assessments/pdf/proefaanvraag.html",
        {
            "rekentool": rekentool,
            "organisation": rekentool.organisation,
            "entities": list(rekentool.organisation.entities.all()),
            "evaluation": evaluation,
            "result": evaluation.result,
            "employees": list(rekentool.employees.all()),
            "purchases": list(rekentool.purchases.all()),
            "made_at": timezone.localtime(),
        },
    )
    return HTML(string=html, base_url=None).write_pdf(
        pdf_identifier=f"rekentool-{rekentool.pk}".encode()
    )
