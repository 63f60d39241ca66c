"""Periodic supplier assessments (issue 13 item 4, seed 004: "leggen het resultaat ervan vast
in periodieke leveranciersbeoordelingen"): each supplier's PSO status on a date, kept as a
snapshot, so an assessment says what the register said then, whatever changed since.

A row records the certificate in force that day (the highest level, as the register's
kvk_checks answers); without one, the supplier's latest certificate that had started by then
tells why (verlopen, vervallen, ingetrokken), and it is not compliant. Compliance follows
buyers.policy.is_compliant. The work is bounded by the portfolio, which the import bounds
(5,000 suppliers): a constant number of queries and a bulk insert, whatever its size.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.buyers.models import (
    Buyer,
    Niveau,
    SupplierAssessment,
    SupplierAssessmentRow,
)
from psoportal.buyers.policy import supplier_standings
from psoportal.certification.models import Certificate, CertificateScope
from psoportal.core.audit import audit_record
from psoportal.core.lib.xlsx import xlsx_table
from psoportal.core.templatetags.handbook import label
from psoportal.register.exports import CSV_BOM, CSV_DELIMITER, neutralise
from psoportal.register.status import RegisterStatus, entry_status, register_handbook

NOT_CERTIFIED = "none"
BATCH_SIZE = 500


class AssessmentInFuture(ValueError):
    """An assessment records what was; a date after today has nothing to record yet."""


def _latest_certificates(kvks: list[str], *, on: dt.date) -> dict[str, Certificate]:
    """Per KvK number the level certificate that started last on or before `on` (one query)."""
    latest: dict[str, Certificate] = {}
    scopes = (CertificateScope.objects
              .filter(kvk__in=set(kvks), certificate__kind=Certificate.Kind.LEVEL,
                      certificate__start__lte=on)
              .select_related("certificate")
              .order_by("certificate__start", "certificate__id"))
    for row in scopes:
        latest[row.kvk] = row.certificate  # the last one wins: the newest start
    return latest


def assessment_create(*, buyer: Buyer, on: dt.date, note: str, by: User | None,
                      automatic: bool = False) -> SupplierAssessment:
    """Record every supplier's PSO status on `on` (not after today); `automatic` when the
    scheduler records it for the buyer's interval (by is None then)."""
    if on > timezone.localdate():
        raise AssessmentInFuture(on)
    suppliers = list(buyer.suppliers.select_related("category").order_by("name", "id"))
    standings = supplier_standings(suppliers, on=on)
    missing = [s.supplier.kvk for s in standings if not s.certified]
    latest = _latest_certificates(missing, on=on) if missing else {}
    with transaction.atomic():
        assessment = SupplierAssessment.objects.create(buyer=buyer, assessed_on=on,
                                                       created_by=by, note=note,
                                                       automatic=automatic)
        rows = []
        for standing in standings:
            supplier = standing.supplier
            certificate = standing.check.certificate or latest.get(supplier.kvk)
            if standing.certified:
                status = standing.check.status.code.value
            elif certificate is not None:
                status = entry_status(certificate, on=on).code.value
            else:
                status = NOT_CERTIFIED
            rows.append(SupplierAssessmentRow(
                assessment=assessment, supplier=supplier, kvk=supplier.kvk,
                name=supplier.name,
                category=supplier.category.name if supplier.category else "",
                niveau=supplier.category.niveau if supplier.category else None,
                required_level=supplier.required_level, status=status,
                level=certificate.level if certificate else "",
                certificate_number=certificate.number if certificate else "",
                certificate_end=certificate.end if certificate else None,
                pso30plus=standing.check.pso30plus is not None,
                compliant=standing.compliant,
            ))
        SupplierAssessmentRow.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        audit_record(actor=by, action="assessment_create", organisation_id=buyer.organisation_id,
                     subject=assessment,
                     changes={"assessed_on": on.isoformat(), "suppliers": len(rows),
                              "compliant": sum(row.compliant for row in rows),
                              "automatic": automatic})
    return assessment


# -- reading an assessment ---------------------------------------------------------------------

def status_label(code: str) -> str:
    if code == NOT_CERTIFIED:
        return _("niet gecertificeerd")
    try:
        return str(RegisterStatus(code).label)
    except ValueError:
        return code


def level_text(code: str, *, on: dt.date) -> str:
    """A stored level code in words, by the handbook of the assessment's day."""
    if not code:
        return ""
    try:
        return label(register_handbook(on).level(code))
    except KeyError:
        return _("onbekende trede")


