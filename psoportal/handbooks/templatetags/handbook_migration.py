"""The banner on a rekentool's step pages after its move to a new handbook version (issue 14
item 4): the old and new level, what to check again, what was set aside, and "Gezien".

    {% load handbook_migration %}{% handbook_migration_banner rekentool %}

A template tag, so the assessments app's Python never imports this app (the arrows point down;
a template may load any app's tags). One query per page.
"""

from __future__ import annotations

from typing import Any

from django import template

from psoportal.handbooks.migration import migration_for_banner, new_questions
from psoportal.methodology.handbook import HandbookNotFound, handbook_get
from psoportal.methodology.migration import STEP_QUALITATIVE

register = template.Library()


@register.inclusion_tag("handbooks/partials/migration_banner.html", takes_context=True)
def handbook_migration_banner(context: template.Context, rekentool: Any) -> dict[str, Any]:
    record = migration_for_banner(rekentool) if rekentool is not None else None
    if record is None:
        return {}
    try:
        old, new = handbook_get(record.old_version), handbook_get(record.new_version)
    except HandbookNotFound:  # the version was withdrawn: nothing left to explain by it
        return {}
    rows = []
    answers = []
    for item in record.set_aside:
        if item.get("kind") == "target_group":
            value = item.get("value") or {}
            category = old.categories.get(item.get("code", ""))
            rows.append({"ref": item.get("ref", ""), "category": category,
                         "code": item.get("code", ""), "hours": value.get("hours_per_week")})
        else:
            answers.append(item)
    return {
        "record": record, "rekentool": rekentool, "old": old, "new": new,
        "rows": rows, "answers": answers,
        "questions": new_questions(old, new) if STEP_QUALITATIVE in record.recheck else [],
        "recheck_qualitative": STEP_QUALITATIVE in record.recheck,
        "request": context.get("request"), "csrf_token": context.get("csrf_token"),
    }
