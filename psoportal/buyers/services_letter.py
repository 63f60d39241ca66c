"""Writes of the letter part (issue 13 §6): the suppliers a certified organisation sent the
letter "Socialer inkopen met het PSO-keurmerk" to."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.buyers.models import LetterRecipient
from psoportal.core.audit import audit_record
from psoportal.organisations.models import Organisation

# Bounds the list (and the page that reads the register for each of them).
MAX_RECIPIENTS = 2000


def _duplicate() -> ValidationError:
    return ValidationError(
        {"kvk": _("Deze leverancier is al vastgelegd. Verwijder de regel eerst als u de datum "
                  "wilt wijzigen.")},
        code="duplicate_kvk")


def letter_recipient_add(*, organisation: Organisation, by: User, name: str, kvk: str,
                         sent_on: dt.date) -> LetterRecipient:
    """Record that the letter went to a supplier on `sent_on` (once per KvK number)."""
    if sent_on > timezone.localdate():
        raise ValidationError(
            {"sent_on": _("De datum van verzending ligt in de toekomst. Vul de dag in waarop "
                          "u de brief verstuurde.")}, code="future")
    recipient = LetterRecipient(organisation=organisation, name=name.strip(), kvk=kvk,
                                sent_on=sent_on)
    recipient.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            if organisation.letter_recipients.filter(kvk=kvk).exists():
                raise _duplicate()
            if organisation.letter_recipients.count() >= MAX_RECIPIENTS:
                raise ValidationError(
                    _("U hebt al %(max)s leveranciers vastgelegd; verwijder eerst oude "
                      "regels.") % {"max": MAX_RECIPIENTS}, code="too_many")
            recipient.save()
            audit_record(actor=by, action="letter_recipient_add",
                         organisation_id=organisation.pk, subject=recipient,
                         changes={"kvk": kvk, "sent_on": sent_on.isoformat()})
    except IntegrityError:
        # A colleague recorded the same supplier between our check and our insert.
        raise _duplicate() from None
    return recipient


@transaction.atomic
def letter_recipient_delete(*, recipient: LetterRecipient, by: User) -> None:
    audit_record(actor=by, action="letter_recipient_delete",
                 organisation_id=recipient.organisation_id, subject=recipient,
                 changes={"kvk": recipient.kvk})
    recipient.delete()


@transaction.atomic
def letter_recipients_add(*, organisation: Organisation, by: User,
                          rows: list[tuple[str, str]], sent_on: dt.date) -> int:
    """Record a pasted list (KvK number, name) all sent on one day: all or nothing, so a
    list with a supplier already recorded is refused whole and can be pasted again."""
    if sent_on > timezone.localdate():
        raise ValidationError(
            {"list_sent_on": _("De datum van verzending ligt in de toekomst. Vul de dag in "
                               "waarop u de brief verstuurde.")}, code="future")
    kvks = [kvk for kvk, _name in rows]
    known = sorted(organisation.letter_recipients.filter(kvk__in=kvks)
                   .values_list("kvk", flat=True))
    if known:
        raise ValidationError(
            {"lines": _("Al vastgelegd: %(kvks)s. Haal deze regels uit de lijst.")
             % {"kvks": ", ".join(known[:10])}}, code="duplicate_kvk")
    if organisation.letter_recipients.count() + len(rows) > MAX_RECIPIENTS:
        raise ValidationError(
            {"lines": _("U hebt al %(max)s leveranciers vastgelegd; verwijder eerst oude "
                        "regels.") % {"max": MAX_RECIPIENTS}}, code="too_many")
    try:
        with transaction.atomic():
            made = LetterRecipient.objects.bulk_create(
                LetterRecipient(organisation=organisation, kvk=kvk, name=name,
                                sent_on=sent_on)
                for kvk, name in rows)
    except IntegrityError:
        raise ValidationError({"lines": _("Deze leverancier is al vastgelegd. Verwijder de "
                                          "regel eerst als u de datum wilt wijzigen.")},
                              code="duplicate_kvk") from None
    audit_record(actor=by, action="letter_recipients_add", organisation_id=organisation.pk,
                 changes={"kvks": kvks, "sent_on": sent_on.isoformat()})
    return len(made)
