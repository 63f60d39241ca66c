"""The application's state machine: one table, read by the one service that changes a state.

    submitted → audit_planned → report_filed → awaiting_payment → awarded
                                             ↘ rejected
    cancelled: by the applicant (also after the award: the certificates are withdrawn) or by
    PSO-Nederland (with a ground of the fee table)

The award waits for the first-year invoice to be paid (rule book §9: paying the first year is a
condition for the award); until then the application is "betaling afwachten".

Each transition names the states it may start from, the state it leads to and the party that
may take it. `services.application_transition` applies it as a compare-and-set update, so two
requests (a double click, two workers) can never both take it (architecture: state machines are
explicit).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SUBMITTED = "submitted", _("ingediend")
    AUDIT_PLANNED = "audit_planned", _("audit gepland")
    REPORT_FILED = "report_filed", _("auditrapport ingediend")
    AWAITING_PAYMENT = "awaiting_payment", _("betaling afwachten")
    AWARDED = "awarded", _("toegekend")
    REJECTED = "rejected", _("afgewezen")
    CANCELLED = "cancelled", _("geannuleerd")


class Party(models.TextChoices):
    APPLICANT = "applicant", _("aanvrager")
    INSTITUTION = "institution", _("certificerende instelling")
    PSO_NEDERLAND = "pso_nederland", _("PSO-Nederland")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    party: str
    # PSO-Nederland's cancellation names its ground: a cancellation event of the fee table
    # (rule book §9: names or BSNs in the application, an untraceable e-mail address).
    needs_reason: bool = False
    # Taken from a page of its own that asks for more than a reason (audit days, the report,
    # the awarded level), never from the bare button on the application page.
    own_page: bool = False


_LIVE = frozenset({State.SUBMITTED, State.AUDIT_PLANNED, State.REPORT_FILED,
                   State.AWAITING_PAYMENT, State.AWARDED})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("plan_audit", frozenset({State.SUBMITTED, State.AUDIT_PLANNED}),
                   State.AUDIT_PLANNED, Party.INSTITUTION, own_page=True),
        Transition("file_report", frozenset({State.AUDIT_PLANNED}), State.REPORT_FILED,
                   Party.INSTITUTION, own_page=True),
        Transition("award", frozenset({State.REPORT_FILED}), State.AWAITING_PAYMENT,
                   Party.PSO_NEDERLAND, own_page=True),
        Transition("payment_received", frozenset({State.AWAITING_PAYMENT}), State.AWARDED,
                   Party.PSO_NEDERLAND),
        Transition("reject", frozenset({State.REPORT_FILED}), State.REJECTED, Party.PSO_NEDERLAND,
                   needs_reason=True),
        Transition("withdraw", _LIVE, State.CANCELLED, Party.APPLICANT),
        Transition("cancel", _LIVE, State.CANCELLED, Party.PSO_NEDERLAND, needs_reason=True),
    )
}

FINAL_STATES = frozenset({State.REJECTED, State.CANCELLED})

# What the button of each transition says.
TRANSITION_LABELS = {
    "plan_audit": _("Audit gepland"),
    "file_report": _("Auditrapport ingediend"),
    "award": _("Toekennen"),
    "payment_received": _("Betaling ontvangen: certificaat uitgeven"),
    "reject": _("Afwijzen"),
    "withdraw": _("Aanvraag intrekken"),
    "cancel": _("Aanvraag annuleren"),
}
