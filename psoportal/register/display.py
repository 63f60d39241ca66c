"""A register entry as people read it: the level's label in the active language and the status
on the day asked about. One place for the page's table and the .csv/.xlsx downloads, so the
two never disagree; and an explicit list of what is public, so a confidential field of a
certificate (the holder's turnover and fte for step 3D) can never slip into either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from psoportal.certification.models import Certificate
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.handbook import HandbookNotFound, handbook_get
from psoportal.register.selectors import Entry
from psoportal.register.status import EntryStatus, register_handbook


def level_label(certificate: Certificate, *, on: dt.date) -> str:
    """The level in the words of the certificate's own handbook; a version this portal does
    not ship (an imported certificate) reads with the register's handbook of that day."""
    try:
        handbooks = [handbook_get(certificate.handbook_version)]
    except HandbookNotFound:
        handbooks = []
    for handbook in [*handbooks, register_handbook(on)]:
        try:
            return label(handbook.level(certificate.level))
        except KeyError:
            continue
    return _("onbekende trede")  # never the engine's code


@dataclass(frozen=True)
class Row:
    """One line of the register, every field public."""

    name: str
    place: str
    kvks: tuple[str, ...]
    level: str
    pso30plus: bool
    start: dt.date
    end: dt.date
    number: str
    institution: str
    status: EntryStatus
    verification_code: str


def rows(entries: Iterable[Entry], *, on: dt.date) -> list[Row]:
    return [row_of(entry, on=on) for entry in entries]


def row_of(entry: Entry, *, on: dt.date) -> Row:
    certificate = entry.certificate
    return Row(
        name=certificate.organisation_name,
        place=certificate.city,
        kvks=tuple(entry.kvks),
        level=level_label(certificate, on=on),
        pso30plus=entry.is_pso30plus,
        start=certificate.start,
        end=certificate.end,
        number=certificate.number,
        institution=certificate.institution_name,
        status=entry.status,
        verification_code=certificate.verification_code,
    )
