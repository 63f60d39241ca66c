"""Billable events after submission (rule book §9): what a withdrawal, a cancellation, a change
or a new application after a cancellation costs or credits.

Amounts come from the fee table of the application's own handbook on its submission date (an
application keeps the table of its agreement), never from a literal. Events are recorded as
FeeEvent rows and listed; billing turns them into invoice lines later (`invoiced_at`).

The effects below run inside the transition's transaction (effects.py): a failing one rolls
the state change back with it, so a withdrawal never happens without its fee event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from psoportal.accounts.models import User
from psoportal.certification.models import (
    Application,
    ApplicationChange,
    ApplicationEvent,
    Audit,
    FeeEvent,
)
from psoportal.certification.transitions import State
from psoportal.core.templatetags.pso_format import euro
from psoportal.methodology.dates import (
    cancellation_window,
    half_credit_window,
    withdrawal_in_window,
)
from psoportal.methodology.handbook import FeeTable, handbook_get

# Codes of the fee table (handbook data) this module records.
WITHDRAWAL_IN_WINDOW = "withdrawal_in_window"
NEW_APPLICATION_CREDIT = "new_application_credit"
CANCEL_PREFIX = "cancel_"

# Our own codes, for withdrawals that cost no fee of their own: the agreement cannot be ended
# otherwise, so both years' contributions stay due (§9). They are invoiced as contributions,
# not as a fee, hence the amount 0; billing reads the code prefix.
WITHDRAWAL_LATE_PREFIX = "withdrawal_late_"
WITHDRAWAL_AFTER_WINDOW = "withdrawal_late_window"
WITHDRAWAL_AFTER_AUDIT_START = "withdrawal_late_audit"
WITHDRAWAL_AFTER_AWARD = "withdrawal_late_award"
OWN_LABELS: dict[str, Promise] = {
    WITHDRAWAL_AFTER_WINDOW: _("Intrekking door de aanvrager na de termijn voor kosteloze "
                               "beëindiging: de jaarbijdragen van beide jaren blijven "
                               "verschuldigd"),
    WITHDRAWAL_AFTER_AUDIT_START: _("Intrekking door de aanvrager op of na de eerste "
                                    "auditdag: de jaarbijdragen van beide jaren blijven "
                                    "verschuldigd"),
    WITHDRAWAL_AFTER_AWARD: _("Intrekking door de aanvrager na de toekenning: de jaarbijdragen "
                              "van beide jaren blijven verschuldigd"),
}

# What an event means beyond its amount, shown under its description.
CONSEQUENCES: dict[str, Promise] = {
    WITHDRAWAL_IN_WINDOW: _("De jaarbijdragen van het eerste en het tweede jaar vervallen; wat "
                            "daarvan al gefactureerd is, wordt gecrediteerd."),
    NEW_APPLICATION_CREDIT: _("Wordt verrekend met de factuur van het eerste jaar van deze "
                              "aanvraag."),
    ApplicationChange.Kind.FULL_NAME: _("Telt als annulering van deze aanvraag; onder de nieuwe "
                                        "naam volgt een nieuwe deelnameovereenkomst."),
}

# The awarded states: PSO-Nederland's decision is taken (the payment may still be due).
_AFTER_AWARD = frozenset({State.AWAITING_PAYMENT, State.AWARDED})


class FeeTableMissing(LookupError):
    """The application's handbook has no fee table or no such event: a handbook error."""


def fee_table(application: Application) -> FeeTable:
    """The fee table of the application's agreement: its handbook, on its submission date."""
    handbook = handbook_get(application.handbook_version)
    table = handbook.fee_table_for(timezone.localdate(application.submitted_at))
    if table is None:
        raise FeeTableMissing(f"handbook {handbook.version} has no fee table for {application}")
    return table


def fee_event_record(
    *, application: Application, code: str, on: dt.date, actor: User | None,
    credit_for: FeeEvent | None = None,
) -> FeeEvent:
    """One billable event with the amount of the application's fee table (a credit negative).

    The stored label is Dutch, the language of the record; pages show the label in the
    reader's language (`fee_event_label`).
    """
    if code in OWN_LABELS:
        amount = Decimal(0)
        with translation.override("nl"):
            label = str(OWN_LABELS[code])
    else:
        event = fee_table(application).events.get(code)
        if event is None:
            raise FeeTableMissing(f"no fee event {code!r} in handbook "
                                  f"{application.handbook_version}")
        amount = -event.amount if code == NEW_APPLICATION_CREDIT else event.amount
        label = event.label_nl
    return FeeEvent.objects.create(
        organisation_id=application.organisation_id, application=application, code=code,
        label=label, amount=amount, occurred_on=on, recorded_by=actor, credit_for=credit_for,
    )


def fee_event_label(event: FeeEvent) -> str:
    """The event's description in the reader's language: the handbook's label for a code of
    the fee table, ours for our own codes, else the stored text."""
    if event.code in OWN_LABELS:
        return str(OWN_LABELS[event.code])
    if event.application_id is not None and (get_language() or "nl").startswith("en"):
        found = fee_table(event.application).events.get(event.code)
        if found is not None:
            return found.label_en
    return event.label


