"""A register entry's status on a day, as buyers ask for it (rule book §11, issue 12):
geldig, verloopt binnenkort, verlopen, vervallen, ingetrokken (and nog niet geldig before the
start). The certificate's own standing decides; "verloopt binnenkort" is a read-out of a
certificate in force that ends within the handbook's `register.expiring_soon_months`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from psoportal.certification.certificates import CertificateStatus, certificate_status
from psoportal.certification.models import Certificate
from psoportal.methodology.dates import add_months
from psoportal.methodology.handbook import Handbook, HandbookNotFound, handbook_for, handbook_list


class RegisterStatus(models.TextChoices):
    VALID = "valid", _("geldig")
    EXPIRING_SOON = "expiring_soon", _("verloopt binnenkort")
    NOT_YET = "not_yet", _("nog niet geldig")
    EXPIRED = "expired", _("verlopen")
    LAPSED = "lapsed", _("vervallen")
    REVOKED = "revoked", _("ingetrokken")


@dataclass(frozen=True)
class EntryStatus:
    code: RegisterStatus
    since: dt.date  # the day this status began (the start for geldig)
    end: dt.date  # the certificate's end date

    @property
    def label(self) -> str:
        return str(self.code.label)

    @property
    def in_force(self) -> bool:
        return self.code in (RegisterStatus.VALID, RegisterStatus.EXPIRING_SOON)


def register_handbook(on: dt.date) -> Handbook:
    """The handbook whose ladder and register rules apply to a question about day `on`.

    A date search may ask about a day before the first handbook this portal knows (a
    certificate taken over from the old register was in force then): the oldest handbook's
    ladder answers it, rather than no answer at all."""
    try:
        return handbook_for(on)
    except HandbookNotFound:
        return handbook_list()[0]


def expiring_soon_from(on: dt.date) -> dt.date:
    """A certificate in force on `on` that ends before this day "verloopt binnenkort"."""
    try:
        return add_months(on, register_handbook(on).register.expiring_soon_months)
    except (OverflowError, ValueError):  # months past 31-12-9999: nothing ends after that
        return dt.date.max


def entry_status(certificate: Certificate, *, on: dt.date) -> EntryStatus:
    standing = certificate_status(certificate, on=on)
    code = RegisterStatus(standing.status.value)
    if standing.status == CertificateStatus.VALID and certificate.end < expiring_soon_from(on):
        code = RegisterStatus.EXPIRING_SOON
    return EntryStatus(code, standing.since, certificate.end)
