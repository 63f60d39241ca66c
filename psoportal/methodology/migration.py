"""Moving a draft's `pso-assessment/1` document from one handbook version to the next (rule
book §10, issue 14): pure, the same for the impact preview and for the migration on the date.

What the new version's `[migration]` table declares is applied: a renamed category or question
takes its new code, a removed one's data is set aside (listed, never silently dropped). A code
the old version had and the new one lacks without a declaration is set aside as well: the new
version cannot count it. Answers to an aspect given per question follow the questions by code; a
question the new version adds is left unanswered (null), so step 5 asks for it again.

Which steps need a new look is returned with the document: "3C" (the target group lost or changed
rows) and "5" (a question is new, or an answer was set aside).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .handbook import Handbook

STEP_TARGET_GROUP = "3C"
STEP_QUALITATIVE = "5"


@dataclass(frozen=True)
class SetAside:
    """Data of the old version the new one cannot carry: a target-group row (its `ref` and the
    removed category), or an answer (the aspect, and the question code when per question)."""

    kind: str  # "target_group" or "answer"
    code: str  # the category, aspect or question code that is gone
    ref: str  # the row's reference, or the aspect's code for an answer
    value: Any  # the row or the answer as it was (for the list kept aside)


@dataclass(frozen=True)
class MigratedDocument:
    document: dict[str, Any]
    set_aside: tuple[SetAside, ...]
    recheck: frozenset[str]
    renamed: int  # values that took a new code


def migrate_document(document: Mapping[str, Any], *, old: Handbook,
                     new: Handbook) -> MigratedDocument:
    """`document` (of `old`) as a document of `new`. The input is not changed."""
    rules = new.migration
    category_renames = rules.renamed("category") if rules else {}
    question_renames = rules.renamed("question") if rules else {}
    out = copy.deepcopy(dict(document))
    set_aside: list[SetAside] = []
    recheck: set[str] = set()
    renamed = 0

    rows = []
    for row in out.get("target_group") or []:
        code = row.get("category") if isinstance(row, dict) else None
        if isinstance(code, str) and code in category_renames:
            row["category"] = category_renames[code]
            renamed += 1
        elif isinstance(code, str) and code not in new.categories:
            set_aside.append(SetAside("target_group", code, str(row.get("ref") or ""), row))
            recheck.add(STEP_TARGET_GROUP)
            continue
        rows.append(row)
    if "target_group" in out:
        out["target_group"] = rows

    answers = out.get("qualitative")
    if isinstance(answers, dict):
        out["qualitative"], aside, changed, count = _answers(answers, old, new, question_renames)
        set_aside += aside
        renamed += count
        if changed:
            recheck.add(STEP_QUALITATIVE)
    if any(not _answered(out.get("qualitative"), aspect.code) for aspect in new.aspects
           if aspect.code not in {a.code for a in old.aspects}):
        recheck.add(STEP_QUALITATIVE)

    if out.get("handbook") == old.version:
        out["handbook"] = new.version
    return MigratedDocument(out, tuple(set_aside), frozenset(recheck), renamed)


def _answered(answers: object, aspect: str) -> bool:
    return isinstance(answers, dict) and answers.get(aspect) is not None


def _answers(answers: dict[str, Any], old: Handbook, new: Handbook,
             renames: dict[str, str]) -> tuple[dict[str, Any], list[SetAside], bool, int]:
    """The answers per aspect of `new`; (answers, set aside, anything to re-check, renamed)."""
    old_aspects = {a.code: a for a in old.aspects}
    new_aspects = {a.code: a for a in new.aspects}
    out: dict[str, Any] = {}
    aside: list[SetAside] = []
    changed = False
    renamed = 0
    for code, answer in answers.items():
        if code not in new_aspects:
            aside.append(SetAside("answer", code, code, answer))
            changed = True
            continue
        if not isinstance(answer, list) or code not in old_aspects:
            out[code] = answer
            continue
        by_code: dict[str, Any] = {}
        for question, value in zip(old_aspects[code].questions, answer, strict=False):
            target = renames.get(question.code, question.code)
            renamed += target != question.code
            by_code[target] = value
        wanted = [q.code for q in new_aspects[code].questions]
        for question_code, value in by_code.items():
            if question_code not in wanted:
                aside.append(SetAside("answer", question_code, code, value))
                changed = True
        out[code] = [by_code.get(question) for question in wanted]
        if any(question not in by_code for question in wanted):
            changed = True
    return out, aside, changed, renamed
