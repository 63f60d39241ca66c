"""The register as step 3D's supplier register: the implementation of
`assessments.supplier_register.SupplierRegister`, plugged in by RegisterConfig.ready().

Rule book §6: a purchase counts only if the supplier held a valid certificate at some time in
the peiljaar, and it is converted with the supplier's certified figures. Here that is: a level
certificate (a PSO 30+ certificate is a read-out of the same certification, not a second one)
whose scope holds the KvK number, that carries the holder's figures, and that was in force on
at least one day of the peiljaar (in_force_during). When several were, the latest (by start)
decides: its figures are the newest the holder certified within that year.

The search answers with what the public register shows anyway (name, KvK number, place,
level); the figures leave this module only through `figures`, which only the scoring asks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable

from django.db.models import Q, QuerySet

from psoportal.assessments.supplier_register import RegisterSupplier, SupplierFigures
from psoportal.certification.models import Certificate, CertificateScope
from psoportal.register.display import level_label
from psoportal.register.selectors import in_force_during

# KvK numbers per query: well under SQLite's limit of bound parameters.
KVK_BATCH = 500
_KVK = re.compile(r"^\d{8}$")


def _qualifying_scopes(start: dt.date, end: dt.date) -> QuerySet[CertificateScope]:
    """Scope rows of level certificates with figures in force at some time in [start, end],
    the latest certificate of each KvK number first."""
    return (
        CertificateScope.objects.filter(
            in_force_during(start, end, prefix="certificate__"),
            certificate__kind=Certificate.Kind.LEVEL,
            certificate__supplier_turnover__gt=0,
            certificate__supplier_weighted_fte__isnull=False,
        )
        .order_by("kvk", "-certificate__start", "-certificate__id")
    )


def _latest_per_kvk(rows: Iterable) -> dict:
    latest: dict = {}
    for row in rows:
        latest.setdefault(row[0] if isinstance(row, tuple) else row.kvk, row)
    return latest


class RegisterSuppliers:
    """The PSO register, read for step 3D."""

    def search(self, text: str, *, start: dt.date, end: dt.date, limit: int
               ) -> list[RegisterSupplier]:
        text = " ".join(text.split())
        if not text:
            return []
        rows = _qualifying_scopes(start, end).select_related("certificate")
        if _KVK.match(text):
            rows = rows.filter(kvk=text)
        else:
            rows = rows.filter(Q(name__icontains=text)
                               | Q(certificate__organisation_name__icontains=text))
        # A KvK number rarely has more than two certificates in one peiljaar: this many rows
        # hold `limit` suppliers.
        latest = _latest_per_kvk(rows[: limit * 3])
        found = [
            RegisterSupplier(name=row.name, kvk=row.kvk, place=row.certificate.city,
                             level=level_label(row.certificate, on=row.certificate.start))
            for row in latest.values()
        ]
        return sorted(found, key=lambda s: (s.name.casefold(), s.kvk))[:limit]

    def figures(self, kvks: Collection[str], *, start: dt.date, end: dt.date
                ) -> dict[str, SupplierFigures]:
        wanted = sorted(set(kvks))
        found: dict[str, SupplierFigures] = {}
        for first in range(0, len(wanted), KVK_BATCH):
            rows = _qualifying_scopes(start, end).filter(
                kvk__in=wanted[first:first + KVK_BATCH]
            ).values_list("kvk", "certificate__number", "certificate__supplier_turnover",
                          "certificate__supplier_weighted_fte")
            for kvk, number, turnover, weighted in _latest_per_kvk(rows).values():
                found[kvk] = SupplierFigures(turnover=turnover, weighted_fte=weighted,
                                             certificate_number=number)
        return found
