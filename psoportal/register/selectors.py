"""Reads of the public register (rule book §11, issue 12): the search the register page, its
exports and the API share, and the "was this KvK number certified on day D" check.

Every entry is one certificate; a PSO 30+ certificate is its own entry. "In force on D" is
one SQL condition (in_force_on), the same rule as certificate_status: started, not ended, not
lapsed (vervallen) and not revoked (ingetrokken) on or before D. Expired, superseded and
withdrawn certificates are therefore not listed for today, but a date search finds them on the
days they were in force, and the verification page always finds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When

from psoportal.certification.models import Certificate, CertificateScope
from psoportal.methodology.handbook import Handbook
from psoportal.register.status import EntryStatus, entry_status, register_handbook

# The register's sort keys: what a visitor picks → the ORM ordering (a tie-breaker last, so
# pages never overlap or skip an entry).
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("organisation_name", "number"),
    "-name": ("-organisation_name", "-number"),
    "place": ("city", "organisation_name", "number"),
    "-place": ("-city", "-organisation_name", "-number"),
    "level": ("level_rank", "organisation_name", "number"),
    "-level": ("-level_rank", "organisation_name", "number"),
    "start": ("start", "number"),
    "-start": ("-start", "-number"),
    "end": ("end", "number"),
    "-end": ("-end", "-number"),
    "number": ("number",),
    "-number": ("-number",),
}
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class RegisterQuery:
    """One search of the register. Empty text fields do not filter."""

    on: dt.date
    name: str = ""
    place: str = ""
    kvk: str = ""
    min_level: str = ""  # a level code of the handbook in force on `on`
    pso30plus: bool | None = None  # True: only PSO 30+ entries; False: only level entries
    institution: str = ""
    sort: str = DEFAULT_SORT


@dataclass(frozen=True)
class Entry:
    """A register entry as shown: the certificate, its status on the day asked about and the
    KvK numbers in its scope (main applicant first)."""

    certificate: Certificate
    status: EntryStatus
    kvks: list[str] = field(default_factory=list)

    @property
    def is_pso30plus(self) -> bool:
        return self.certificate.kind == Certificate.Kind.PSO30PLUS


def in_force_on(day: dt.date, prefix: str = "") -> Q:
    """Certificates in force on `day`: the SQL form of certificate_status(...) == geldig."""
    p = prefix
    return (
        Q(**{f"{p}start__lte": day, f"{p}end__gte": day})
        & (Q(**{f"{p}lapsed_on__isnull": True}) | Q(**{f"{p}lapsed_on__gt": day}))
        & (Q(**{f"{p}revoked_on__isnull": True}) | Q(**{f"{p}revoked_on__gt": day}))
    )


def in_force_during(first: dt.date, last: dt.date, prefix: str = "") -> Q:
    """Certificates in force on at least one day of [first, last] (a peiljaar, rule book §6).

    A certificate is in force from its start up to and including min(end, lapsed_on − 1,
    revoked_on − 1); that period must overlap [first, last]. Lapsing or revocation on or before
    its own start means it was never in force."""
    p = prefix
    ended = Q()
    for name in ("lapsed_on", "revoked_on"):
        ended &= Q(**{f"{p}{name}__isnull": True}) | (
            Q(**{f"{p}{name}__gt": first}) & Q(**{f"{p}{name}__gt": F(f"{p}start")})
        )
    return Q(**{f"{p}start__lte": last, f"{p}end__gte": first}) & Q(
        **{f"{p}end__gte": F(f"{p}start")}) & ended


def level_rank(handbook: Handbook) -> Case:
    """The handbook's ladder as a number, low to high, for sorting and "at least level X";
    a level this handbook does not know ranks lowest."""
    return Case(
        *(When(level=level.code, then=Value(rank)) for rank, level in enumerate(handbook.levels)),
        default=Value(-1), output_field=IntegerField(),
    )


def levels_at_least(handbook: Handbook, code: str) -> list[str]:
    codes = [level.code for level in handbook.levels]
    return codes[codes.index(code):] if code in codes else []


def register_queryset(query: RegisterQuery) -> QuerySet[Certificate]:
    handbook = register_handbook(query.on)
    certificates = Certificate.objects.filter(in_force_on(query.on))
    if query.name:
        # The names folded once when the certificate was written (Certificate.search_name),
        # so a search is one substring test per certificate, not a case fold of every name
        # and scope row (70 ms per page at 20,000 certificates on PostgreSQL).
        certificates = certificates.filter(search_name__contains=query.name.casefold())
    if query.place:
        certificates = certificates.filter(city__icontains=query.place)
    if query.kvk:
        certificates = certificates.filter(
            pk__in=CertificateScope.objects.filter(kvk=query.kvk).values("certificate_id"))
    if query.min_level:
        certificates = certificates.filter(level__in=levels_at_least(handbook, query.min_level))
    if query.pso30plus is not None:
        kind = Certificate.Kind.PSO30PLUS if query.pso30plus else Certificate.Kind.LEVEL
        certificates = certificates.filter(kind=kind)
    if query.institution:
        certificates = certificates.filter(institution_name=query.institution)
    return (
        certificates.annotate(level_rank=level_rank(handbook))
        .order_by(*SORTS.get(query.sort, SORTS[DEFAULT_SORT]))
        .prefetch_related(Prefetch("scope", queryset=CertificateScope.objects.order_by(
            "-is_main", "id")))
    )


def register_entries(certificates: Iterable[Certificate], *, on: dt.date) -> list[Entry]:
    """Entries of already fetched certificates (one page), their scope prefetched."""
    return [
        Entry(certificate, entry_status(certificate, on=on),
              [row.kvk for row in certificate.scope.all()])
        for certificate in certificates
    ]


# The search form's institution choices are a DISTINCT over every certificate (16 ms at
# 20,000 on PostgreSQL, on every register page): kept for a minute per process, keyed on the
# newest certificate so that an award or an import shows its institution at once. A renamed
# institution on an existing certificate shows within the minute.
INSTITUTIONS_CACHE_SECONDS = 60


def register_institutions() -> list[str]:
    """The certifying institutions named in the register, for the search form's choices."""
    newest = Certificate.objects.order_by("-pk").values_list("pk", flat=True).first()
    return cache.get_or_set(f"register:institutions:{newest}", _institutions,
                            INSTITUTIONS_CACHE_SECONDS)


