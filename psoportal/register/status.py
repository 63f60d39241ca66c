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
from psoportal.methodology.dates import ONE_DAY, add_months
from psoportal.methodology.handbook import (
    Handbook,
    HandbookNotFound,
    handbook_for,
    handbook_list,
)


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
    """The handbook in force on a day; before the first version this portal knows (a date
    search into the old register's years), the first one."""
    try:
        return handbook_for(on)
    except HandbookNotFound:
        return handbook_list()[0]


def expiring_soon_since(certificate: Certificate) -> dt.date:
    """From this day a certificate in force "verloopt binnenkort": the handbook's number of
    months before the day after its end, as the expiry notice counts (§9), so that
    31 August and 28 February endings behave alike."""
    months = register_handbook(certificate.end).register.expiring_soon_months
    return add_months(certificate.end + ONE_DAY, -months)


def entry_status(certificate: Certificate, *, on: dt.date) -> EntryStatus:
    standing = certificate_status(certificate, on=on)
    code = RegisterStatus(standing.status.value)
    if standing.status == CertificateStatus.VALID and on >= expiring_soon_since(certificate):
        code = RegisterStatus.EXPIRING_SOON
    return EntryStatus(code, standing.since, certificate.end)
