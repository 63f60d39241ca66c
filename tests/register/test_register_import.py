"""The register import (issue 12 §5): a .csv or .xlsx of the old portal's register, a dry run
that writes nothing, and an apply that writes exactly what the dry run showed, all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from psoportal.certification.models import Certificate, CertificateScope
from psoportal.core.models import AuditEvent
from psoportal.register import register_import
from psoportal.register.models import RegisterImport
from psoportal.register.register_import import (
    ImportRefused,
    PlanChanged,
    import_plan,
    register_import_apply,
    register_import_check,
    register_import_run,
)
from tests.register.import_support import certificate, csv_file, issued_here, row, xlsx_file

pytestmark = pytest.mark.django_db

D = dt.date


def _rows():
    return [
        row(),
        row(certificaatnummer="P24-0002", organisatie="Groenwerk Bos B.V.", plaats="Zwolle",
            kvk_nummers="64000201, 64000202;64000203", trede="trede_3", pso_30plus="ja",
            certificaatnummer_pso_30plus="P24-0002-30", ingangsdatum="2024-05-01",
            einddatum="2026-04-30", omzet="2.450.000,50", gewogen_doelgroep_fte="12,5"),
    ]


def _snapshot():
    return sorted(Certificate.objects.values_list(
        "number", "kind", "source", "application", "organisation_name", "city", "level",
        "institution_name", "handbook_version", "start", "end", "revoked_on", "lapsed_on",
        "superseded_by__number", "supplier_turnover", "supplier_weighted_fte",
        "verification_code"))


def test_a_semicolon_csv_with_a_bom_becomes_certificates_with_their_scope():
    plan = register_import_run(data=csv_file(_rows()), file_name="register.csv", actor=None)
    assert not plan.errors
    assert plan.counts == {"new": 3, "updated": 0, "unchanged": 0, "lapsed": 0}
    level = certificate("P24-0002")
    assert (level.kind, level.level, level.source, level.application) == (
        "level", "trede_3", "import", None)
    assert (level.start, level.end) == (D(2024, 5, 1), D(2026, 4, 30))
    assert level.supplier_turnover == Decimal("2450000.50")
    assert level.supplier_weighted_fte == Decimal("12.5")
    assert list(level.scope.values_list("kvk", "is_main")) == [
        ("64000201", True), ("64000202", False), ("64000203", False)]
    plus = certificate("P24-0002-30")
    assert (plus.kind, plus.level, plus.start, plus.organisation_name) == (
        "pso30plus", "trede_3", D(2024, 5, 1), "Groenwerk Bos B.V.")
    assert plus.scope.count() == 3
    # The handbook version in force at the start; before the first known version, the first.
    assert {c.handbook_version for c in Certificate.objects.all()} == {"2.2"}


def test_every_imported_certificate_gets_its_own_unguessable_verification_code():
    register_import_run(data=csv_file(_rows()), file_name="register.csv", actor=None)
    codes = list(Certificate.objects.values_list("verification_code", flat=True))
    assert len(set(codes)) == 3 and all(len(code) == 43 for code in codes)


def test_a_comma_csv_without_a_bom_reads_the_same():
    register_import_run(data=csv_file(_rows(), delimiter=",", bom=False), file_name="r.csv",
                        actor=None)
    assert certificate("P24-0002").scope.count() == 3
    assert certificate("P23-0001").organisation_name == "Schoonmaakbedrijf Zuidwest B.V."


def test_headers_are_read_in_any_order_and_case():
    headers = ["Trede", "KvK-nummers", "CERTIFICAATNUMMER", "Organisatie", "Einddatum",
               "Ingangsdatum", "Certificerende Instelling"]
    plan = import_plan(csv_file([row()], headers=headers), "r.csv")
    assert not plan.errors and plan.counts["new"] == 1


def test_an_xlsx_with_real_excel_dates_and_numbers_is_read():
    rows = [row(certificaatnummer=2301, kvk_nummers=64000101, ingangsdatum=dt.datetime(2023, 3, 1),
                einddatum=dt.datetime(2025, 2, 28), omzet=1250000.25, gewogen_doelgroep_fte=3)]
    plan = register_import_run(data=xlsx_file(rows), file_name="register.xlsx", actor=None)
    assert not plan.errors, plan.errors.lines()
    imported = certificate("2301")
    assert (imported.start, imported.end) == (D(2023, 3, 1), D(2025, 2, 28))
    assert imported.supplier_turnover == Decimal("1250000.25")
    assert list(imported.scope.values_list("kvk", flat=True)) == ["64000101"]


def test_the_dry_run_writes_nothing_but_its_batch():
    plan, batch = register_import_check(data=csv_file(_rows()), file_name="register.csv",
                                        actor=None)
    assert plan.counts["new"] == 3
    assert Certificate.objects.count() == 0 and CertificateScope.objects.count() == 0
    assert batch.status == RegisterImport.Status.DRY_RUN
    assert bytes(batch.data) == csv_file(_rows())
    assert (batch.new, batch.rows) == (3, 2)


def test_apply_writes_exactly_what_the_dry_run_showed(bo):
    plan, batch = register_import_check(data=csv_file(_rows()), file_name="register.csv",
                                        actor=bo)
    shown = {p.facts.number: p.facts for p in plan.of("new")}
    applied = register_import_apply(batch_id=batch.pk, digest=batch.plan_digest, actor=bo)
    assert applied.status == RegisterImport.Status.APPLIED and applied.applied_by == bo
    assert bytes(applied.data) == b""  # the confidential figures do not stay in the batch
    # Read back: every certificate the dry run listed, each field as it was shown.
    again = import_plan(csv_file(_rows()), "again.csv")
    assert {p.facts.number: p.facts for p in again.of("unchanged")} == shown
    assert again.changes == 0 and Certificate.objects.count() == len(shown)
    event = AuditEvent.objects.get(action="register_import")
    assert event.actor == bo and event.changes["new"] == 3


def test_apply_refuses_when_the_register_changed_since_the_dry_run_and_shows_the_new_one():
    _plan, batch = register_import_check(data=csv_file(_rows()), file_name="r.csv", actor=None)
    register_import_run(data=csv_file([row(plaats="Tilburg")]), file_name="other.csv",
                        actor=None)
    before = _snapshot()
    with pytest.raises(PlanChanged) as changed:
        register_import_apply(batch_id=batch.pk, digest=batch.plan_digest, actor=None)
    assert _snapshot() == before
    assert changed.value.plan.counts == {"new": 2, "updated": 1, "unchanged": 0, "lapsed": 0}
    batch.refresh_from_db()
    assert batch.status == RegisterImport.Status.DRY_RUN
    assert batch.plan_digest == changed.value.plan.digest and batch.updated == 1
    # The old page's button no longer applies anything; the new one does.
    with pytest.raises(ImportRefused):
        register_import_apply(batch_id=batch.pk, digest="0" * 64, actor=None)
    register_import_apply(batch_id=batch.pk, digest=batch.plan_digest, actor=None)
    assert certificate("P23-0001").city == "Breda"


def test_a_batch_is_applied_once():
    _plan, batch = register_import_check(data=csv_file(_rows()), file_name="r.csv", actor=None)
    register_import_apply(batch_id=batch.pk, digest=batch.plan_digest, actor=None)
    with pytest.raises(ImportRefused, match="al geïmporteerd"):
        register_import_apply(batch_id=batch.pk, digest=batch.plan_digest, actor=None)
    assert Certificate.objects.count() == 3


def test_a_dry_run_older_than_a_day_cannot_be_applied_and_is_cleared_by_the_next():
    _plan, batch = register_import_check(data=csv_file(_rows()), file_name="r.csv", actor=None)
    later = timezone.now() + register_import.DRY_RUN_VALID + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        with pytest.raises(ImportRefused, match="ouder dan 24 uur"):
            register_import_apply(batch_id=batch.pk, digest=batch.plan_digest, actor=None)
        register_import_check(data=csv_file([row()]), file_name="r.csv", actor=None)
    assert not RegisterImport.objects.filter(pk=batch.pk).exists()


def test_a_failure_while_writing_leaves_nothing_behind(monkeypatch):
    _plan, batch = register_import_check(data=csv_file(_rows()), file_name="r.csv", actor=None)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(CertificateScope.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        register_import_apply(batch_id=batch.pk, digest=batch.plan_digest, actor=None)
    assert Certificate.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == RegisterImport.Status.DRY_RUN


def test_one_bad_row_imports_nothing_at_all():
    rows = [*_rows(), row(certificaatnummer="P23-0009", kvk_nummers="6400010")]
    plan = register_import_run(data=csv_file(rows), file_name="r.csv", actor=None)
    assert plan.errors.count == 1
    assert Certificate.objects.count() == 0 and RegisterImport.objects.count() == 0
    _plan, batch = register_import_check(data=csv_file(rows), file_name="r.csv", actor=None)
    assert batch is None and RegisterImport.objects.count() == 0


def test_same_number_with_other_facts_is_an_update_with_each_field_old_and_new():
    register_import_run(data=csv_file(_rows()), file_name="r.csv", actor=None)
    code = certificate("P24-0002").verification_code
    changed = _rows()
    changed[1].update({"einddatum": "30-06-2026", "kvk-nummers": "64000202 64000201",
                       "omzet": ""  , "gewogen doelgroep-fte": "", "plaats": "Kampen"})
    plan = import_plan(csv_file(changed), "r.csv")
    [update, plus_update] = plan.of("updated")
    assert [(c.field, c.old, c.new) for c in update.changes] == [
        ("city", "Zwolle", "Kampen"),
        ("kvks", ("64000201", "64000202", "64000203"), ("64000202", "64000201")),
        ("end", D(2026, 4, 30), D(2026, 6, 30)),
        ("supplier_turnover", Decimal("2450000.50"), None),
        ("supplier_weighted_fte", Decimal("12.5"), None),
    ]
    assert plus_update.facts.number == "P24-0002-30"
    assert [p.facts.number for p in plan.of("unchanged")] == ["P23-0001"]
    register_import_run(data=csv_file(changed), file_name="r.csv", actor=None)
    updated = certificate("P24-0002")
    assert (updated.city, updated.end, updated.supplier_turnover) == (
        "Kampen", D(2026, 6, 30), None)
    assert list(updated.scope.values_list("kvk", "is_main")) == [
        ("64000202", True), ("64000201", False)]
    assert updated.verification_code == code  # printed QR codes keep working


def test_importing_the_same_file_again_changes_nothing_and_records_nothing():
    register_import_run(data=csv_file(_rows()), file_name="r.csv", actor=None)
    before = _snapshot()
    plan = register_import_run(data=csv_file(_rows()), file_name="r.csv", actor=None)
    assert plan.counts == {"new": 0, "updated": 0, "unchanged": 3, "lapsed": 0}
    assert plan.changes == 0 and not plan.errors
    assert _snapshot() == before
    assert RegisterImport.objects.count() == 1
    # The same file as xlsx is the same register.
    as_xlsx = import_plan(xlsx_file(_rows()), "r.xlsx")
    assert as_xlsx.counts["unchanged"] == 3 and as_xlsx.changes == 0


def test_a_certificate_the_file_does_not_name_is_left_alone():
    register_import_run(data=csv_file(_rows()), file_name="r.csv", actor=None)
    register_import_run(data=csv_file([row(plaats="Tilburg")]), file_name="r.csv", actor=None)
    assert Certificate.objects.count() == 3


def test_an_import_never_overwrites_a_certificate_issued_in_this_portal():
    ours = issued_here("PSO-2026-000001", "12345678", D(2026, 1, 1), D(2027, 12, 31))
    before = _snapshot()
    plan = register_import_run(
        data=csv_file([row(certificaatnummer="pso-2026-000001", organisatie="Overname B.V.")]),
        file_name="r.csv", actor=None)
    [error] = plan.errors.lines()
    assert (error.row, error.column, error.code) == (2, "certificaatnummer", "issued_here")
    assert "PSO-2026-000001 is in MijnPSO uitgegeven" in error.message
    assert _snapshot() == before
    ours.refresh_from_db()
    assert ours.organisation_name == "Eigen Aanvraag B.V."
