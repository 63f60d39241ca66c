"""Writes of step 6: submitting a definitive application and moving it through its states."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.assessments.models import Rekentool
from psoportal.assessments.selectors import (
    COMPLETE,
    rekentool_evaluate,
    rekentool_export_document,
)
from psoportal.assessments.spreadsheet.privacy import looks_like_name
from psoportal.certification.agreement import CURRENT_VERSION
from psoportal.certification.effects import run_effects
from psoportal.certification.freeze import SubmissionRaced, submission_freeze
from psoportal.certification.models import Application, ApplicationEvent
from psoportal.certification.notifications import application_notify
from psoportal.certification.quotes import accepted_quote
from psoportal.certification.recertification import aspirant_extension_refusal
from psoportal.certification.transitions import TRANSITIONS, Party, State
from psoportal.methodology.bsn import find_bsns
from psoportal.methodology.handbook import handbook_get

# The participation agreement and general terms the applicant accepts; stored with each
# application so a later text never rewrites what was agreed (agreement.py holds the texts).
AGREEMENT_VERSION = CURRENT_VERSION
REASON_MAX_LENGTH = 500

# Step number -> what the precondition list says when that step is not complete.
_STEP_MISSING = {
    1: gettext_lazy("Stap 1: de organisatie is niet compleet."),
    2: gettext_lazy("Stap 2: de rekentool heeft nog geen peiljaar."),
    3: gettext_lazy("Stap 3: de gegevens zijn niet compleet of bevatten fouten."),
    4: gettext_lazy("Stap 4: de voorlopige score is nog niet bekend."),
    5: gettext_lazy("Stap 5: nog niet alle kwalitatieve vragen zijn beantwoord."),
}


@dataclass(frozen=True)
class Missing:
    step: int | None
    text: str
    # Where it is put right, when that is not simply the step's page (step6_links).
    url: str = ""


class PreconditionsNotMet(Exception):
    def __init__(self, missing: list[Missing]) -> None:
        super().__init__("; ".join(m.text for m in missing))
        self.missing = missing


class TransitionRefused(Exception):
    pass


def application_preconditions(rekentool: Rekentool, *, on: dt.date) -> list[Missing]:
    """What keeps this rekentool from being submitted, checked on the server (rule book §3)."""
    return _missing(rekentool, rekentool_evaluate(rekentool, on=on),
                    accepted_quote(rekentool, on=on))


def _missing(rekentool: Rekentool, evaluation, quote) -> list[Missing]:
    missing = [
        Missing(number, str(text)) for number, text in _STEP_MISSING.items()
        if evaluation.steps[number].state != COMPLETE
    ]
    if quote is None:
        missing.append(Missing(6, _("Stap 6: accepteer eerst een geldige offerte van een "
                                    "certificerende instelling.")))
    # The anonymisation check: no BSN in any text the application would carry (read as plain
    # values, not 50,000 model instances).
    refs = list(rekentool.employees.values_list("ref", flat=True).iterator())
    texts = [*refs, *rekentool.purchases.values_list("supplier", flat=True).iterator()]
    if any(find_bsns(text) for text in texts):
        missing.append(Missing(3, _("Stap 3: een referentie of leveranciersnaam bevat een "
                                    "BSN. Vervang die door een eigen referentie.")))
    missing += _names_missing(rekentool, refs)
    missing += _submission_missing(rekentool)
    refusal = aspirant_extension_refusal(rekentool.organisation, evaluation.handbook,
                                         evaluation.result)
    if refusal:
        missing.append(Missing(None, refusal))
    return missing


def _names_missing(rekentool: Rekentool, refs: list[str]) -> list[Missing]:
    """Rule book §2: no names either. Only the employees' references: a supplier is a company
    and its name may well look like a person's ("Jansen Bouw")."""
    named = [ref for ref in refs if looks_like_name(ref)]
    if not named:
        return []
    return [Missing(3, _("Stap 3: de referentie van een doelgroepmedewerker lijkt een naam "
                         "(%(refs)s). Gebruik een eigen code, zonder namen.")
                    % {"refs": ", ".join(named[:3]) + (", …" if len(named) > 3 else "")},
                    url=reverse("mijnpso:target_group", args=[rekentool.pk]))]


def _submission_missing(rekentool: Rekentool) -> list[Missing]:
    """What the organisation or an earlier submission stands in the way of."""
    missing = []
    organisation = rekentool.organisation
    if not organisation.may_submit_application:
        # Rule book §2: a deviating e-mail domain needs PSO-Nederland's approval before step 6.
        missing.append(Missing(None, _(
            "PSO-Nederland moet de toelichting bij het afwijkende e-maildomein van de "
            "Accounthouder eerst goedkeuren."
        ) if organisation.domain_approval == "pending" else _(
            "PSO-Nederland heeft de toelichting bij het afwijkende e-maildomein afgewezen. Neem "
            "contact op met PSO-Nederland."
        ), url=reverse("organisations:detail", args=[organisation.pk])))
    if rekentool.frozen_at is not None:
        missing.append(Missing(None, _("Deze rekentool is al ingediend als definitieve "
                                       "aanvraag. Maak een kopie om een nieuwe aanvraag voor "
                                       "te bereiden."),
                               url=reverse("mijnpso:copy", args=[rekentool.pk])))
    return missing


