"""The impact preview's pages (issue 14 item 2): PSO-Nederland starts the computation, follows
its progress and reads the outcome. Staff only; everyone else gets 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from psoportal.handbooks.access import get_handbook_version_for_staff
from psoportal.handbooks.models import HandbookVersion
from psoportal.handbooks.preview import PreviewRefused, handbook_preview_start, preview_busy
from psoportal.methodology.migration import STEP_QUALITATIVE, STEP_TARGET_GROUP
from psoportal.methodology.scoring import NO_LEVEL

# Geometry of the bar chart (inline SVG, user units; it scales with its box). 15 units at a
# 400-unit width stay 12,75 CSS px on a 390 px screen, as the step-4 chart (assessments/chart.py).
CHART_WIDTH = 400
CHART_FONT = 15
CHART_LABEL_WIDTH = 170  # "Niet te berekenen" is 17 characters of at most 0,62 em
CHART_BAR_MAX = 170
CHART_ROW = 30
CHART_BAR_HEIGHT = 20


@require_GET
def preview_page(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_handbook_version_for_staff(request.user, version_id)
    return render(request, "handbooks/preview.html", _context(version))


@require_GET
def preview_progress(request: HttpRequest, version_id: int) -> HttpResponse:
    """The progress bar alone, polled by htmx every 2 s while the task runs (one query)."""
    version = get_handbook_version_for_staff(request.user, version_id)
    return render(request, "handbooks/partials/preview_progress.html", _progress(version))


@require_POST
def preview_start(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_handbook_version_for_staff(request.user, version_id)
    try:
        handbook_preview_start(actor=request.user, version=version)
    except PreviewRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De impact wordt berekend. Dat kan enkele minuten duren."))
    return redirect("handbooks:preview", version.pk)


def _progress(version: HandbookVersion) -> dict[str, Any]:
    busy = preview_busy(version)
    return {
        "version": version, "busy": busy,
        "queued": version.preview_state == HandbookVersion.PreviewState.QUEUED,
        # <progress> needs a maximum above 0; a run over no drafts is done at once anyway.
        "bar_max": max(version.preview_total, 1),
    }


def _context(version: HandbookVersion) -> dict[str, Any]:
    State = HandbookVersion.PreviewState
    context = _progress(version)
    summary = version.preview if version.preview_state == State.DONE else None
    context.update({
        "nav_section": "pso_nederland",
        "can_start": not context["busy"] and version.state != HandbookVersion.State.MIGRATED,
        "stalled": version.preview_state in (State.QUEUED, State.RUNNING)
        and not context["busy"],
        "failed": version.preview_state == State.FAILED,
        "error": (version.preview or {}).get("error", "")
        if version.preview_state == State.FAILED else "",
        "summary": summary,
    })
    if summary:
        context.update(_outcome(summary))
    return context


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: int
    css: str

    @property
    def text_y(self) -> int:
        return self.y + CHART_BAR_HEIGHT - 5

    @property
    def value_x(self) -> int:
        return CHART_LABEL_WIDTH + self.width + 6


def _outcome(summary: dict[str, Any]) -> dict[str, Any]:
    english = (get_language() or "nl").startswith("en")
    labels = summary.get("labels") or {}

    def level(code: str) -> str:
        if code == NO_LEVEL:
            return _("Geen trede")
        found = labels.get(code)
        return found[1 if english else 0] if found else code

    counts = [
        (_("Hoger"), summary["up"], "bar-up"),
        (_("Lager"), summary["down"], "bar-down"),
        (_("Gelijk"), summary["same"], "bar-same"),
        (_("Niet te berekenen"), summary["unscored"], "bar-unscored"),
    ]
    largest = max([count for _label, count, _css in counts] + [1])
    bars = [
        Bar(label, count, i * CHART_ROW, round(CHART_BAR_MAX * count / largest), css)
        for i, (label, count, css) in enumerate(counts)
    ]
    steps = {STEP_TARGET_GROUP: _("Stap 3C: de doelgroep"),
             STEP_QUALITATIVE: _("Stap 5: de kwalitatieve eisen")}
    return {
        "chart": {"width": CHART_WIDTH, "height": len(bars) * CHART_ROW, "font": CHART_FONT,
                  "bar_height": CHART_BAR_HEIGHT, "bar_x": CHART_LABEL_WIDTH, "bars": bars},
        "transitions": [
            {"before": level(t["from"]), "after": level(t["to"]), "count": t["count"]}
            for t in summary["transitions"]
        ],
        "recheck": [{"step": steps.get(step, step), "count": count}
                    for step, count in summary["recheck"].items()],
        "losing": [
            {**entry, "categories": [
                {"label": c["label_en" if english else "label_nl"], "rows": c["rows"]}
                for c in entry["categories"]]}
            for entry in summary["losing_data"]
        ],
        "losing_more": summary["losing_data_total"] - len(summary["losing_data"]),
    }
