"""Importing the old portal's register (issue 12 §5): what a file would change, and doing it.

import_plan reads a file (import_file.py) and compares it with the register: each certificate
is new, updated (same number, other facts; the changed fields with old and new value) or
unchanged, and the supersession between certificates is worked out again for every KvK number
the file touches. Nothing is written. The services below apply a plan in one transaction,
all or nothing, after reading the file again: what is written is exactly what the dry run
showed, or nothing (the plan's digest must match).

Decisions where the issue leaves room (docs in templates/register/import.html):

- A certificate the file does not name is left alone: an import adds and corrects, it never
  deletes.
- A number that belongs to a certificate issued in this portal (source "application") is an
  error: an import never overwrites one.
- Supersession follows certificates.py (_supersede): a certification lapses (vervalt) from the
  start of a later one that shares a KvK number while it is in force; its PSO 30+ certificate
  too, succeeded by the later PSO 30+ certificate when there is one. For imported certificates
  this is derived data, so it is recomputed from all certificates of the KvK numbers concerned
  (imported and issued here), as if the whole history had been in the register from the start.
  A certificate issued here is never changed by an import; an imported certificate starting
  while one issued here is in force for the same KvK number is an error (it would leave two
  in force, or make the import change a certificate of this portal). Two imported certificates
  of one KvK number starting the same day are an error too: the file must say which one holds.
- The verification code of an updated certificate never changes (QR codes are printed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from psoportal.accounts.models import User
from psoportal.certification.models import Certificate, CertificateScope, certificate_search_name
from psoportal.core.audit import audit_record
from psoportal.register.import_file import (
    Facts,
    ImportError,
    ImportErrors,
    header,
    read_register_file,
)
from psoportal.register.models import RegisterImport

# Values per IN (...): below SQLite's variable limit, and plans PostgreSQL makes quickly.
CHUNK = 900
BATCH_SIZE = 500
# Changes of each kind the dry run lists (all are counted and all are applied).
PREVIEW_LIMIT = 200
# A dry run can be applied this long; after that the file is read in again.
DRY_RUN_VALID = dt.timedelta(hours=24)

SOURCE_IMPORT = Certificate.Source.IMPORT
SOURCE_APPLICATION = Certificate.Source.APPLICATION
LEVEL = Certificate.Kind.LEVEL

# The facts an import writes and compares, in the order the dry run shows them.
FIELDS: tuple[tuple[str, Any], ...] = (
    ("kind", _("soort")),
    ("organisation_name", _("organisatie")),
    ("city", _("plaats")),
    ("kvks", _("KvK-nummers")),
    ("level", _("trede")),
    ("institution_name", _("certificerende instelling")),
    ("handbook_version", _("handboekversie")),
    ("start", _("ingangsdatum")),
    ("end", _("einddatum")),
    ("revoked_on", _("ingetrokken per")),
    ("supplier_turnover", _("omzet")),
    ("supplier_weighted_fte", _("gewogen doelgroep-fte")),
)
FIELD_LABELS = dict(FIELDS)
_MODEL_FIELDS = [name for name, _label in FIELDS if name != "kvks"]


# -- the register as the plan sees it --------------------------------------------------------------


@dataclass
class _Cert:
    """A certificate's facts and standing: from the database, or as the file would make it."""

    pk: int | None
    number: str
    kind: str
    source: str
    organisation_name: str
    city: str
    kvks: tuple[str, ...]
    level: str
    institution_name: str
    handbook_version: str
    start: dt.date
    end: dt.date
    revoked_on: dt.date | None
    supplier_turnover: Decimal | None
    supplier_weighted_fte: Decimal | None
    lapsed_on: dt.date | None = None
    superseded_by: str | None = None  # a number

    def in_force_on(self, day: dt.date) -> bool:
        return (self.start <= day <= self.end
                and (self.lapsed_on is None or self.lapsed_on > day)
                and (self.revoked_on is None or self.revoked_on > day))

    @property
    def ever_in_force(self) -> bool:
        return self.revoked_on is None or self.revoked_on > self.start


