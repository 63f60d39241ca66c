"""Step 4 (provisional score) and step 5 (qualitative questions)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from psoportal.assessments.access import get_rekentool_for_user
from psoportal.assessments.chart import score_chart
from psoportal.assessments.forms import QualitativeForm
from psoportal.assessments.outcome import outcome_of
from psoportal.assessments.selectors import (
    rekentool_evaluate,
    rekentool_score_is_current,
    rekentool_scored_soon,
    step5_aspects,
)
from psoportal.assessments.services import StaleVersion, rekentool_update
from psoportal.assessments.trace_lines import trace_lines
from psoportal.assessments.views.common import is_htmx, refuse_when_frozen, steps_context


@require_GET
def result(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    evaluation = rekentool_evaluate(rekentool, stale_ok=True)
    outcome = (
        outcome_of(evaluation.result, evaluation.handbook, rekentool.qualitative)
        if evaluation.result
        else None
    )
    return render(
        request,
        "assessments/result.html",
        {
            "rekentool": rekentool,
            "organisation": rekentool.organisation,
            "evaluation": evaluation,
            "result": evaluation.result,
            "chart": score_chart(evaluation.result, evaluation.handbook)
            if evaluation.result
            else None,
            "outcome": outcome,
            "trace": trace_lines(
                evaluation.result["explanation"]["steps"], evaluation.handbook,
                final_known=outcome.final_known,
            )
            if outcome
            else [],
            "steps": steps_context(evaluation, 4),
        },
    )


@require_http_methods(["GET", "POST"])
@refuse_when_frozen("mijnpso:qualitative")
def qualitative(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    evaluation = rekentool_evaluate(
        # The answers are saved for the aspects of the level the data reaches now.
        rekentool, stale_ok=request.method == "GET"
    )
    if evaluation.result is None:
        messages.info(request, _("Vul eerst de gegevens van stap 3 in; daarna ziet u hier de "
                                 "vragen die bij uw voorlopige trede horen."))
        return redirect("mijnpso:data", rekentool.pk)
    aspects = step5_aspects(evaluation.handbook, evaluation.result["quantitative_level"])
    initial = {"version": rekentool.version}
    for aspect in aspects:
        answer = (rekentool.qualitative or {}).get(aspect.code)
        if answer is None:
            continue
        values = answer if isinstance(answer, list) else [answer] * len(aspect.questions)
        for index, value in enumerate(values):
            initial[f"{aspect.code}__{index}"] = "ja" if value else "nee"
    form = QualitativeForm(initial=initial, aspects=aspects)
    if request.method == "POST":
        form = QualitativeForm(request.POST, aspects=aspects)
        if form.is_valid():
            answers = dict(rekentool.qualitative or {})
            answers.update(form.answers())
            try:
                rekentool = rekentool_update(
                    rekentool=rekentool,
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                    qualitative=answers,
                )
            except StaleVersion as exc:
                form.add_error(None, str(exc))
            else:
                if is_htmx(request):
                    return render(
                        request, "assessments/partials/saved.html",
                        {"saved": timezone.localtime(), "version": rekentool.version},
                    )
                messages.success(request, _("Uw antwoorden zijn opgeslagen."))
                return redirect("mijnpso:result", rekentool.pk)
        if is_htmx(request):  # the summary travels out-of-band (the radios keep their layout)
            return render(request, "assessments/partials/saved.html",
                          {"form": form, "summary_only": True})
    return render(
        request,
        "assessments/qualitative.html",
        {
            "rekentool": rekentool,
            "organisation": rekentool.organisation,
            "evaluation": evaluation,
            "form": form,
            "steps": steps_context(evaluation, 5),
        },
    )


@require_GET
def score_status(request: HttpRequest, rekentool_id: int) -> HttpResponse:
    """Whether the worker has scored the latest change yet (polled by the notice; never
    scores itself, so polling costs a query, not an engine run)."""
    rekentool = get_rekentool_for_user(request.user, rekentool_id)
    if not rekentool_score_is_current(rekentool) and rekentool_scored_soon(rekentool):
        return HttpResponse(status=204)  # htmx swaps nothing and keeps polling
    # Scored, or no worker scored it in time: a reload shows the current result either way.
    return render(request, "assessments/score_status.html", {"rekentool": rekentool})
