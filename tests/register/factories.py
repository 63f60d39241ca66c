"""Register entries made directly in the database: a certificate as the old register's import
leaves it (source=import, no application), with its scope of KvK numbers.

    certificate(name="Groen & Schoon B.V.", kvks=["12345678", "87654321"], level="trede_3",
                start=date(2025, 1, 1))

The end is the start plus the usual two years minus a day unless given. The holder's
confidential figures are filled with recognisable values (CONFIDENTIAL_TURNOVER, ...), so a
test can prove they appear nowhere public.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
from collections.abc import Sequence
from decimal import Decimal

from psoportal.certification.models import (
    Certificate,
    CertificateScope,
    certificate_search_name,
)
from psoportal.methodology.dates import ONE_DAY, add_months

CONFIDENTIAL_TURNOVER = Decimal("9876543.21")
CONFIDENTIAL_FTE = Decimal("13.7531")
INSTITUTION = "Keurmerk Certificering B.V."

_numbers = itertools.count(1)


def _scope_name(name: str, index: int) -> str:
    return name if index == 0 else f"{name} dochter {index}"


def certificate(
    *,
    name: str = "Groen & Schoon B.V.",
    city: str = "Utrecht",
    kvks: Sequence[str] = ("12345678",),
    level: str = "trede_2",
    pso30plus: bool = False,
    start: dt.date | None = None,
    end: dt.date | None = None,
    number: str | None = None,
    institution: str = INSTITUTION,
    lapsed_on: dt.date | None = None,
    superseded_by: Certificate | None = None,
    revoked_on: dt.date | None = None,
    handbook_version: str = "2.2",
) -> Certificate:
    start = start or dt.date(2025, 1, 1)
    made = Certificate.objects.create(
        source=Certificate.Source.IMPORT, application=None,
        kind=Certificate.Kind.PSO30PLUS if pso30plus else Certificate.Kind.LEVEL,
        number=number or f"PSO-2025-{next(_numbers):06d}",
        verification_code=secrets.token_urlsafe(32),
        level=level, organisation_name=name, city=city, institution_name=institution,
        handbook_version=handbook_version, start=start,
        end=end or add_months(start, 24) - ONE_DAY,
        lapsed_on=lapsed_on, superseded_by=superseded_by, revoked_on=revoked_on,
        revoked_reason="ingetrokken door PSO-Nederland wegens fraude" if revoked_on else "",
        supplier_turnover=CONFIDENTIAL_TURNOVER, supplier_weighted_fte=CONFIDENTIAL_FTE,
        # As an award writes it: the names of the whole scope (see _scope_name below).
        search_name=certificate_search_name(
            [_scope_name(name, index) for index in range(len(kvks))]),
    )
    CertificateScope.objects.bulk_create(
        CertificateScope(certificate=made, kvk=kvk, name=_scope_name(name, index),
                         is_main=index == 0)
        for index, kvk in enumerate(kvks)
    )
    return made