def in_force(code: str) -> bool:
    return code in (RegisterStatus.VALID, RegisterStatus.EXPIRING_SOON)


@dataclass(frozen=True)
class ShownRow:
    row: SupplierAssessmentRow
    status: str
    level: str
    required_level: str
    in_force: bool
    # Niveau 1 and not compliant: a breach of the buyer's condition.
    breach: bool
    # Niveau 2 or 3 and not compliant: advice, not a breach.
    advice: bool


def shown_rows(assessment: SupplierAssessment) -> list[ShownRow]:
    on = assessment.assessed_on
    shown = []
    for row in assessment.rows.all():
        advisory = row.niveau in (Niveau.STRONGLY_ADVISED, Niveau.RECOMMENDED)
        shown.append(ShownRow(
            row=row, status=status_label(row.status),
            level=level_text(row.level, on=on),
            required_level=level_text(row.required_level, on=on),
            in_force=in_force(row.status),
            breach=not row.compliant and row.niveau == Niveau.CONDITION,
            advice=not row.compliant and advisory,
        ))
    return shown


@dataclass(frozen=True)
class Summary:
    suppliers: int
    certified: int
    compliant: int
    breaches: int


def summary(rows: list[ShownRow]) -> Summary:
    return Summary(suppliers=len(rows), certified=sum(r.in_force for r in rows),
                   compliant=sum(r.row.compliant for r in rows),
                   breaches=sum(r.breach for r in rows))


def previous_assessment(assessment: SupplierAssessment) -> SupplierAssessment | None:
    """The buyer's assessment just before this one (by date, then by when it was made)."""
    return (SupplierAssessment.objects.filter(buyer_id=assessment.buyer_id)
            .filter(Q(assessed_on__lt=assessment.assessed_on)
                    | Q(assessed_on=assessment.assessed_on, pk__lt=assessment.pk))
            .order_by("-assessed_on", "-pk").first())


@dataclass(frozen=True)
class Change:
    name: str
    kvk: str
    before: str  # status label, "" when the supplier was not in the earlier assessment
    after: str  # status label, "" when it is no longer in the portfolio
    compliant_before: bool | None
    compliant_after: bool | None


def changes_since(assessment: SupplierAssessment,
                  previous: SupplierAssessment) -> list[Change]:
    """Who changed status or compliance between two assessments, by KvK number (two queries)."""
    fields = ("kvk", "name", "status", "level", "compliant")
    before = {row["kvk"]: row for row in previous.rows.values(*fields)}
    after = {row["kvk"]: row for row in assessment.rows.values(*fields)}
    changes = []
    for kvk in sorted(before.keys() | after.keys(),
                      key=lambda k: ((after.get(k) or before[k])["name"].casefold(), k)):
        old, new = before.get(kvk), after.get(kvk)
        if old and new and (old["status"], old["level"], old["compliant"]) == (
                new["status"], new["level"], new["compliant"]):
            continue
        changes.append(Change(
            name=(new or old)["name"], kvk=kvk,
            before=status_label(old["status"]) if old else "",
            after=status_label(new["status"]) if new else "",
            compliant_before=old["compliant"] if old else None,
            compliant_after=new["compliant"] if new else None,
        ))
    return changes


# -- download -------------------------------------------------------------------------------------

def header() -> list[str]:
    return [_("Naam"), _("KvK-nummer"), _("Inkoopcategorie"), _("Niveau"), _("Vereiste trede"),
            _("Status"), _("Trede"), _("Certificaatnummer"), _("Geldig tot en met"),
            _("PSO 30+"), _("Voldoet")]


def _values(shown: ShownRow) -> list[object]:
    row = shown.row
    if row.compliant:
        verdict = _("ja")
    elif shown.advice:
        verdict = _("nee (advies)")
    else:
        verdict = _("nee")
    return [row.name, row.kvk, row.category, row.niveau or "", shown.required_level,
            shown.status, shown.level, row.certificate_number, row.certificate_end,
            _("ja") if row.pso30plus else _("nee"), verdict]


def _rows(assessment: SupplierAssessment) -> Iterator[list[object]]:
    for shown in shown_rows(assessment):
        yield [neutralise(value) for value in _values(shown)]


def export_csv(assessment: SupplierAssessment) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(header())
    for row in _rows(assessment):
        writer.writerow([f"{v:%d-%m-%Y}" if isinstance(v, dt.date) else v for v in row])
    return CSV_BOM + out.getvalue()


def export_xlsx(assessment: SupplierAssessment) -> bytes:
    return xlsx_table(_("Leveranciersbeoordeling"), header(), _rows(assessment))
