"""Changes after submission (rule book §9), passed on by the applicant on the application page.

- Another certifying institution (€ change_of_ci): the applicant asks the new institution for a
  quote through step 6 of the rekentool the application came from, and chooses that quote
  here; it becomes the accepted quote, so the new institution sees the application and the old
  one no longer does. Possible until the first audit day: after that the audit is the old
  institution's work.
- A partial name change (spelling, punctuation, legal-form notation; € partial_name_change):
  once the audit is over. The frozen data stay as submitted; the change is the record of the
  new name for the certificate and the register.
- A full name change of the Hoofdaanvrager (€ full_name_change): from the first audit day on.
  It counts as a cancellation plus a new participation agreement, so it ends this application
  (the applicant's withdrawal, without a second fee) and the organisation submits a new one
  under the new name, which then earns the half credit like any application after a
  cancellation.

Each change is recorded with its fee event in one transaction. The amounts are the fee table's
of the application's own handbook; the timing rules are guarded here with Dutch messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.certification.fees import fee_event_record, fee_table
from psoportal.certification.models import (
    Application,
    ApplicationChange,
    Audit,
    Quote,
    QuoteRequest,
)
from psoportal.certification.services import TransitionRefused, application_transition
from psoportal.certification.transitions import Party, State
from psoportal.core.audit import audit_record
from psoportal.methodology import limits

Kind = ApplicationChange.Kind
LIVE = frozenset({State.SUBMITTED, State.AUDIT_PLANNED, State.REPORT_FILED,
                   State.AWAITING_PAYMENT, State.AWARDED})
# The report is in: the audit is over whatever its planned days said.
_AFTER_AUDIT = frozenset({State.REPORT_FILED, State.AWAITING_PAYMENT, State.AWARDED})


class ChangeRefused(Exception):
    pass


def _date(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def change_refusal(application: Application, kind: str, *, on: dt.date) -> str | None:
    """Why this change cannot be passed on now (Dutch), or None when it can."""
    if application.state not in LIVE:
        return _("Deze aanvraag is %(state)s; er valt niets meer te wijzigen.") % {
            "state": State(application.state).label}
    audit = Audit.objects.filter(application=application).only("first_day", "last_day").first()
    started = application.state in _AFTER_AUDIT or (audit is not None and audit.first_day <= on)
    over = application.state in _AFTER_AUDIT or (audit is not None and audit.last_day < on)
    if kind == Kind.CHANGE_OF_CI and started:
        if audit is not None and application.state not in _AFTER_AUDIT:
            return _("De audit is begonnen op %(date)s; de certificerende instelling kan niet "
                     "meer worden gewijzigd.") % {"date": _date(audit.first_day)}
        return _("De audit is gedaan; de certificerende instelling kan niet meer worden "
                 "gewijzigd.")
    if kind == Kind.PARTIAL_NAME and not over:
        return _("Een gedeeltelijke naamswijziging kan pas worden doorgegeven als de audit "
                 "voorbij is.")
    if kind == Kind.FULL_NAME and not started:
        return _("Een volledige naamswijziging kan pas worden doorgegeven vanaf de eerste "
                 "auditdag.")
    return None


@dataclass(frozen=True)
class ChangeOption:
    """A change as the application page offers it: its cost, and why not yet if so."""

    kind: str
    label: str
    amount: Decimal
    refusal: str | None


def change_options(application: Application, *, on: dt.date) -> list[ChangeOption]:
    events = fee_table(application).events
    return [
        ChangeOption(kind.value, str(kind.label), events[kind.value].amount,
                     change_refusal(application, kind.value, on=on))
        for kind in Kind
    ]


def current_name(application: Application) -> str:
    """The Hoofdaanvrager's name as the application now carries it: the last name change,
    else the name it was submitted with."""
    change = application.changes.filter(kind=Kind.PARTIAL_NAME).order_by("-at", "-id").first()
    if change is not None:
        return change.new_value
    return (application.document.get("organisation") or {}).get("name") or (
        application.organisation.name)


def ci_quotes(application: Application, *, on: dt.date) -> QuerySet[Quote]:
    """Quotes another institution gave for the rekentool the application came from, still
    valid and not yet accepted or lapsed: the ones the applicant may switch to."""
    quote = application.accepted_quote
    current = quote.request.institution_id if quote is not None else None
    return (
        Quote.objects.filter(request__rekentool_id=application.rekentool_id,
                             request__state=QuoteRequest.State.QUOTED, valid_until__gte=on,
                             request__institution__is_active=True)
        .exclude(request__institution_id=current)
        .select_related("request__institution")
        .order_by("request__institution__name")
    )


def _refuse_unless_allowed(application: Application, kind: str, on: dt.date) -> None:
    refusal = change_refusal(application, kind, on=on)
    if refusal:
        raise ChangeRefused(refusal)


def _record(application: Application, kind: str, *, actor: User, on: dt.date, old: str,
            new: str, quote: Quote | None = None) -> ApplicationChange:
    fee = fee_event_record(application=application, code=kind, on=on, actor=actor)
    change = ApplicationChange.objects.create(
        application=application, kind=kind, old_value=old[: limits.NAME_MAX_LENGTH],
        new_value=new, quote=quote, fee_event=fee, actor=actor,
    )
    audit_record(actor=actor, action="application_change",
                 organisation_id=application.organisation_id, subject=change,
                 changes={"application": application.pk, "kind": kind})
    return change


def application_change_ci(
    *, application: Application, quote: Quote, actor: User, on: dt.date | None = None
) -> ApplicationChange:
    """Switch the application to another institution's quote (compare-and-set: a double click
    or a quote accepted meanwhile changes nothing)."""
    on = on or timezone.localdate()
    _refuse_unless_allowed(application, Kind.CHANGE_OF_CI, on)
    if not ci_quotes(application, on=on).filter(pk=quote.pk).exists():
        raise ChangeRefused(_("Deze offerte kan niet worden gekozen: zij is verlopen, al "
                              "gekozen of van de huidige instelling."))
    old = application.accepted_quote
    old_name = old.request.institution.name if old is not None else ""
    with transaction.atomic():
        taken = QuoteRequest.objects.filter(
            pk=quote.request_id, state=QuoteRequest.State.QUOTED
        ).update(state=QuoteRequest.State.ACCEPTED)
        switched = Application.objects.filter(
            pk=application.pk, accepted_quote=old, state__in=[State.SUBMITTED,
                                                              State.AUDIT_PLANNED],
        ).update(accepted_quote=quote)
        if not (taken and switched):
            raise ChangeRefused(_("De aanvraag is intussen gewijzigd; bekijk haar opnieuw."))
        if old is not None:
            # The old institution's quote is no longer the one agreed on.
            QuoteRequest.objects.filter(pk=old.request_id).update(state=QuoteRequest.State.LAPSED)
        application.accepted_quote = quote
        change = _record(application, Kind.CHANGE_OF_CI, actor=actor, on=on, old=old_name,
                         new=quote.request.institution.name, quote=quote)
    return change


def _clean_name(application: Application, new_name: str) -> str:
    name = " ".join(new_name.split())
    if not name:
        raise ChangeRefused(_("Vul de nieuwe naam in."))
    if len(name) > limits.NAME_MAX_LENGTH:
        raise ChangeRefused(_("De naam is te lang (ten hoogste %(max)s tekens).")
                            % {"max": limits.NAME_MAX_LENGTH})
    if name == current_name(application):
        raise ChangeRefused(_("Dit is de naam die de aanvraag al draagt."))
    return name


def application_change_name(
    *, application: Application, kind: str, new_name: str, actor: User,
    on: dt.date | None = None,
) -> ApplicationChange:
    """Record a partial or full name change of the Hoofdaanvrager with its fee. A full name
    change ends the application in the same transaction (see the module docstring)."""
    if kind not in (Kind.PARTIAL_NAME, Kind.FULL_NAME):
        raise ChangeRefused(_("Deze wijziging bestaat niet."))
    on = on or timezone.localdate()
    _refuse_unless_allowed(application, kind, on)
    if kind == Kind.PARTIAL_NAME:
        with transaction.atomic():
            # The row lock makes a double click wait for the first request, which then finds
            # the name already changed: one change, one fee.
            Application.objects.select_for_update().filter(pk=application.pk).first()
            name = _clean_name(application, new_name)
            return _record(application, kind, actor=actor, on=on,
                           old=current_name(application), new=name)
    name = _clean_name(application, new_name)
    old = current_name(application)
    recorded: list[ApplicationChange] = []
    try:
        # Recorded before the withdrawal's effects run, so they see the change and add no
        # withdrawal fee of their own.
        application_transition(
            application=application, name="withdraw", actor=actor, party=Party.APPLICANT,
            then=lambda app: recorded.append(_record(app, kind, actor=actor, on=on, old=old,
                                                     new=name)),
        )
    except TransitionRefused as exc:
        raise ChangeRefused(str(exc)) from exc
    return recorded[0]


def changes_of(application: Application) -> QuerySet[ApplicationChange]:
    return application.changes.select_related("actor", "fee_event")
