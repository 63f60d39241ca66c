"""The impact preview of a new handbook version (issue 14 item 2): every draft scored under the
version it follows today and under the new one, counted up / down / same / unscored, with the
drafts that would lose data, computed by a background task that reports its progress."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from psoportal.assessments.selectors import rekentool_evaluate
from psoportal.core.models import AuditEvent
from psoportal.handbooks import preview
from psoportal.handbooks.models import HandbookVersion
from psoportal.handbooks.preview import (
    PREVIEW_STALLED_AFTER,
    PreviewRefused,
    handbook_preview_start,
    preview_compute,
)
from tests.factories import OrganisationFactory
from tests.handbooks.preview_data import draft, known_drafts, uploaded_version

State = HandbookVersion.PreviewState


@pytest.fixture
def other(db):
    return OrganisationFactory(name="Ander Bedrijf B.V.", kvk="99887766")


@pytest.fixture
def drafts(organisation, other):
    return known_drafts(organisation, other)


@pytest.fixture
def version(db):
    return uploaded_version()


def test_the_preview_counts_level_changes_of_every_draft(version, drafts):
    summary = preview_compute(version)
    assert (summary["from_version"], summary["to_version"]) == ("2.2", "2.3")
    assert summary["drafts"] == 4  # the submitted rekentool is not one of them
    assert (summary["up"], summary["down"], summary["same"]) == (0, 1, 2)
    assert (summary["unscored"], summary["unscored_both"], summary["errors"]) == (1, 1, 0)
    assert summary["transitions"] == [
        {"from": "trede_2", "to": "trede_2", "count": 2},
        {"from": "trede_1", "to": "basistrede", "count": 1},
    ]
    assert summary["recheck"] == {"3C": 1, "5": 1}


def test_the_drafts_that_would_lose_data_are_listed_with_what_is_set_aside(version, drafts):
    summary = preview_compute(version)
    assert summary["losing_data_total"] == 1
    [entry] = summary["losing_data"]
    assert entry["rekentool_id"] == drafts["losing"].pk
    assert (entry["organisation"], entry["rekentool"]) == ("Ander Bedrijf B.V.",
                                                           "Met statusverlies")
    assert [(c["code"], c["rows"]) for c in entry["categories"]] == [("status_lost", 1)]
    assert entry["categories"][0]["label_nl"].startswith("Doelgroepstatus")
    assert entry["answers"] == []


def test_before_is_the_level_the_step_pages_show(version, drafts):
    registry = preview._registry_with(preview.preview_new_handbook(version))
    new = preview.preview_new_handbook(version)
    for key in ("down", "same", "losing"):
        tool = drafts[key]
        shown = rekentool_evaluate(tool).result["quantitative_level"]
        tool = preview._loaded([tool.pk])[0]
        impact = preview.draft_impact(tool, new=new, registry=registry, on=timezone.localdate())
        assert impact.before == shown


def test_drafts_pinned_to_another_version_are_left_out_and_counted(version, drafts,
                                                                   organisation):
    draft(organisation, "Oud", fte="5", rows=[("wia", "40")], pinned="2.1")
    summary = preview_compute(version)
    assert summary["drafts"] == 4 and summary["skipped_pinned"] == 1


def test_the_progress_moves_after_each_round(version, drafts, monkeypatch):
    seen = []
    real = preview.draft_impact

    def watching(tool, **kwargs):
        seen.append(HandbookVersion.objects.get(pk=version.pk).preview_done)
        return real(tool, **kwargs)

    monkeypatch.setattr(preview, "draft_impact", watching)
    preview_compute(version, batch_size=3)
    assert seen == [0, 0, 0, 3]
    assert HandbookVersion.objects.get(pk=version.pk).preview_done == 4


def test_large_drafts_are_loaded_in_parts_with_the_same_outcome(version, drafts, monkeypatch):
    whole = preview_compute(version)
    monkeypatch.setattr(preview, "PREVIEW_ROWS_PER_LOAD", 2)
    loads = []
    real = preview._loaded
    monkeypatch.setattr(preview, "_loaded", lambda ids: loads.append(ids) or real(ids))
    assert preview_compute(version) == whole
    assert max(len(ids) for ids in loads) <= 2 and len(loads) >= 3


def test_a_failing_draft_does_not_fail_the_job(version, drafts, monkeypatch, bo,
                                               django_capture_on_commit_callbacks):
    real = preview.draft_impact

    def breaking(tool, **kwargs):
        if tool.pk == drafts["down"].pk:
            raise RuntimeError("kapot")
        return real(tool, **kwargs)

    monkeypatch.setattr(preview, "draft_impact", breaking)
    with django_capture_on_commit_callbacks(execute=True):
        handbook_preview_start(actor=bo, version=version)
    version.refresh_from_db()
    assert version.preview_state == State.DONE
    assert version.preview["errors"] == 1
    assert version.preview["error_drafts"] == [drafts["down"].pk]
    assert (version.preview["down"], version.preview["same"]) == (0, 2)


def test_starting_runs_the_task_to_the_end(version, drafts, bo,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        handbook_preview_start(actor=bo, version=version)
    version.refresh_from_db()
    assert version.preview_state == State.DONE
    assert version.preview_done == version.preview_total == 4
    assert version.preview_started_at <= version.preview_finished_at
    assert version.preview["down"] == 1
    assert AuditEvent.objects.filter(action="handbook_preview_start").count() == 1


def test_a_double_start_runs_once(version, drafts, bo, monkeypatch,
                                  django_capture_on_commit_callbacks):
    runs = []
    real = preview.preview_compute
    monkeypatch.setattr(preview, "preview_compute", lambda v, **kw: runs.append(1) or real(v))
    with django_capture_on_commit_callbacks(execute=True):
        handbook_preview_start(actor=bo, version=version)
        with pytest.raises(PreviewRefused):
            handbook_preview_start(actor=bo, version=HandbookVersion.objects.get(pk=version.pk))
    preview.handbook_preview_run(version.pk)  # the task delivered twice: the second does nothing
    assert runs == [1]
    assert AuditEvent.objects.filter(action="handbook_preview_start").count() == 1


def test_a_run_in_progress_refuses_a_start_until_it_is_given_up(version, drafts, bo):
    handbook_preview_start(actor=bo, version=version)  # queued: no worker in this test
    with pytest.raises(PreviewRefused):
        handbook_preview_start(actor=bo, version=version)
    long_ago = timezone.now() - PREVIEW_STALLED_AFTER - dt.timedelta(minutes=1)
    HandbookVersion.objects.filter(pk=version.pk).update(preview_started_at=long_ago)
    handbook_preview_start(actor=bo, version=version)
    version.refresh_from_db()
    assert version.preview_state == State.QUEUED and version.preview_started_at > long_ago


def test_a_run_replaced_by_a_later_start_stops_without_storing(version, drafts, bo,
                                                                monkeypatch):
    handbook_preview_start(actor=bo, version=version)
    real = preview.draft_impact

    def restarted(tool, **kwargs):
        # Someone starts again while this run is under way (it was given up as lost).
        HandbookVersion.objects.filter(pk=version.pk).update(
            preview_state=State.QUEUED, preview_started_at=timezone.now())
        return real(tool, **kwargs)

    monkeypatch.setattr(preview, "draft_impact", restarted)
    preview.handbook_preview_run(version.pk)
    version.refresh_from_db()
    assert version.preview_state == State.QUEUED and version.preview is None


def test_a_broken_run_is_marked_failed_with_a_short_error(version, drafts, bo, monkeypatch):
    handbook_preview_start(actor=bo, version=version)

    def broken(v, **kwargs):
        raise RuntimeError("x" * 1000)

    monkeypatch.setattr(preview, "preview_compute", broken)
    preview.handbook_preview_run(version.pk)
    version.refresh_from_db()
    assert version.preview_state == State.FAILED
    assert version.preview["error"].startswith("RuntimeError: xxx")
    assert len(version.preview["error"]) <= preview.ERROR_TEXT_MAX_LENGTH
    assert version.preview_finished_at is not None


def test_a_version_in_force_already_is_not_previewed(version, bo):
    HandbookVersion.objects.filter(pk=version.pk).update(state=HandbookVersion.State.MIGRATED)
    version.refresh_from_db()
    with pytest.raises(PreviewRefused):
        handbook_preview_start(actor=bo, version=version)
    assert HandbookVersion.objects.get(pk=version.pk).preview_state == State.NONE


def test_the_losing_data_list_is_capped_but_the_count_is_not(version, other, monkeypatch):
    monkeypatch.setattr(preview, "LOSING_DATA_LIMIT", 1)
    for name in ("A", "B"):
        draft(other, name, fte="25", rows=[("status_lost", "40")])
    summary = preview_compute(version)
    assert summary["losing_data_total"] == 2 and len(summary["losing_data"]) == 1