def first_audit_day(application: Application) -> dt.date | None:
    return Audit.objects.filter(application=application).values_list("first_day",
                                                                      flat=True).first()


# -- effects of the transitions (registered in effects.py) ---------------------------------------


def withdrawal_fee(application: Application, event: ApplicationEvent) -> None:
    """The applicant withdrew: the cancellation fee within the window and before the first
    audit day (both contributions lapse), otherwise a record that both years stay due."""
    if application.changes.filter(kind=ApplicationChange.Kind.FULL_NAME).exists():
        # A full name change ends the application itself and carries its own fee (changes.py);
        # checked on the stored change, so a posted reason can never skip the fee.
        return
    withdrawn = timezone.localdate(event.at)
    code = _withdrawal_code(application, event.from_state, withdrawn)
    fee_event_record(application=application, code=code, on=withdrawn, actor=event.actor)


def _withdrawal_code(application: Application, from_state: str, withdrawn: dt.date) -> str:
    if from_state in _AFTER_AWARD:
        return WITHDRAWAL_AFTER_AWARD
    handbook = handbook_get(application.handbook_version)
    submitted = timezone.localdate(application.submitted_at)
    first_day = first_audit_day(application)
    if withdrawal_in_window(submitted=submitted, withdrawn=withdrawn, first_audit_day=first_day,
                            handbook=handbook):
        return WITHDRAWAL_IN_WINDOW
    if withdrawn not in cancellation_window(submitted, handbook):
        return WITHDRAWAL_AFTER_WINDOW
    return WITHDRAWAL_AFTER_AUDIT_START


def withdrawal_consequence(application: Application, on: dt.date) -> str:
    """What withdrawing today would cost, in the reader's language, shown before the applicant
    presses the button: the same rule the effect applies afterwards."""
    code = _withdrawal_code(application, application.state, on)
    if code in OWN_LABELS:
        return str(OWN_LABELS[code]) + "."
    event = fee_table(application).events[code]
    return _("%(label)s: %(amount)s (exclusief btw). %(consequence)s") % {
        "label": event.label_en if (get_language() or "nl").startswith("en") else event.label_nl,
        "amount": euro(event.amount), "consequence": CONSEQUENCES[code],
    }


def cancellation_fee(application: Application, event: ApplicationEvent) -> None:
    """PSO-Nederland cancelled: the fee of the ground it chose (a cancel_* event of the fee
    table; the transition refused any other reason)."""
    fee_event_record(application=application, code=event.reason,
                     on=timezone.localdate(event.at), actor=event.actor)


def _cancellations_with_fee() -> Q:
    """Fee events that stand for a cancellation carrying a fee (§9: "any such cancellation"):
    a withdrawal in the window, a cancellation by PSO-Nederland, a full name change."""
    return (Q(code=WITHDRAWAL_IN_WINDOW) | Q(code__startswith=CANCEL_PREFIX)
            | Q(code=ApplicationChange.Kind.FULL_NAME)) & Q(amount__gt=0)


def new_application_credit(application: Application, event: ApplicationEvent) -> None:
    """A new application within the half-credit window of a cancellation of the same
    organisation gets the credit on its first-year invoice: once per new application and once
    per cancellation, the most recent cancellation first."""
    submitted = timezone.localdate(application.submitted_at)
    cancellations = (
        FeeEvent.objects.filter(_cancellations_with_fee(), credit__isnull=True,
                                organisation_id=application.organisation_id,
                                occurred_on__lte=submitted)
        .exclude(application=application)
        .select_related("application")
        .order_by("-occurred_on", "-id")
    )
    for cancellation in cancellations:
        # The window follows the cancelled application's handbook: its agreement ended.
        handbook = handbook_get(cancellation.application.handbook_version)
        if submitted not in half_credit_window(cancellation.occurred_on, handbook):
            continue
        try:
            with transaction.atomic():
                fee_event_record(application=application, code=NEW_APPLICATION_CREDIT,
                                 on=submitted, actor=event.actor, credit_for=cancellation)
        except IntegrityError:
            continue  # a concurrent submission took this cancellation's credit
        return


# -- reads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeLine:
    """A fee event as a page lists it."""

    event: FeeEvent
    label: str
    consequence: str

    @property
    def is_credit(self) -> bool:
        return self.event.amount < 0


def fee_lines(events: QuerySet[FeeEvent] | list[FeeEvent]) -> list[FeeLine]:
    return [
        FeeLine(event, fee_event_label(event), str(CONSEQUENCES.get(event.code, "")))
        for event in events
    ]


def fee_events_of(application: Application) -> QuerySet[FeeEvent]:
    return application.fee_events.select_related("application", "credit_for__application")


def fee_event_list() -> QuerySet[FeeEvent]:
    """Every fee event for PSO-Nederland, the ones still to invoice first."""
    return (
        FeeEvent.objects.select_related("organisation", "application", "credit_for__application")
        .order_by("invoiced_at", "-occurred_on", "-id")
    )
