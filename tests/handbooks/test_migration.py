"""On a new version's effective date the drafts move (issue 14 items 4-6, rule book §10):
renamed categories renamed, rows of a removed category set aside and listed, step 5's answers
moved to the new questions, the score before and after kept; submitted rekentools and
applications never change; nothing happens the day before; a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from psoportal.assessments.models import Rekentool, RekentoolResult, TargetGroupEmployee
from psoportal.certification.models import Application
from psoportal.core.models import AuditEvent
from psoportal.handbooks.migration import (
    MigrationRefused,
    handbook_drafts_migrate,
)
from psoportal.handbooks.models import DraftMigration, HandbookVersion
from psoportal.schedule.handbook_migration import handbook_migrations
from tests.handbooks import migration_fixtures
from tests.handbooks.migration_fixtures import EFFECTIVE, draft

published, small, pinned, submitted = (migration_fixtures.published, migration_fixtures.small,
                                       migration_fixtures.pinned, migration_fixtures.submitted)

pytestmark = pytest.mark.django_db


def run_schedule(day: dt.date) -> None:
    call_command("run_schedule", "--as-of", day.isoformat(), stdout=io.StringIO())


def _rows(tool):
    return sorted(TargetGroupEmployee.objects.filter(rekentool=tool)
                  .values_list("ref", "category"))


def _snapshot():
    """Everything the migration may write, to compare two runs."""
    return (
        sorted(Rekentool.objects.values_list("pk", "handbook_version", "qualitative",
                                             "data_revision", "version")),
        sorted(TargetGroupEmployee.objects.values_list("pk", "category", "version")),
        sorted(DraftMigration.objects.values_list("rekentool_id", "level_before",
                                                  "level_after", "migrated_at")),
    )


def test_on_the_effective_date_a_renamed_category_takes_its_new_code(published, small):
    run_schedule(EFFECTIVE)
    assert _rows(small) == [("K-1", "wia"), ("K-2", "id_baan")]


def test_rows_of_a_removed_category_are_set_aside_and_listed(published, pinned):
    run_schedule(EFFECTIVE)
    assert _rows(pinned) == [("G-1", "wia"), ("G-2", "wia")]
    record = DraftMigration.objects.get(rekentool=pinned)
    [aside] = record.set_aside
    assert (aside["kind"], aside["code"], aside["ref"]) == ("target_group", "status_lost", "G-3")
    assert aside["value"]["hours_per_week"] == "32"
    assert "3C" in record.recheck


def test_a_pinned_draft_moves_its_pin_to_the_new_version(published, pinned):
    run_schedule(EFFECTIVE)
    pinned.refresh_from_db()
    assert pinned.handbook_version == "2.3"


def test_step_5_answers_move_to_the_new_questions_and_the_new_one_is_asked(published, small):
    run_schedule(EFFECTIVE)
    small.refresh_from_db()
    # "inwerkplan" is the second question of "passend werk" in 2.3.
    assert small.qualitative == {"passend_werk": [True, None, True]}
    record = DraftMigration.objects.get(rekentool=small)
    assert "5" in record.recheck


def test_the_score_before_and_after_is_kept_a_small_draft_goes_down_by_the_higher_norm(
        published, small):
    run_schedule(EFFECTIVE)
    record = DraftMigration.objects.get(rekentool=small)
    assert (record.old_version, record.new_version) == ("2.2", "2.3")
    assert (record.level_before, record.level_after) == ("trede_1", "basistrede")
    assert record.result_before["total_pct"] == record.result_after["total_pct"] == "12.80"
    assert record.set_aside == []


def test_the_stored_score_of_the_data_as_it_is_serves_as_before(published, small,
                                                                 monkeypatch):
    from psoportal.handbooks import migration

    RekentoolResult.objects.create(
        rekentool=small, inputs_key="x", revision=small.data_revision,
        scored_on=dt.date(2027, 3, 30),
        result={"handbook": "2.2", "level": "trede_2", "quantitative_level": "trede_2",
                "direct_pct": "1.00", "indirect_pct_counted": "0.00", "total_pct": "1.00"})
    handbooks = []
    real = migration._scored
    monkeypatch.setattr(migration, "_scored", lambda document, handbook, *args: (
        handbooks.append(handbook.version), real(document, handbook, *args))[1])
    run_schedule(EFFECTIVE)
    record = DraftMigration.objects.get(rekentool=small)
    assert record.level_before == "trede_2"  # read, not scored again
    assert handbooks == ["2.3"]


def test_a_stored_score_of_other_data_is_not_used(published, small):
    RekentoolResult.objects.create(
        rekentool=small, inputs_key="x", revision=small.data_revision + 1,
        scored_on=dt.date(2027, 3, 30),
        result={"handbook": "2.2", "level": "trede_2", "quantitative_level": "trede_2",
                "direct_pct": "1.00", "indirect_pct_counted": "0.00", "total_pct": "1.00"})
    run_schedule(EFFECTIVE)
    assert DraftMigration.objects.get(rekentool=small).level_before == "trede_1"


def test_a_migrated_draft_is_marked_changed_so_its_old_score_and_open_forms_are_stale(
        published, small):
    revision, version = small.data_revision, small.version
    run_schedule(EFFECTIVE)
    small.refresh_from_db()
    assert (small.data_revision, small.version) == (revision + 1, version + 1)


def test_a_submitted_rekentool_and_its_application_are_untouched(published, submitted):
    application = Application.objects.get(rekentool=submitted)
    before = (_rows(submitted), submitted.qualitative, submitted.data_revision,
              application.document, application.handbook_version)
    run_schedule(EFFECTIVE)
    submitted.refresh_from_db()
    application.refresh_from_db()
    assert (_rows(submitted), submitted.qualitative, submitted.data_revision,
            application.document, application.handbook_version) == before
    assert not DraftMigration.objects.filter(rekentool=submitted).exists()


def test_a_draft_pinned_to_another_version_stays(published, organisation):
    other = draft(organisation, "Oud", fte="10", pinned="2.1", rows=[("O-1", "wiw_id", "40")])
    run_schedule(EFFECTIVE)
    assert _rows(other) == [("O-1", "wiw_id")]
    assert not DraftMigration.objects.filter(rekentool=other).exists()


def test_a_draft_made_on_or_after_the_date_is_left_alone(published, organisation):
    from django.utils import timezone

    new = draft(organisation, "Nieuw", fte="5", rows=[("N-1", "id_baan", "40")],
                qualitative={"passend_werk": [True, True, False]})
    Rekentool.objects.filter(pk=new.pk).update(
        created_at=timezone.make_aware(dt.datetime(2027, 4, 1, 8)))
    run_schedule(EFFECTIVE)
    new.refresh_from_db()
    assert new.qualitative == {"passend_werk": [True, True, False]}
    assert not DraftMigration.objects.filter(rekentool=new).exists()


def test_nothing_happens_the_day_before(published, small, pinned):
    before = _snapshot()
    run_schedule(EFFECTIVE - dt.timedelta(days=1))
    assert _snapshot() == before
    assert not DraftMigration.objects.exists()
    published.refresh_from_db()
    assert published.state == HandbookVersion.State.PUBLISHED


def test_an_uploaded_version_that_is_not_published_moves_nothing(uploaded, small):
    run_schedule(EFFECTIVE)
    assert _rows(small) == [("K-1", "wia"), ("K-2", "wiw_id")]
    assert not DraftMigration.objects.exists()


def test_a_second_run_changes_nothing_more(published, small, pinned, submitted):
    run_schedule(EFFECTIVE)
    once = _snapshot()
    audits = AuditEvent.objects.count()
    run_schedule(EFFECTIVE)
    run_schedule(EFFECTIVE + dt.timedelta(days=1))
    assert _snapshot() == once
    assert DraftMigration.objects.count() == 2
    assert AuditEvent.objects.count() == audits


def test_when_every_draft_moved_the_version_is_migrated(published, small, pinned):
    assert handbook_migrations(EFFECTIVE) == 2
    published.refresh_from_db()
    assert published.state == HandbookVersion.State.MIGRATED
    assert published.migrated_at is not None
    assert handbook_migrations(EFFECTIVE) == 0


def test_drafts_move_in_batches_and_a_rerun_goes_on_after_the_last_whole_batch(
        published, organisation, monkeypatch):
    from psoportal.handbooks import migration

    tools = [draft(organisation, f"R{n}", fte="5", rows=[(f"R{n}-1", "wiw_id", "8")])
             for n in range(5)]
    real = migration._rows_write
    calls = []

    def crash_in_third_batch(*args):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the worker stopped")
        return real(*args)

    monkeypatch.setattr(migration, "_rows_write", crash_in_third_batch)
    with pytest.raises(RuntimeError):
        handbook_drafts_migrate(version=published, batch_size=2, on=EFFECTIVE)
    assert DraftMigration.objects.count() == 4
    assert sorted(c for t in tools for _r, c in _rows(t)) == ["id_baan"] * 4 + ["wiw_id"]
    monkeypatch.setattr(migration, "_rows_write", real)
    assert handbook_drafts_migrate(version=published, batch_size=2, on=EFFECTIVE) == 1
    assert sorted(c for t in tools for _r, c in _rows(t)) == ["id_baan"] * 5


def test_the_service_refuses_a_version_before_its_date_or_unpublished(uploaded, published):
    with pytest.raises(MigrationRefused):
        handbook_drafts_migrate(version=published, on=EFFECTIVE - dt.timedelta(days=1))
    published.state = HandbookVersion.State.UPLOADED
    with pytest.raises(MigrationRefused):
        handbook_drafts_migrate(version=published, on=EFFECTIVE)


def test_each_batch_leaves_an_audit_row(published, small, pinned):
    run_schedule(EFFECTIVE)
    [event] = AuditEvent.objects.filter(action="handbook_drafts_migrate")
    assert event.changes["drafts"] == 2


def test_two_shards_share_the_drafts_and_the_last_one_marks_the_version_migrated(
        published, organisation):
    tools = [draft(organisation, f"S{n}", fte="5", rows=[(f"S{n}-1", "wiw_id", "8")])
             for n in range(4)]
    first = handbook_drafts_migrate(version=published, on=EFFECTIVE, shard=(0, 2))
    published.refresh_from_db()
    assert published.state == HandbookVersion.State.PUBLISHED
    second = handbook_drafts_migrate(version=published, on=EFFECTIVE, shard=(1, 2))
    published.refresh_from_db()
    assert (first, second) == (2, 2)
    assert published.state == HandbookVersion.State.MIGRATED
    assert sorted(c for t in tools for _r, c in _rows(t)) == ["id_baan"] * 4