_VALUES = ("pk", "number", "kind", "source", *(f for f in _MODEL_FIELDS if f != "kind"),
           "lapsed_on", "superseded_by__number")


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _load(**lookup: Iterable[Any]) -> list[_Cert]:
    """Certificates whose `field__in` is one of the values (chunked), with their KvK numbers."""
    [(name, values)] = lookup.items()
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(set(values))):
        rows += Certificate.objects.filter(**{f"{name}__in": chunk}).values(*_VALUES)
    kvks: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(row["pk"] for row in rows):
        for certificate_id, kvk in (CertificateScope.objects.filter(certificate_id__in=chunk)
                                    .order_by("-is_main", "id")
                                    .values_list("certificate_id", "kvk")):
            kvks[certificate_id].append(kvk)
    certificates = []
    for row in rows:
        row["superseded_by"] = row.pop("superseded_by__number")
        certificates.append(_Cert(kvks=tuple(kvks[row["pk"]]), **row))
    return certificates


def _certificate_ids_with(kvks: Iterable[str]) -> set[int]:
    ids: set[int] = set()
    for chunk in _chunks(kvks):
        ids.update(CertificateScope.objects.filter(kvk__in=chunk)
                   .values_list("certificate_id", flat=True))
    return ids


def _neighbourhood(touched: set[str]) -> list[_Cert]:
    """Every certificate holding a touched KvK number, and every certificate that shares a KvK
    number with one of those (the later certificates that may supersede them)."""
    first = _load(pk=_certificate_ids_with(touched))
    further = {kvk for certificate in first for kvk in certificate.kvks} - touched
    known = {certificate.pk for certificate in first}
    return first + _load(pk=_certificate_ids_with(further) - known)


# -- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class Planned:
    row: int
    facts: Facts
    existing: _Cert | None
    changes: list[Change] = field(default_factory=list)

    @property
    def action(self) -> str:
        if self.existing is None:
            return "new"
        return "updated" if self.changes else "unchanged"


@dataclass(frozen=True)
class Lapse:
    """A change of an imported certificate's supersession: (lapsed on, superseded by number)
    before and after."""

    pk: int | None  # None: created by this import
    number: str
    organisation_name: str
    old: tuple[dt.date | None, str | None]
    new: tuple[dt.date | None, str | None]


