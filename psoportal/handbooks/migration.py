"""Drafts move to a new handbook version on its effective date (issue 14 items 4-5, rule book
§10): "Unsubmitted drafts are converted to the new version automatically; the user sees the
score before and after, the steps that need a new check, and any data that could not be
carried over. Running certifications never change."

The document-level decisions are methodology.migration.migrate_document's (renames, rows and
answers set aside, steps to re-check, new questions unanswered); here they are applied to the
rows of each draft, and each draft gets a DraftMigration record with its score before and after.
The record is the idempotency key: a draft with a record for the version is never moved again.

Decisions where the issue is silent:
- Which drafts move: not submitted (frozen_at empty), created before the effective date, and
  either following the version in force (no pinned version) while the version in force the day
  before the effective date is the one the new version migrates from (`[migration]
  from_version`, else that version itself), or pinned to that version. Pinned drafts move too
  (the rule book says drafts move; a pin on a version that is no longer in force would keep a
  draft on rules nobody applies for any more): their pin moves to the new version. Drafts
  pinned to another version stay where they are. A draft created on or after the effective date
  was made under the new version already and is left alone.
- Before is the draft scored under the old version (its stored result when that describes the
  same data under the old version and no register figure can have changed, else scored here);
  after is the moved document scored under the new one. The level shown is the quantitative
  level ("op basis van de cijfers"): the new question of step 5 is unanswered after the move,
  which would otherwise drop every final level.
- Rows of a removed category are deleted from the draft and kept, as they were, in the
  record's `set_aside` (the banner lists them; the user may enter them again by hand under
  another category). Answers set aside are kept the same way.
- The migration is not the user's change: `updated_at`/`updated_by` stay, but `data_revision`
  and `version` are bumped (a stored score is stale, a form opened before the move is refused).
- The new score is not stored as the rekentool's RekentoolResult: its key is the assessments
  app's own (private) business; the first step page view scores the draft (< 50 ms for a
  normal draft), the background scoring takes the large ones.
- One audit row per batch (the version, the number of drafts, the first and last id); the
  per-draft trail is the DraftMigration record itself.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Mod
from django.utils import timezone

from psoportal.assessments.document import register_figures, register_filled, rekentool_document
from psoportal.assessments.models import (
    Purchase,
    Rekentool,
    RekentoolResult,
    TargetGroupEmployee,
)
from psoportal.assessments.supplier_register import SupplierFigures
from psoportal.core.audit import audit_record
from psoportal.handbooks.models import DraftMigration, HandbookVersion
from psoportal.handbooks.registry import registry_reset
from psoportal.methodology.assessment import parse_assessment
from psoportal.methodology.dates import ONE_DAY
from psoportal.methodology.handbook import (
    Handbook,
    HandbookRegistry,
    handbook_list,
    parse_handbook_text,
)
from psoportal.methodology.migration import migrate_document
from psoportal.methodology.problems import InvalidAssessment
from psoportal.methodology.rounding import pct_text
from psoportal.methodology.scoring import score

logger = logging.getLogger(__name__)

# Drafts per transaction: a crash leaves whole batches done and the next run goes on from there.
MIGRATION_BATCH_SIZE = 500

# What a record keeps of a score: enough for the banner and a support question, no more.
SUMMARY_KEYS = ("level", "quantitative_level", "direct_pct", "indirect_pct_counted",
                "total_pct")


class MigrationRefused(Exception):
    """The version cannot migrate drafts (not published, or its date has not come)."""


@dataclass(frozen=True)
class MigrationPlan:
    version: HandbookVersion
    old: Handbook
    new: Handbook
    # The versions known to the engine with `new` among them (the process's registry may not
    # have seen the publication yet).
    registry: HandbookRegistry
    # Whether drafts following the version in force move: the version in force the day before
    # the effective date is `old`.
    following: bool
    # Drafts created from this moment on were made under the new version.
    created_before: dt.datetime


def migration_plan(version: HandbookVersion) -> MigrationPlan:
    new = parse_handbook_text(version.text, source=version.file_name or version.version)
    others = [h for h in handbook_list()
              if h.version != new.version and h.effective != new.effective]
    registry = HandbookRegistry([*others, new])
    in_force_before = registry.for_date(new.effective - ONE_DAY)
    old = registry.get(new.migration.from_version if new.migration else in_force_before.version)
    start = dt.datetime.combine(new.effective, dt.time.min)
    return MigrationPlan(version=version, old=old, new=new, registry=registry,
                         following=in_force_before.version == old.version,
                         created_before=timezone.make_aware(start))


def migration_drafts(plan: MigrationPlan) -> QuerySet[Rekentool]:
    """The drafts still to move (see the module's docstring)."""
    moving = Q(handbook_version=plan.old.version)
    if plan.following:
        moving |= Q(handbook_version="")
    return (
        Rekentool.objects.filter(moving, frozen_at__isnull=True,
                                 created_at__lt=plan.created_before)
        .exclude(Exists(DraftMigration.objects.filter(version=plan.version,
                                                      rekentool=OuterRef("pk"))))
    )


def handbook_drafts_migrate(*, version: HandbookVersion, batch_size: int = MIGRATION_BATCH_SIZE,
                            on: dt.date | None = None, shard: tuple[int, int] = (0, 1)) -> int:
    """Move every draft still to move to `version`; the number moved by this call.

    Streamed: the drafts are read by id in batches of `batch_size`, each batch with its rows in
    one transaction under a row lock on its rekentools (a user's write waits for it; a second
    runner finds the records and skips). When no draft is left the version becomes migrated
    (compare-and-set). `on` (default today) is the date the documents are scored as of; it
    must not be before the version's effective date.

    `shard` (i, n): only the drafts whose id is i modulo n, so n processes (workers) can share
    the work; the version becomes migrated when the last of them finds nothing left.
    """
    on = on or timezone.localdate()
    if version.state not in (HandbookVersion.State.PUBLISHED, HandbookVersion.State.MIGRATED):
        raise MigrationRefused(f"handbook {version.version} is not published")
    if on < version.effective:
        raise MigrationRefused(f"handbook {version.version} takes effect on "
                               f"{version.effective.isoformat()}")
    plan = migration_plan(version)
    drafts = migration_drafts(plan)
    index, shards = shard
    mine = (drafts.annotate(shard=Mod("pk", shards)).filter(shard=index) if shards > 1
            else drafts)
    moved = 0
    last = 0
    while True:
        ids = list(mine.filter(pk__gt=last).order_by("pk")
                   .values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        last = ids[-1]
        moved += _batch_migrate(plan, ids, on=on)
    if not drafts.exists():
        done = HandbookVersion.objects.filter(
            pk=version.pk, state=HandbookVersion.State.PUBLISHED
        ).update(state=HandbookVersion.State.MIGRATED, migrated_at=timezone.now())
        if done:
            registry_reset()
    return moved


@dataclass
class _Moved:
    tool: Rekentool
    record: DraftMigration
    qualitative: dict[str, Any] | None  # the new answers, None when unchanged
    aside_refs: list[str]


def _batch_migrate(plan: MigrationPlan, ids: list[int], *, on: dt.date) -> int:
    with transaction.atomic():
        tools = list(
            migration_drafts(plan).filter(pk__in=ids).order_by("pk")
            .select_for_update(of=("self",))
            .select_related("organisation").prefetch_related("organisation__entities")
        )
        # Read after the lock (a fresh statement): a second runner that waited for this lock
        # sees the first one's records here and moves nothing twice.
        done = set(DraftMigration.objects.filter(version=plan.version, rekentool_id__in=ids)
                   .values_list("rekentool_id", flat=True))
        tools = [tool for tool in tools if tool.pk not in done]
        if not tools:
            return 0
        tool_ids = [tool.pk for tool in tools]
        employees = _rows_by_tool(TargetGroupEmployee, tool_ids)
        purchases = _rows_by_tool(Purchase, tool_ids)
        figures = _register_figures(tools, purchases)
        stored = _stored_before(plan, tools, purchases)
        now = timezone.now()
        moved = [
            _draft_migrate(plan, tool, employees.get(tool.pk, []), purchases.get(tool.pk, []),
                           figures.get(tool.pk, {}), stored.get(tool.pk), on=on, now=now)
            for tool in tools
        ]
        _rows_write(plan, moved, employees)
        DraftMigration.objects.bulk_create([m.record for m in moved])
        audit_record(actor=None, action="handbook_drafts_migrate", subject=plan.version,
                     changes={"drafts": len(moved), "first": tool_ids[0],
                              "last": tool_ids[-1]})
        return len(moved)


def _rows_by_tool(model, tool_ids: list[int]) -> dict[int, list[SimpleNamespace]]:
    """The rows of these rekentools as plain records (as selectors._records: the document
    needs only the values), in document order."""
    rows: dict[int, list[SimpleNamespace]] = defaultdict(list)
    found = model.objects.filter(rekentool_id__in=tool_ids).order_by("rekentool_id", "id")
    for values in found.values():
        rows[values["rekentool_id"]].append(SimpleNamespace(**values))
    return rows


def _register_figures(tools: list[Rekentool], purchases: Mapping[int, list[SimpleNamespace]]
                      ) -> dict[int, dict[str, SupplierFigures]]:
    """Rekentool id -> the register's figures of its register purchases, one register call
    per peiljaar in the batch (none when no draft has a register purchase)."""
    kvks = {tool.pk: {p.kvk for p in purchases.get(tool.pk, []) if p.from_register}
            for tool in tools}
    by_peiljaar: dict[tuple[dt.date, dt.date] | None, list[Rekentool]] = defaultdict(list)
    for tool in tools:
        if kvks[tool.pk]:
            peiljaar = (tool.peiljaar_start, tool.peiljaar_end) if tool.peiljaar_start else None
            by_peiljaar[peiljaar].append(tool)
    found: dict[int, dict[str, SupplierFigures]] = {}
    for peiljaar, group in by_peiljaar.items():
        known = register_figures(set().union(*(kvks[tool.pk] for tool in group)), peiljaar)
        for tool in group:
            found[tool.pk] = {kvk: known[kvk] for kvk in kvks[tool.pk] if kvk in known}
    return found


def _stored_before(plan: MigrationPlan, tools: list[Rekentool],
                   purchases: Mapping[int, list[SimpleNamespace]]) -> dict[int, dict[str, Any]]:
    """The stored results that are the draft's score under the old version: stored from the
    data as it is now (same revision), with the old version, and without register purchases
    (whose figures may have changed without a revision). Only the summary's keys are read."""
    revisions = {tool.pk: tool.data_revision for tool in tools
                 if not any(p.from_register for p in purchases.get(tool.pk, []))}
    if not revisions:
        return {}
    rows = (
        RekentoolResult.objects.filter(rekentool_id__in=list(revisions),
                                       result__handbook=plan.old.version)
        .values_list("rekentool_id", "revision", *(KT(f"result__{key}") for key in SUMMARY_KEYS))
    )
    return {
        tool_id: dict(zip(SUMMARY_KEYS, values, strict=True))
        for tool_id, revision, *values in rows
        if revisions.get(tool_id) == revision
    }


def _scored(document: dict[str, Any], handbook: Handbook, plan: MigrationPlan,
            tool: Rekentool) -> dict[str, Any] | None:
    try:
        found = score(parse_assessment(document, registry=plan.registry), handbook=handbook)
    except InvalidAssessment:
        return None
    except Exception:  # one draft the engine chokes on must not stop the move of all others
        logger.exception("handbook migration: rekentool %s could not be scored", tool.pk)
        return None
    return {"level": found.level, "quantitative_level": found.quantitative_level,
            "direct_pct": pct_text(found.direct_pct),
            "indirect_pct_counted": pct_text(found.indirect_pct_counted),
            "total_pct": pct_text(found.total_pct)}


def _draft_migrate(plan: MigrationPlan, tool: Rekentool, employees: list[SimpleNamespace],
                   purchases: list[SimpleNamespace], figures: Mapping[str, SupplierFigures],
                   stored: dict[str, Any] | None, *, on: dt.date,
                   now: dt.datetime) -> _Moved:
    document = rekentool_document(tool, on=on, employees=employees, purchases=purchases)
    before = stored
    if before is None:
        before = _scored(register_filled({**document, "handbook": plan.old.version},
                                         figures=figures).document, plan.old, plan, tool)
    result = migrate_document(document, old=plan.old, new=plan.new)
    after = _scored(register_filled({**result.document, "handbook": plan.new.version},
                                    figures=figures).document, plan.new, plan, tool)
    answers = result.document.get("qualitative") or {}
    record = DraftMigration(
        version=plan.version, rekentool=tool, old_version=plan.old.version,
        new_version=plan.new.version,
        level_before=before["quantitative_level"] if before else "",
        level_after=after["quantitative_level"] if after else "",
        result_before=before, result_after=after,
        set_aside=[{"kind": a.kind, "code": a.code, "ref": a.ref, "value": a.value}
                   for a in result.set_aside],
        recheck=sorted(result.recheck), migrated_at=now,
    )
    return _Moved(
        tool=tool, record=record,
        qualitative=answers if answers != (tool.qualitative or {}) else None,
        aside_refs=[a.ref for a in result.set_aside if a.kind == "target_group"],
    )


def _rows_write(plan: MigrationPlan, moved: list[_Moved],
                employees: Mapping[int, list[SimpleNamespace]]) -> None:
    """The moved documents written back: a few statements per batch, never one per row."""
    tool_ids = [m.tool.pk for m in moved]
    renames = plan.new.migration.renamed("category") if plan.new.migration else {}
    for old_code, new_code in renames.items():
        TargetGroupEmployee.objects.filter(rekentool_id__in=tool_ids, category=old_code).update(
            category=new_code, version=F("version") + 1)
    aside = []
    for m in moved:
        if m.aside_refs:
            refs = set(m.aside_refs)
            aside += [e.id for e in employees.get(m.tool.pk, []) if e.ref in refs]
    if aside:
        TargetGroupEmployee.objects.filter(id__in=aside).delete()
    answered = []
    for m in moved:
        if m.qualitative is not None:
            m.tool.qualitative = m.qualitative
            answered.append(m.tool)
    if answered:
        Rekentool.objects.bulk_update(answered, ["qualitative"])
    Rekentool.objects.filter(pk__in=tool_ids, handbook_version=plan.old.version).update(
        handbook_version=plan.new.version)
    Rekentool.objects.filter(pk__in=tool_ids).update(
        data_revision=F("data_revision") + 1, version=F("version") + 1)


def migration_for_banner(rekentool: Rekentool) -> DraftMigration | None:
    """The latest move of this draft its users have not dismissed yet (none once submitted)."""
    if rekentool.frozen_at is not None:
        return None
    return (DraftMigration.objects.filter(rekentool_id=rekentool.pk, seen_at__isnull=True)
            .select_related("version").order_by("-migrated_at", "-id").first())


def draft_migration_dismiss(*, record: DraftMigration, user: Any) -> None:
    """The banner is seen: it is not shown again (to anyone of the organisation)."""
    with transaction.atomic():
        if DraftMigration.objects.filter(pk=record.pk, seen_at__isnull=True).update(
                seen_at=timezone.now()):
            audit_record(actor=user, action="draft_migration_dismiss",
                         organisation_id=record.rekentool.organisation_id, subject=record,
                         changes={"rekentool": record.rekentool_id})


def new_questions(old: Handbook, new: Handbook) -> list[tuple[Any, Any]]:
    """(aspect, question) of `new` that `old` did not ask (after renames): unanswered after
    the move, step 5 asks them."""
    renames = new.migration.renamed("question") if new.migration else {}
    asked = {renames.get(q.code, q.code) for a in old.aspects for q in a.questions}
    return [(aspect, question) for aspect in new.aspects for question in aspect.questions
            if question.code not in asked]