def application_submit(
    *, rekentool: Rekentool, user: User, submission_key: str, authorised: bool,
    agreement_accepted: bool, on: dt.date | None = None, turnover: Decimal | None = None,
) -> Application:
    """Freeze the rekentool into a definitive application, once per submission key.

    A retry or a double click with the same key returns the application the first request
    made, also when both arrive at the same moment (the unique constraint decides).

    `turnover`: the organisation's turnover in the peiljaar as declared in step 6 (the form
    requires it). Its certificate carries it so that buyers' purchases can be converted (rule
    book §6); an application without it (made by a script) certifies without those figures,
    and a purchase from it then does not count.
    """
    existing = Application.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    on = on or timezone.localdate()
    evaluation = rekentool_evaluate(rekentool, on=on)
    quote = accepted_quote(rekentool, on=on)
    missing = _missing(rekentool, evaluation, quote)
    if not authorised:
        missing.append(Missing(None, _("Verklaar dat u bevoegd bent om namens de organisatie "
                                       "te tekenen.")))
    if not agreement_accepted:
        missing.append(Missing(None, _("Aanvaard de deelnameovereenkomst en de algemene "
                                       "voorwaarden.")))
    if missing:
        raise PreconditionsNotMet(missing)
    # The revision the evaluation and the snapshot were read at (submission_freeze).
    revision = rekentool.data_revision
    document = rekentool_export_document(rekentool, on=on)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                organisation=rekentool.organisation,
                rekentool=rekentool,
                submission_key=submission_key,
                submitted_by=user,
                handbook_version=evaluation.handbook.version,
                accepted_quote=quote,
                agreement_version=AGREEMENT_VERSION,
                document=document,
                result=evaluation.result,
                turnover=turnover,
            )
            event = ApplicationEvent.objects.create(
                application=application, actor=user, party=Party.APPLICANT,
                transition="submit", from_state="", to_state=State.SUBMITTED,
            )
            # After the application row: a concurrent request with the same key waits on its
            # unique key and returns this one, instead of finding the rekentool frozen.
            submission_freeze(rekentool=rekentool, revision=revision, document=document)
            run_effects(application, event)  # the credit after a recent cancellation (§9)
            application_notify(application, transition="submit")
    except IntegrityError:
        # A concurrent request with the same key committed first: that one is the submission.
        return Application.objects.get(submission_key=submission_key)
    except SubmissionRaced as exc:
        raise PreconditionsNotMet([Missing(None, str(exc))]) from exc
    return application


def cancel_reasons(application: Application) -> dict[str, str]:
    """PSO-Nederland's grounds for cancelling, code -> label: the cancellation events of the fee
    table of the application's handbook (rule book §9)."""
    handbook = handbook_get(application.handbook_version)
    table = handbook.fee_table_for(application.submitted_at.date())
    english = (get_language() or "nl").startswith("en")
    return {
        code: event.label_en if english else event.label_nl
        for code, event in (table.events if table else {}).items()
        if code.startswith("cancel_")
    }


def application_transition(
    *, application: Application, name: str, actor: User | None, party: str, reason: str = "",
    then: Callable[[Application], None] | None = None,
) -> Application:
    """Take one transition of the state machine as a compare-and-set update, with its event.

    Who may see the application at all is decided by the access helper (others get 404);
    here a party may only take its own transitions, from the states they start from. `then`
    writes what the transition carries (audit days, the report, the certificate) inside the
    same transaction: if it raises, the state change and the event are rolled back too.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionRefused(_("Deze stap bestaat niet."))
    if transition.party != party:
        raise TransitionRefused(_("Deze stap is voorbehouden aan %(party)s.")
                                % {"party": Party(transition.party).label})
    reason = reason.strip()
    if transition.needs_reason:
        if name == "cancel" and reason not in cancel_reasons(application):
            raise TransitionRefused(_("Kies een reden voor de annulering uit het handboek."))
        if not reason or len(reason) > REASON_MAX_LENGTH:
            raise TransitionRefused(
                _("Geef een reden van ten hoogste %(max)s tekens.") % {"max": REASON_MAX_LENGTH}
            )
    with transaction.atomic():
        current = (
            Application.objects.filter(pk=application.pk).values_list("state", flat=True).first()
        )
        updated = Application.objects.filter(
            pk=application.pk, state__in=transition.sources
        ).update(state=transition.target)
        if not updated:
            raise TransitionRefused(
                _("Dit kan niet meer: de aanvraag is %(state)s.")
                % {"state": State(current).label if current else _("verwijderd")}
            )
        event = ApplicationEvent.objects.create(
            application=application, actor=actor, party=party, transition=name,
            from_state=current, to_state=transition.target, reason=reason,
        )
        application.state = transition.target
        if then is not None:
            then(application)
        run_effects(application, event)
        application_notify(application, transition=name, reason=reason)
    application.refresh_from_db()
    return application