@dataclass
class Plan:
    kind: str
    data_rows: int
    errors: ImportErrors
    planned: list[Planned] = field(default_factory=list)
    lapses: list[Lapse] = field(default_factory=list)
    pks: dict[str, int] = field(default_factory=dict)  # number → id of what exists

    def of(self, action: str) -> list[Planned]:
        return [p for p in self.planned if p.action == action]

    @property
    def counts(self) -> dict[str, int]:
        actions = [p.action for p in self.planned]
        return {"new": actions.count("new"), "updated": actions.count("updated"),
                "unchanged": actions.count("unchanged"), "lapsed": len(self.lapses)}

    @property
    def changes(self) -> int:
        counts = self.counts
        return counts["new"] + counts["updated"] + counts["lapsed"]

    @property
    def digest(self) -> str:
        """A fingerprint of every change (not of the unchanged): equal digests, equal writes."""
        content = {
            "new": [_plain_facts(p.facts) for p in self.of("new")],
            "updated": [[p.facts.number, [[c.field, _plain(c.old), _plain(c.new)]
                                          for c in p.changes]] for p in self.of("updated")],
            "lapses": [[lapse.number, _plain(lapse.old), _plain(lapse.new)]
                       for lapse in self.lapses],
        }
        text = json.dumps(content, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def preview(self) -> dict[str, Any]:
        """What the dry-run page lists (the first PREVIEW_LIMIT of each kind), as JSON."""
        def row(p: Planned) -> dict[str, Any]:
            f = p.facts
            return {"row": p.row, "number": f.number, "kind": f.kind,
                    "organisation": f.organisation_name, "level": f.level,
                    "version": f.handbook_version, "start": _plain(f.start),
                    "end": _plain(f.end)}
        return {
            "new": [row(p) for p in self.of("new")[:PREVIEW_LIMIT]],
            "updated": [{**row(p), "changes": [[c.field, _plain(c.old), _plain(c.new)]
                                               for c in p.changes]}
                        for p in self.of("updated")[:PREVIEW_LIMIT]],
            "lapses": [{"number": lapse.number, "organisation": lapse.organisation_name,
                        "old": _plain(lapse.old), "new": _plain(lapse.new)}
                       for lapse in self.lapses[:PREVIEW_LIMIT]],
        }


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f") if value else "0"
        return text
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def _plain_facts(facts: Facts) -> list[Any]:
    return [_plain(getattr(facts, name)) for name in ("number", *FIELD_LABELS)]


def _from_facts(facts: Facts, existing: _Cert | None) -> _Cert:
    return _Cert(
        pk=existing.pk if existing else None, number=facts.number, kind=facts.kind,
        source=SOURCE_IMPORT, organisation_name=facts.organisation_name, city=facts.city,
        kvks=facts.kvks, level=facts.level, institution_name=facts.institution_name,
        handbook_version=facts.handbook_version, start=facts.start, end=facts.end,
        revoked_on=facts.revoked_on, supplier_turnover=facts.supplier_turnover,
        supplier_weighted_fte=facts.supplier_weighted_fte,
        lapsed_on=existing.lapsed_on if existing else None,
        superseded_by=existing.superseded_by if existing else None,
    )


def import_plan(data: bytes, file_name: str) -> Plan:
    """What importing this file would change in the register; writes nothing."""
    read = read_register_file(data, file_name)
    plan = Plan(kind=read.kind, data_rows=read.data_rows, errors=read.errors)
    if not read.rows:
        return plan
    rows = read.rows
    existing = {c.number: c for c in _load(number=[f.number for r in rows
                                                   for f in r.certificates])}
    valid = []
    for file_row in rows:
        clash = next((f for f in file_row.certificates
                      if f.number in existing
                      and existing[f.number].source == SOURCE_APPLICATION), None)
        if clash is not None:
            key = "number" if clash.kind == LEVEL else "pso30plus_number"
            plan.errors.add(file_row.row, header(key), "issued_here", gettext(
                "Certificaatnummer %(number)s is in MijnPSO uitgegeven op een aanvraag; een "
                "import overschrijft zo'n certificaat nooit. Haal deze regel uit het bestand "
                "of corrigeer het nummer.") % {"number": clash.number})
            continue
        valid.append(file_row)
        for facts in file_row.certificates:
            old = existing.get(facts.number)
            changes = [] if old is None else [
                Change(name, getattr(old, name), getattr(facts, name))
                for name in FIELD_LABELS if getattr(old, name) != getattr(facts, name)]
            plan.planned.append(Planned(file_row.row, facts, old, changes))
    _supersession(plan, valid, existing)
    return plan


def _supersession(plan: Plan, rows: list, existing: dict[str, _Cert]) -> None:
    """Conflicts with the register (errors), and every imported certificate whose lapse changes
    when the file is applied (plan.lapses)."""
    touched = {kvk for r in rows for kvk in r.main.kvks}
    touched |= {kvk for c in existing.values() if c.source == SOURCE_IMPORT for kvk in c.kvks}
    register = {c.number: c for c in _neighbourhood(touched)}
    register.update(existing)
    plan.pks = {number: c.pk for number, c in register.items() if c.pk is not None}
    in_file = {f.number for r in rows for f in r.certificates}
    after = dict(register)
    for r in rows:
        for facts in r.certificates:
            after[facts.number] = _from_facts(facts, existing.get(facts.number))
    by_kvk: dict[str, list[_Cert]] = defaultdict(list)
    for certificate in after.values():
        for kvk in certificate.kvks:
            by_kvk[kvk].append(certificate)

    def neighbours(certificate: _Cert) -> list[_Cert]:
        seen: dict[str, _Cert] = {}
        for kvk in certificate.kvks:
            for other in by_kvk[kvk]:
                if other.number != certificate.number:
                    seen[other.number] = other
        return list(seen.values())

    for r in rows:
        _conflict(plan, r.row, after[r.main.number], neighbours, in_file)
    for certificate in sorted(after.values(), key=lambda c: c.number):
        if certificate.source != SOURCE_IMPORT or not touched.intersection(certificate.kvks):
            continue
        new = _successor(certificate, neighbours(certificate))
        old = (certificate.lapsed_on, certificate.superseded_by)
        if new != old:
            plan.lapses.append(Lapse(certificate.pk, certificate.number,
                                     certificate.organisation_name, old, new))


def _conflict(plan: Plan, row: int, certificate: _Cert, neighbours, in_file: set[str]) -> None:
    if not certificate.ever_in_force:
        return
    start = certificate.start
    for other in sorted(neighbours(certificate), key=lambda c: c.number):
        shared = next(kvk for kvk in certificate.kvks if kvk in other.kvks)
        if other.source == SOURCE_APPLICATION and other.in_force_on(start):
            plan.errors.add(row, header("start"), "issued_here_in_force", gettext(
                "KvK-nummer %(kvk)s heeft certificaat %(number)s uit MijnPSO, dat op de "
                "ingangsdatum %(start)s geldig is. Een import laat zo'n certificaat niet "
                "vervallen: controleer de ingangsdatum of haal deze regel uit het bestand.")
                % {"kvk": shared, "number": other.number, "start": _dutch(start)})
            return
        if (other.source == SOURCE_IMPORT and other.number not in in_file
                and other.kind == LEVEL and other.start == start and other.ever_in_force):
            plan.errors.add(row, header("start"), "same_start_register", gettext(
                "KvK-nummer %(kvk)s heeft in het register al certificaat %(number)s met "
                "ingangsdatum %(start)s. Laat deze regel weg, of neem %(number)s op in het "
                "bestand met 'ingetrokken per' ingevuld.")
                % {"kvk": shared, "number": other.number, "start": _dutch(start)})
            return


def _successor(certificate: _Cert, neighbours: list[_Cert]
               ) -> tuple[dt.date | None, str | None]:
    """(lapsed on, superseded by) of an imported certificate, as _supersede would have left it
    had every certificate of its KvK numbers been issued here in the order of their starts:
    the first later certification that starts while it is in force takes over. A certificate
    issued here the same day also takes over (it was issued after the old register's)."""
    x = certificate
    found: list[_Cert] = []
    for y in neighbours:
        later = x.start < y.start or (y.source == SOURCE_APPLICATION and y.start == x.start)
        if not later or y.start > x.end:
            continue
        if x.revoked_on is not None and x.revoked_on <= y.start:
            continue  # withdrawn before: it was no longer in force to lapse
        if found and y.start > found[0].start:
            continue
        if found and y.start < found[0].start:
            found = []
        found.append(y)
    if not found:
        return None, None
    # The same kind when the successor has it (PSO 30+ by PSO 30+), else its level certificate.
    chosen = min(found, key=lambda y: (y.kind != x.kind, y.kind != LEVEL, y.number))
    return chosen.start, chosen.number


def _dutch(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


# -- writing -----------------------------------------------------------------------------------


def _issued_at(start: dt.date) -> dt.datetime:
    # The old register's issue moment is unknown; its start is the closest fact.
    return timezone.make_aware(dt.datetime.combine(start, dt.time()))


def _scope(pk: int, facts: Facts) -> list[CertificateScope]:
    # The file names only the main applicant; the other KvK numbers carry its name too.
    return [CertificateScope(certificate_id=pk, kvk=kvk, name=facts.organisation_name,
                             is_main=index == 0) for index, kvk in enumerate(facts.kvks)]


def _write(plan: Plan) -> None:
    """Write the plan: creates, updates, then the supersession (which may point at a created
    certificate). Called inside the caller's transaction."""
    new = plan.of("new")
    created = [
        Certificate(
            number=p.facts.number, kind=p.facts.kind, source=SOURCE_IMPORT, application=None,
            verification_code=secrets.token_urlsafe(32), issued_at=_issued_at(p.facts.start),
            search_name=certificate_search_name([p.facts.organisation_name]),
            **{name: getattr(p.facts, name) for name in _MODEL_FIELDS if name != "kind"},
        )
        for p in new
    ]
    Certificate.objects.bulk_create(created, batch_size=BATCH_SIZE)
    pks = dict(plan.pks)
    pks.update({certificate.number: certificate.pk for certificate in created})
    scopes = [row for p in new for row in _scope(pks[p.facts.number], p.facts)]

    updated = plan.of("updated")
    if updated:
        objects = []
        for p in updated:
            certificate = Certificate(pk=p.existing.pk)
            for name in _MODEL_FIELDS:
                setattr(certificate, name, getattr(p.facts, name))
            certificate.issued_at = _issued_at(p.facts.start)
            certificate.search_name = certificate_search_name([p.facts.organisation_name])
            objects.append(certificate)
        Certificate.objects.bulk_update(objects, [*_MODEL_FIELDS, "issued_at", "search_name"],
                                        batch_size=BATCH_SIZE)
        rescoped = [p for p in updated
                    if {c.field for c in p.changes} & {"kvks", "organisation_name"}]
        for chunk in _chunks(p.existing.pk for p in rescoped):
            CertificateScope.objects.filter(certificate_id__in=chunk).delete()
        scopes += [row for p in rescoped for row in _scope(p.existing.pk, p.facts)]
    CertificateScope.objects.bulk_create(scopes, batch_size=BATCH_SIZE)

    lapses = []
    for lapse in plan.lapses:
        on, by = lapse.new
        certificate = Certificate(pk=pks[lapse.number], lapsed_on=on,
                                  superseded_by_id=pks[by] if by else None)
        lapses.append(certificate)
    Certificate.objects.bulk_update(lapses, ["lapsed_on", "superseded_by"],
                                    batch_size=BATCH_SIZE)


# -- services ------------------------------------------------------------------------------------


class ImportRefused(Exception):
    """Nothing was imported; the message (Dutch) says why and what to do."""


class PlanChanged(Exception):
    """The file read again would now do something else than the dry run showed: nothing was
    imported, and `plan` is the new dry run (stored on the batch when it has no errors)."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("plan changed")
        self.plan = plan


class _Rollback(Exception):
    def __init__(self, plan: Plan) -> None:
        self.plan = plan


def _fields(plan: Plan) -> dict[str, Any]:
    return {"plan_digest": plan.digest, "preview": plan.preview(), "rows": plan.data_rows,
            **plan.counts}


def _record(actor: User | None, batch: RegisterImport, plan: Plan) -> None:
    audit_record(actor=actor, action="register_import", subject=batch,
                 changes={"file": batch.file_name, **plan.counts})


def register_dry_runs_expired_delete(*, now: dt.datetime) -> int:
    """Dry runs nobody applied within DRY_RUN_VALID hold files with confidential figures:
    deleted here, by the next dry run and by the schedule's daily retention clean-up."""
    deleted, _per_model = RegisterImport.objects.filter(
        status=RegisterImport.Status.DRY_RUN, created_at__lt=now - DRY_RUN_VALID).delete()
    return deleted


def register_import_check(*, data: bytes, file_name: str, actor: User | None
                          ) -> tuple[Plan, RegisterImport | None]:
    """The dry run. Without errors the file is kept as a batch that can be applied (for
    DRY_RUN_VALID); with errors nothing is kept."""
    plan = import_plan(data, file_name)
    if plan.errors:
        return plan, None
    with transaction.atomic():
        # Dry runs nobody applied hold files with confidential figures: not kept for long.
        register_dry_runs_expired_delete(now=timezone.now())
        batch = RegisterImport.objects.create(
            file_name=file_name[:255], kind=plan.kind, data=data,
            sha256=hashlib.sha256(data).hexdigest(), created_by=actor, **_fields(plan))
    return plan, batch


def register_import_apply(*, batch_id: int, digest: str, actor: User | None) -> RegisterImport:
    """Apply a dry run: the stored file is read again and applied in one transaction when it
    would change exactly what the dry run with this `digest` showed.

    The batch is claimed with a compare-and-set first, so a double click or two members of staff
    apply it once. Raises ImportRefused, or PlanChanged with the new dry run."""
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = RegisterImport.objects.filter(
                pk=batch_id, status=RegisterImport.Status.DRY_RUN, plan_digest=digest,
                created_at__gte=now - DRY_RUN_VALID,
            ).update(status=RegisterImport.Status.APPLIED, applied_by=actor, applied_at=now)
            if not claimed:
                raise ImportRefused(_unclaimable(batch_id, digest, now))
            batch = RegisterImport.objects.get(pk=batch_id)
            plan = import_plan(bytes(batch.data), batch.file_name)
            if plan.errors or plan.digest != digest:
                raise _Rollback(plan)
            _write(plan)
            batch.data = b""
            for name, value in _fields(plan).items():
                setattr(batch, name, value)
            batch.save()
            _record(actor, batch, plan)
    except _Rollback as rollback:
        plan = rollback.plan
        batches = RegisterImport.objects.filter(pk=batch_id, status=RegisterImport.Status.DRY_RUN)
        if plan.errors:
            batches.delete()  # it can never be applied; the errors say what to fix
        else:
            batches.update(**_fields(plan))
        raise PlanChanged(plan) from None
    return batch


def _unclaimable(batch_id: int, digest: str, now: dt.datetime) -> str:
    batch = RegisterImport.objects.filter(pk=batch_id).first()
    if batch is None:
        return gettext("Deze proefimport bestaat niet meer; lees het bestand opnieuw in.")
    if batch.status == RegisterImport.Status.APPLIED:
        return gettext("Dit bestand is al geïmporteerd.")
    if batch.created_at < now - DRY_RUN_VALID:
        return gettext("Deze proefimport is ouder dan %(hours)s uur; lees het bestand opnieuw "
                       "in.") % {"hours": int(DRY_RUN_VALID.total_seconds() // 3600)}
    return gettext("De proefimport is intussen opnieuw berekend; bekijk de wijzigingen en "
                   "importeer opnieuw.")


def register_import_run(*, data: bytes, file_name: str, actor: User | None) -> Plan:
    """Dry run and apply in one transaction (the command's --apply, the demo): the plan read
    inside the transaction is the one written. A file with errors writes nothing; neither does
    one that changes nothing (no batch is recorded for it)."""
    with transaction.atomic():
        plan = import_plan(data, file_name)
        if plan.errors or not plan.changes:
            return plan
        _write(plan)
        batch = RegisterImport.objects.create(
            status=RegisterImport.Status.APPLIED, file_name=file_name[:255], kind=plan.kind,
            sha256=hashlib.sha256(data).hexdigest(), created_by=actor, applied_by=actor,
            applied_at=timezone.now(), **_fields(plan))
        _record(actor, batch, plan)
    return plan


def plan_errors(plan: Plan) -> list[ImportError]:
    return plan.errors.lines()
