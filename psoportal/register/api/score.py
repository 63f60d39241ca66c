"""POST /api/v1/score: the free calculator as a service. It takes a ``pso-assessment/1``
document and answers exactly what ``pso score`` prints for it: both call
methodology.output.score_document. Document and result keep the format's own member names
(snake_case, assessment-format.md) rather than this API's lowerCamelCase: the same file must work
on the command line, in the web app's import and here.

The document is bounded as the command bounds it: at most MAX_DOCUMENT_BYTES (refused by its
Content-Length before it is read) and the engine's row limits. The engine never reads the
register: a purchase without the supplier's figures is refused, so no certified supplier's
confidential turnover or weighted fte can be learnt through this calculator.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router

from psoportal.methodology.handbook import HandbookNotFound
from psoportal.methodology.limits import MAX_DOCUMENT_BYTES
from psoportal.methodology.output import score_document
from psoportal.methodology.problems import InvalidAssessment, Problem
from psoportal.register.api import schemas
from psoportal.register.api.conf import SCORE_BYTES_PER_TOKEN
from psoportal.register.api.guard import charge
from psoportal.register.api.problems import (
    TYPE_INVALID_ASSESSMENT,
    engine_errors,
    problem_response,
)

router = Router(tags=["score"])


class ScoreQuery(schemas.Strict):
    explain: bool = schemas.Field(False, description="Add the explanation trace, as "
                                                     "pso score --explain does.")


def score_weight(size: int) -> int:
    """Tokens of the `api-score-ip` bucket a document of `size` bytes costs."""
    return 1 + size // SCORE_BYTES_PER_TOKEN


def _length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


@router.post("/score", operation_id="score", summary="Score a pso-assessment/1 document",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/Assessment"}}}},
                 "responses": {200: {"description": "The result, as pso score prints it.",
                                     "content": {"application/json": {
                                         "schema": {"$ref": "#/components/schemas/Score"}}}}}})
def score(request: HttpRequest, query: Query[ScoreQuery]) -> HttpResponse:
    """The level and every figure of the rekentool for the document, exactly as `pso score`
    (the command line calculator) gives them. A document the engine refuses gets a 422 problem
    naming the field path of every problem found (at most 100, then how many more)."""
    length = _length(request)
    if length is None or length > MAX_DOCUMENT_BYTES:
        return problem_response(request, 413, detail=_(
            "Een document is ten hoogste %(megabytes)s MB.") % {
                "megabytes": MAX_DOCUMENT_BYTES // 2**20})
    charge(request, "api-score-ip", weight=score_weight(length))
    data = request.read(MAX_DOCUMENT_BYTES + 1)
    try:
        result = score_document(data, explain=query.explain)
    except InvalidAssessment as refused:
        return _refused(request, list(refused.problems))
    except HandbookNotFound as missing:
        return _refused(request, [Problem("handbook", "handbook_not_found", str(missing))])
    return HttpResponse(json.dumps(result, ensure_ascii=False),
                        content_type="application/json; charset=utf-8")


def _refused(request: HttpRequest, problems: list[Problem]) -> HttpResponse:
    """422 for a document the engine refuses; 400 when the body is not JSON at all."""
    errors: list[dict[str, Any]] = engine_errors(problems)
    count = len(errors)
    status = 400 if all(problem.code == "not_json" for problem in problems) else 422
    return problem_response(
        request, status, type_=TYPE_INVALID_ASSESSMENT,
        title=_("Het document is geen geldige pso-assessment/1"),
        detail=_("Het document kan niet worden doorgerekend; errors noemt elk probleem met "
                 "zijn veld (%(count)s).") % {"count": count},
        errors=errors,
    )
