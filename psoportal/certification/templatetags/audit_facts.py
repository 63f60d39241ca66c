"""The audit's facts on the application page, for every party (issue 10 §5).

    {% load audit_facts %}{% audit_facts application party as facts %}

A tag rather than view context, so the shared application page only includes the partial.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils import timezone

from psoportal.certification.audits import (
    Comparison,
    audit_comparison,
    audit_of,
    handbook_of,
    is_overdue,
)
from psoportal.certification.models import Application, Audit
from psoportal.certification.transitions import TRANSITIONS, Party
from psoportal.methodology.handbook import Handbook

register = template.Library()


@dataclass(frozen=True)
class AuditFacts:
    audit: Audit | None
    handbook: Handbook
    overdue: bool
    comparison: Comparison | None
    # The certifying institution of the application: it gets the link to its workspace.
    is_institution: bool
    can_plan: bool


@register.simple_tag
def audit_facts(application: Application, party: str) -> AuditFacts:
    audit = audit_of(application)
    return AuditFacts(
        audit=audit,
        handbook=handbook_of(application),
        overdue=audit is not None and is_overdue(audit, timezone.localdate()),
        comparison=audit_comparison(application, audit)
        if audit is not None and audit.audited_result is not None else None,
        is_institution=party == Party.INSTITUTION,
        can_plan=application.state in TRANSITIONS["plan_audit"].sources,
    )