def _institutions() -> list[str]:
    # order_by() first: the model's default ordering would join the DISTINCT and return one
    # row per certificate (20,000 options in the form) instead of one per institution.
    return list(
        Certificate.objects.exclude(institution_name="").order_by("institution_name")
        .values_list("institution_name", flat=True).distinct()
    )


def certificate_by_number(number: str) -> Certificate | None:
    """A certificate by its printed number (verification by number, the API): any status."""
    return (
        Certificate.objects.filter(number=number.strip().upper())
        .prefetch_related("scope").first()
    )


def certificates_for_kvk(kvk: str) -> list[Certificate]:
    """Every certificate whose scope holds this KvK number, any status, newest first (the
    "Controleer een certificaat" form: a buyer sees a supplier's history, not only today)."""
    return list(
        Certificate.objects.filter(
            pk__in=CertificateScope.objects.filter(kvk=kvk).values("certificate_id"))
        .order_by("-start", "-id")
        .prefetch_related(Prefetch("scope", queryset=CertificateScope.objects.order_by(
            "-is_main", "id")))
    )


@dataclass(frozen=True)
class KvkCheck:
    """The answer to "was KvK number K certified at level ≥ X on day D" (rule book §11)."""

    kvk: str
    certified: bool
    certificate: Certificate | None  # the highest level in force that day, if any
    status: EntryStatus | None
    pso30plus: Certificate | None  # a PSO 30+ certificate in force that day, if any


def kvk_checks(kvks: list[str], *, on: dt.date, min_level: str = "") -> list[KvkCheck]:
    """One answer per KvK number, in the order given, in two queries whatever the count.

    A KvK number without any certificate in force that day is "not certified"; with one
    below `min_level` it is not certified either, but the answer still names the
    certificate (the buyer sees why)."""
    handbook = register_handbook(on)
    rank = {level.code: index for index, level in enumerate(handbook.levels)}
    floor = rank.get(min_level, -1) if min_level else -1
    scopes = (
        CertificateScope.objects.filter(kvk__in=set(kvks))
        .filter(in_force_on(on, prefix="certificate__"))
        .select_related("certificate")
    )
    best: dict[str, Certificate] = {}
    plus: dict[str, Certificate] = {}
    for row in scopes:
        certificate = row.certificate
        if certificate.kind == Certificate.Kind.PSO30PLUS:
            plus[row.kvk] = certificate
            continue
        current = best.get(row.kvk)
        if current is None or rank.get(certificate.level, -1) > rank.get(current.level, -1):
            best[row.kvk] = certificate
    answers = []
    for kvk in kvks:
        certificate = best.get(kvk)
        certified = certificate is not None and rank.get(certificate.level, -1) >= floor
        answers.append(KvkCheck(
            kvk=kvk, certified=certified, certificate=certificate,
            status=entry_status(certificate, on=on) if certificate else None,
            pso30plus=plus.get(kvk),
        ))
    return answers
