"""The impact preview of a new handbook version (issue 14 item 2, rule book §10).

Before PSO-Nederland publishes a version it sees what the version does to the drafts: every
rekentool not submitted (frozen_at empty) of every organisation is scored as its users see it
today and again as it would be after the move to the new version (methodology.migration), and
the levels are compared. A background task does the work (tasks.py) and reports its progress on
the HandbookVersion row, so the page can show a progress bar.

Decisions where the issue is silent:
- Which drafts: those the migration would move, i.e. following the version in force (no pinned
  version) or pinned to the version the new one migrates from (`[migration] from_version`, else
  the version in force). Drafts pinned to another version stay where they are; they are counted
  as `skipped_pinned` only.
- Which level: the level "op basis van de cijfers" (the quantitative level, steps 1-3). The
  final level also depends on step 5, where a new question is unanswered after the move for
  every draft; the steps to look at again are counted separately (`recheck`).
- "Before" is scored exactly as the step pages do (selectors._score_and_store: the document as
  of today, the register's figures filled in, the draft's own handbook); "after" is the same
  document moved to the new version and dated on its effective date.
- A draft that cannot be scored on one side counts as unscored (before, after or both); a draft
  whose scoring breaks in an unexpected way counts under `errors` and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.assessments.document import register_filled, rekentool_document
from psoportal.assessments.models import Purchase, Rekentool, TargetGroupEmployee
from psoportal.assessments.selectors import rekentool_handbook
from psoportal.core.audit import audit_record
from psoportal.handbooks.models import HandbookVersion
from psoportal.methodology.assessment import parse_assessment
from psoportal.methodology.handbook import (
    Handbook,
    HandbookError,
    HandbookRegistry,
    handbook_for,
    handbook_list,
    parse_handbook_text,
)
from psoportal.methodology.migration import MigratedDocument, migrate_document
from psoportal.methodology.problems import InvalidAssessment
from psoportal.methodology.scoring import NO_LEVEL, score

logger = logging.getLogger(__name__)

# Drafts read per round; the progress bar moves once per round (one UPDATE).
PREVIEW_BATCH_SIZE = 200
# Target-group rows and purchases held in memory at once: a round of large drafts is loaded in
# parts of at most this many rows (a single larger draft is loaded alone).
PREVIEW_ROWS_PER_LOAD = 20_000
# What the summary keeps of the lists (the counts are always complete).
LOSING_DATA_LIMIT = 500
ERROR_DRAFTS_LIMIT = 20
ERROR_TEXT_MAX_LENGTH = 300
# A run that has not finished this long after it was started is taken as lost (the worker
# stopped): it may be started again. A later start makes the earlier run stop at its next round.
PREVIEW_STALLED_AFTER = dt.timedelta(hours=1)

_BUSY = (HandbookVersion.PreviewState.QUEUED, HandbookVersion.PreviewState.RUNNING)


class PreviewRefused(Exception):
    """The preview cannot be started; the message says why (Dutch, for the page)."""


class PreviewSuperseded(Exception):
    """This run was replaced by a newer start; it stops without storing anything."""


def preview_new_handbook(version: HandbookVersion) -> Handbook:
    """The uploaded version as the engine reads it. Raises HandbookError."""
    return parse_handbook_text(version.text, source=version.file_name or version.version)


def preview_from_version(new: Handbook, *, on: dt.date) -> str:
    """The version whose drafts move to `new`: its declared predecessor, else the one in force."""
    return new.migration.from_version if new.migration else handbook_for(on).version


def preview_drafts(new: Handbook, *, on: dt.date) -> QuerySet[Rekentool]:
    """The drafts the move to `new` would touch (see the module's docstring)."""
    return Rekentool.objects.filter(frozen_at__isnull=True).filter(
        Q(handbook_version="") | Q(handbook_version=preview_from_version(new, on=on))
    )


def preview_busy(version: HandbookVersion, *, now: dt.datetime | None = None) -> bool:
    """Queued or running, and not yet given up as lost."""
    now = now or timezone.now()
    return (
        version.preview_state in _BUSY
        and version.preview_started_at is not None
        and version.preview_started_at > now - PREVIEW_STALLED_AFTER
    )


def handbook_preview_start(*, actor: User, version: HandbookVersion) -> None:
    """Queue the preview of `version`. Compare-and-set on the state, so a double click (or two
    members of staff at once) starts one run; a run given up as lost may be started again."""
    from psoportal.handbooks.tasks import handbook_preview_run

    if version.state == HandbookVersion.State.MIGRATED:
        raise PreviewRefused(_("Deze versie is al in werking; de concepten zijn al overgezet."))
    try:
        new = preview_new_handbook(version)
    except HandbookError as exc:
        raise PreviewRefused(
            _("Het handboekbestand kan niet worden gelezen: %(error)s") % {"error": exc}
        ) from exc
    now = timezone.now()
    total = preview_drafts(new, on=timezone.localdate()).count()
    free = ~Q(preview_state__in=_BUSY) | Q(preview_started_at__isnull=True) | Q(
        preview_started_at__lte=now - PREVIEW_STALLED_AFTER)
    with transaction.atomic():
        claimed = (
            HandbookVersion.objects.filter(pk=version.pk)
            .exclude(state=HandbookVersion.State.MIGRATED)
            .filter(free)
            .update(preview_state=HandbookVersion.PreviewState.QUEUED, preview_total=total,
                    preview_done=0, preview_started_at=now, preview_finished_at=None,
                    preview=None)
        )
        if not claimed:
            raise PreviewRefused(_("De impact van deze versie wordt al berekend."))
        audit_record(actor=actor, action="handbook_preview_start", subject=version,
                     changes={"drafts": total})
        pk = version.pk
        transaction.on_commit(lambda: handbook_preview_run.enqueue(pk))
    version.refresh_from_db()


def handbook_preview_run(version_id: int) -> None:
    """The task's work: claim the queued run, compute, store the outcome (done or failed).

    Safe to run twice: only a queued run is claimed (queued → running, compare-and-set).
    """
    claimed = HandbookVersion.objects.filter(
        pk=version_id, preview_state=HandbookVersion.PreviewState.QUEUED
    ).update(preview_state=HandbookVersion.PreviewState.RUNNING)
    if not claimed:
        return
    version = HandbookVersion.objects.get(pk=version_id)
    run = _this_run(version)
    try:
        summary = preview_compute(version)
    except PreviewSuperseded:
        return
    except Exception as exc:  # the run fails visibly instead of staying "running" for ever
        logger.exception("handbook preview of %s failed", version.version)
        run.update(preview_state=HandbookVersion.PreviewState.FAILED,
                   preview_finished_at=timezone.now(),
                   preview={"error": f"{type(exc).__name__}: {exc}"[:ERROR_TEXT_MAX_LENGTH]})
        return
    run.update(preview_state=HandbookVersion.PreviewState.DONE, preview=summary,
               preview_total=summary["drafts"], preview_done=summary["drafts"],
               preview_finished_at=timezone.now())


def _this_run(version: HandbookVersion) -> QuerySet[HandbookVersion]:
    """The row as long as no later start replaced this run (its start time is its identity)."""
    return HandbookVersion.objects.filter(pk=version.pk,
                                          preview_started_at=version.preview_started_at)


@dataclass(frozen=True)
class DraftImpact:
    old: Handbook  # the version the draft is scored under today
    before: str | None  # the quantitative level today; None when it cannot be scored
    after: str | None  # the same after the move to the new version
    moved: MigratedDocument


def preview_compute(version: HandbookVersion, *,
                    batch_size: int = PREVIEW_BATCH_SIZE) -> dict[str, Any]:
    """Score every draft under its version today and under `version`; the summary (JSON).

    Reads the drafts in rounds of `batch_size` by id (never all at once) and moves
    `preview_done` after each round. Raises PreviewSuperseded when a later start replaced this
    run, HandbookError when the version's text cannot be read.
    """
    new = preview_new_handbook(version)
    on = timezone.localdate()
    registry = _registry_with(new)
    from_version = preview_from_version(new, on=on)
    run = _this_run(version)
    summary = _Summary(new)
    done = 0
    for batch in _batches(preview_drafts(new, on=on), batch_size):
        for tool in batch:
            try:
                impact = draft_impact(tool, new=new, registry=registry, on=on)
            except Exception:  # one broken draft must not stop the preview of all others
                logger.exception("handbook preview: rekentool %s could not be scored", tool.pk)
                summary.error(tool)
            else:
                summary.add(tool, impact)
        done += len(batch)
        if not run.update(preview_done=done):
            raise PreviewSuperseded
    skipped = (
        Rekentool.objects.filter(frozen_at__isnull=True)
        .exclude(handbook_version__in=["", from_version]).count()
    )
    return summary.as_dict(drafts=done, from_version=from_version, skipped_pinned=skipped, on=on)


def draft_impact(tool: Rekentool, *, new: Handbook, registry: HandbookRegistry,
                 on: dt.date) -> DraftImpact:
    """One draft before and after the move. Its rows are read from the prefetch cache."""
    old = rekentool_handbook(tool, on=on)
    document = rekentool_document(tool, on=on, employees=list(tool.employees.all()),
                                  purchases=list(tool.purchases.all()))
    filled = register_filled(document).document
    before = _level(filled, handbook=old, registry=None)
    moved = migrate_document(filled, old=old, new=new)
    after = _level({**moved.document, "date": new.effective.isoformat()}, handbook=new,
                   registry=registry)
    return DraftImpact(old, before, after, moved)


def _level(document: dict[str, Any], *, handbook: Handbook,
           registry: HandbookRegistry | None) -> str | None:
    try:
        return score(parse_assessment(document, registry=registry),
                     handbook=handbook).quantitative_level
    except InvalidAssessment:
        return None


def _registry_with(new: Handbook) -> HandbookRegistry:
    """The shipped versions and the new one, so a document dated on its effective date (or
    naming it) is read against it."""
    shipped = [h for h in handbook_list()
               if h.version != new.version and h.effective != new.effective]
    return HandbookRegistry([*shipped, new])


def _batches(drafts: QuerySet[Rekentool], size: int) -> Iterator[list[Rekentool]]:
    """Rounds of drafts by id with their rows, loaded in parts of bounded size."""
    last = 0
    while True:
        page = list(
            drafts.filter(pk__gt=last).order_by("pk")
            .annotate(n_rows=_rows(TargetGroupEmployee) + _rows(Purchase))
            .values_list("pk", "n_rows")[:size]
        )
        if not page:
            return
        last = page[-1][0]
        batch: list[Rekentool] = []
        for ids in _parts(page):
            batch += _loaded(ids)
        yield batch
        if len(page) < size:
            return


def _parts(page: list[tuple[int, int]]) -> Iterator[list[int]]:
    part: list[int] = []
    rows = 0
    for pk, n_rows in page:
        if part and rows + n_rows > PREVIEW_ROWS_PER_LOAD:
            yield part
            part, rows = [], 0
        part.append(pk)
        rows += n_rows
    if part:
        yield part


def _loaded(ids: list[int]) -> list[Rekentool]:
    return list(
        Rekentool.objects.filter(pk__in=ids).order_by("pk")
        .select_related("organisation")
        .prefetch_related(
            "organisation__entities",
            Prefetch("employees", queryset=TargetGroupEmployee.objects.order_by("id")),
            Prefetch("purchases", queryset=Purchase.objects.order_by("id")),
        )
    )


def _rows(model) -> Coalesce:
    counted = (
        model.objects.filter(rekentool=OuterRef("pk")).order_by()
        .values("rekentool").annotate(n=Count("id")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class _Summary:
    """The counts of a run, built draft by draft; only capped lists are kept."""

    def __init__(self, new: Handbook) -> None:
        self.new = new
        self.counts: Counter[str] = Counter()
        self.transitions: Counter[tuple[str, str]] = Counter()
        self.recheck: Counter[str] = Counter()
        self.losing: list[dict[str, Any]] = []
        self.error_drafts: list[int] = []
        self.labels: dict[str, list[str]] = {}
        self._rank = {NO_LEVEL: 0} | {lv.code: i + 1 for i, lv in enumerate(new.levels)}

    def rank(self, code: str, old: Handbook | None = None) -> int:
        """The place on the new version's ladder; a level only the old one knows keeps its
        old place."""
        if code in self._rank or old is None:
            return self._rank.get(code, 0)
        return next((i + 1 for i, lv in enumerate(old.levels) if lv.code == code), 0)

    def error(self, tool: Rekentool) -> None:
        self.counts["errors"] += 1
        if len(self.error_drafts) < ERROR_DRAFTS_LIMIT:
            self.error_drafts.append(tool.pk)

    def add(self, tool: Rekentool, impact: DraftImpact) -> None:
        before, after = impact.before, impact.after
        if before is None and after is None:
            self.counts["unscored_both"] += 1
        elif before is None:
            self.counts["unscored_before"] += 1
        elif after is None:
            self.counts["unscored_after"] += 1
        else:
            change = self.rank(after) - self.rank(before, impact.old)
            self.counts["up" if change > 0 else "down" if change < 0 else "same"] += 1
            self.transitions[(before, after)] += 1
        for step in impact.moved.recheck:
            self.recheck[step] += 1
        if impact.moved.renamed:
            self.counts["renamed"] += 1
        if impact.moved.set_aside:
            self.counts["losing_data"] += 1
            if len(self.losing) < LOSING_DATA_LIMIT:
                self.losing.append(self._losing(tool, impact.moved, impact.old))

    def _losing(self, tool: Rekentool, moved: MigratedDocument, old: Handbook) -> dict[str, Any]:
        rows = Counter(a.code for a in moved.set_aside if a.kind == "target_group")
        categories = []
        for code, count in sorted(rows.items()):
            known = old.categories.get(code)
            categories.append({"code": code, "rows": count,
                               "label_nl": known.label_nl if known else code,
                               "label_en": known.label_en if known else code})
        return {
            "rekentool_id": tool.pk, "rekentool": tool.name,
            "organisation_id": tool.organisation_id, "organisation": tool.organisation.name,
            "categories": categories,
            "answers": sorted({a.code for a in moved.set_aside if a.kind == "answer"}),
        }

    def as_dict(self, *, drafts: int, from_version: str, skipped_pinned: int,
                on: dt.date) -> dict[str, Any]:
        c = self.counts
        old_levels = [lv for h in handbook_list() if h.version == from_version for lv in h.levels]
        labels = {lv.code: [lv.label_nl, lv.label_en] for lv in [*old_levels, *self.new.levels]}
        return {
            "from_version": from_version, "to_version": self.new.version,
            "computed_on": on.isoformat(), "drafts": drafts,
            "up": c["up"], "down": c["down"], "same": c["same"],
            "unscored": c["unscored_before"] + c["unscored_after"] + c["unscored_both"],
            "unscored_before": c["unscored_before"], "unscored_after": c["unscored_after"],
            "unscored_both": c["unscored_both"],
            "errors": c["errors"], "error_drafts": self.error_drafts,
            "renamed": c["renamed"], "skipped_pinned": skipped_pinned,
            "recheck": dict(sorted(self.recheck.items())),
            "transitions": [
                {"from": before, "to": after, "count": count}
                for (before, after), count in sorted(
                    self.transitions.items(),
                    key=lambda item: (-self.rank(item[0][0]), -self.rank(item[0][1])))
            ],
            "labels": labels,
            "losing_data": self.losing, "losing_data_total": c["losing_data"],
        }
