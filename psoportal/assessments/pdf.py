"""The "proefaanvraag" PDF: a summary of a rekentool's data and provisional result.

Rendered from a Django template with WeasyPrint. The PDF has its own stylesheet and loads no
external resources, so rendering never touches the network.

WeasyPrint lays out about 100 table rows per second on one core (measured with bench/pages.py
helpers on the shared 2-core machine: 10 rows 0.45 s, 200 rows 2.3 s, 1,000 rows 13.6 s; the
20,000-row PDF took 147 s and 1.4 GB). Long tables are therefore summarised: the first
ROWS_IN_FULL rows in full, then totals per category and contract (employees) or per kind
(purchases) over all rows; the full list is in the JSON/Excel export. With 20,000 employees and
10,000 purchases: 50 rows per table 1.9–2.0 s, 100 rows 2.8–3.0 s (warm, machine under load),
plus up to 3 s to score the rekentool first when it changed: 50 keeps the PDF well under 10 s.
Entities are listed by name in one cell, the first ROWS_IN_FULL of them (500 as table rows
took 3 s). bench/pdf.py measures the scored rekentool at the input limits (50,000 employees,
50,000 purchases, 500 entities): p50 1.2 s, p95 1.5 s, 16x the minimal PDF (target < 3 s).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from psoportal.assessments.models import Purchase
from psoportal.assessments.outcome import outcome_of
from psoportal.assessments.selectors import Evaluation, purchases_not_counted
from psoportal.assessments.trace_lines import trace_lines
from psoportal.methodology.rounding import fte_text

# Rows shown one by one per table (as many as a page of the 3C/3D table on screen); beyond
# this the PDF summarises.
ROWS_IN_FULL = 50


def proefaanvraag_pdf(evaluation: Evaluation) -> bytes:
    from weasyprint import HTML  # imported lazily: pango is loaded only when a PDF is made

    rekentool = evaluation.rekentool
    outcome = (
        outcome_of(evaluation.result, evaluation.handbook, rekentool.qualitative)
        if evaluation.result
        else None
    )
    html = render_to_string(
        "assessments/pdf/proefaanvraag.html",
        {
            "rekentool": rekentool,
            "organisation": rekentool.organisation,
            # At most ROWS_IN_FULL entities by name (a table row each cost 3 s at 500).
            "entities": list(rekentool.organisation.entities.all()[:ROWS_IN_FULL]),
            "entity_count": (entity_count := rekentool.organisation.entities.count()),
            "entities_more": max(0, entity_count - ROWS_IN_FULL),
            "evaluation": evaluation,
            "result": evaluation.result,
            "employees": _employees_in_full(evaluation),
            "employee_summary": _employee_summary(evaluation),
            "purchases": (purchases := list(rekentool.purchases.order_by("id")[:ROWS_IN_FULL])),
            "not_counted": purchases_not_counted(rekentool, purchases),
            "purchase_summary": _purchase_summary(evaluation),
            "rows_in_full": ROWS_IN_FULL,
            "made_at": timezone.localtime(),
            "outcome": outcome,
            "trace": trace_lines(
                evaluation.result["explanation"]["steps"], evaluation.handbook,
                final_known=outcome.final_known,
            )
            if outcome
            else [],
            "step5": _step5_answers(evaluation, outcome),
        },
    )
    # PDF/UA-1: a tagged PDF with its language and title, readable by screen readers.
    return HTML(string=html, base_url=None).write_pdf(
        pdf_identifier=f"rekentool-{rekentool.pk}".encode(), pdf_variant="pdf/ua-1",
    )


def _step5_answers(evaluation: Evaluation, outcome) -> list[dict[str, Any]]:
    """Each question of step 5 that decides the level, with the answer given (None: open)."""
    if outcome is None:
        return []
    english = get_language() == "en"
    answers = evaluation.rekentool.qualitative or {}
    aspects = []
    for aspect in outcome.aspects:
        given = answers.get(aspect.code)
        if isinstance(given, list | tuple):
            per_question = list(given)
        elif given is None:
            per_question = []
        else:  # one answer for the whole aspect (the document format allows it)
            per_question = [given] * len(aspect.questions)
        aspects.append({
            "label": aspect.label_en if english else aspect.label_nl,
            "questions": [
                {
                    "text": question.text_en if english else question.text_nl,
                    "answer": per_question[index] if index < len(per_question) else None,
                }
                for index, question in enumerate(aspect.questions)
            ],
        })
    return aspects


def _label(known, code: str) -> str:
    """The handbook's name of a category or contract in the page's language; a code the
    handbook does not know (it is refused elsewhere) as it is."""
    if known is None:
        return code
    return known.label_en if get_language() == "en" else known.label_nl


def _employees_in_full(evaluation: Evaluation) -> list[dict[str, Any]]:
    handbook = evaluation.handbook
    rows = evaluation.rekentool.employees.order_by("id")[:ROWS_IN_FULL]
    return [
        {
            "ref": row.ref,
            "category": _label(handbook.categories.get(row.category), row.category),
            "contract": _label(handbook.contracts.get(row.contract), row.contract),
            "hours_per_week": row.hours_per_week,
            "employed_from": row.employed_from,
            "employed_until": row.employed_until,
        }
        for row in rows
    ]


def _employee_summary(evaluation: Evaluation) -> dict[str, Any]:
    """Count, hours per week and weighted fte per category and contract, over all rows."""
    handbook = evaluation.handbook
    figures = evaluation.row_figures() if evaluation.result else {}
    groups: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"count": 0, "hours": Decimal(0), "weighted_fte": Fraction(0)}
    )
    rows = evaluation.rekentool.employees.values_list("ref", "category", "contract",
                                                      "hours_per_week")
    for ref, category, contract, hours in rows.iterator(chunk_size=5000):
        group = groups[(category, contract)]
        group["count"] += 1
        group["hours"] += hours
        found = figures.get(ref)
        if found is not None:
            group["weighted_fte"] += Fraction(found[1])
    lines = []
    for (category, contract), group in sorted(groups.items()):
        lines.append({
            "category": _label(handbook.categories.get(category), category),
            "contract": _label(handbook.contracts.get(contract), contract),
            "count": group["count"],
            "hours": group["hours"],
            "weighted_fte": fte_text(group["weighted_fte"]),
        })
    # Exact sums, rounded once: the total equals D as the engine rounds it.
    return {
        "lines": lines,
        "count": sum(group["count"] for group in groups.values()),
        "hours": sum((group["hours"] for group in groups.values()), Decimal(0)),
        "weighted_fte": fte_text(sum((g["weighted_fte"] for g in groups.values()), Fraction(0))),
    }


def _purchase_summary(evaluation: Evaluation) -> dict[str, Any]:
    """Count and amount per kind of supplier, over all purchases."""
    kinds = dict(Purchase.Kind.choices)
    lines = [
        {"kind": kinds.get(row["kind"], row["kind"]), "count": row["count"],
         "amount": row["amount"]}
        for row in evaluation.rekentool.purchases.values("kind")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by("kind")
    ]
    return {
        "lines": lines,
        "count": sum(line["count"] for line in lines),
        "amount": sum((line["amount"] for line in lines), Decimal(0)),
    }
