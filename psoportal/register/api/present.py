"""Register entries and certificates as the API shows them: the explicit field lists of
schemas.py filled from the register's selectors, labels in the active language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from psoportal.certification.certificates import verification_url
from psoportal.certification.models import Certificate
from psoportal.register.display import level_label
from psoportal.register.selectors import Entry
from psoportal.register.status import EntryStatus, entry_status


def level(certificate: Certificate) -> dict[str, str]:
    """The level with its name as the register page shows it (display.level_label)."""
    return {"code": certificate.level, "label": level_label(certificate, on=certificate.start)}


def status(standing: EntryStatus) -> dict[str, Any]:
    return {"code": standing.code.value, "label": standing.label, "since": standing.since}


def entry(item: Entry) -> dict[str, Any]:
    certificate = item.certificate
    return {
        "number": certificate.number,
        "kind": certificate.kind,
        "organisationName": certificate.organisation_name,
        "place": certificate.city,
        "kvkNumbers": item.kvks,
        "level": level(certificate),
        "pso30plus": item.is_pso30plus,
        "start": certificate.start,
        "end": certificate.end,
        "institution": certificate.institution_name,
        "status": status(item.status),
        "verificationUrl": verification_url(certificate),
    }


def certificate_detail(certificate: Certificate, *, on: dt.date) -> dict[str, Any]:
    scope = sorted(certificate.scope.all(), key=lambda row: (not row.is_main, row.pk))
    item = Entry(certificate, entry_status(certificate, on=on), [row.kvk for row in scope])
    successor = certificate.superseded_by
    return {
        **entry(item),
        "handbookVersion": certificate.handbook_version,
        "supersededBy": successor.number if successor else None,
        "date": on,
    }


def certificate_ref(certificate: Certificate | None, standing: EntryStatus | None,
                    ) -> dict[str, Any] | None:
    if certificate is None or standing is None:
        return None
    return {
        "number": certificate.number,
        "organisationName": certificate.organisation_name,
        "level": level(certificate),
        "start": certificate.start,
        "end": certificate.end,
        "status": status(standing),
        "verificationUrl": verification_url(certificate),
    }
