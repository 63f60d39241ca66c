"""A new handbook version on its way in (issue 14, rule book §10): uploaded and checked by
PSO-Nederland, previewed against every draft, published for its effective date (1 April), and
on that date the drafts migrate.

The TOML text is the version: the engine reads it with the same loader as the shipped files
(methodology.handbook.parse_handbook_text). Once published, the text never changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.methodology import limits

VERSION_MAX_LENGTH = 20


class HandbookVersion(models.Model):
    class State(models.TextChoices):
        UPLOADED = "uploaded", _("geüpload, nog niet gepubliceerd")
        PUBLISHED = "published", _("gepubliceerd, gaat in op de ingangsdatum")
        MIGRATED = "migrated", _("in werking, concepten overgezet")

    class PreviewState(models.TextChoices):
        NONE = "", _("nog niet berekend")
        QUEUED = "queued", _("in de wachtrij")
        RUNNING = "running", _("wordt berekend")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    version = models.CharField(_("versie"), max_length=VERSION_MAX_LENGTH, unique=True)
    effective = models.DateField(_("ingangsdatum"))
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("handboekbestand (TOML)"))
    file_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64)
    state = models.CharField(_("status"), max_length=12, choices=State.choices,
                             default=State.UPLOADED)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    migrated_at = models.DateTimeField(null=True, blank=True)

    # The impact preview (item 2): every draft scored under the version in force and under this
    # one, by a background task that reports its progress here.
    preview_state = models.CharField(max_length=10, choices=PreviewState.choices, blank=True,
                                     default=PreviewState.NONE)
    preview_total = models.PositiveIntegerField(default=0)
    preview_done = models.PositiveIntegerField(default=0)
    preview_started_at = models.DateTimeField(null=True, blank=True)
    preview_finished_at = models.DateTimeField(null=True, blank=True)
    # {"up": n, "down": n, "same": n, "unscored": n, "losing_data": [{...}], ...}
    preview = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("handboekversie")
        verbose_name_plural = _("handboekversies")
        ordering = ["-effective", "-id"]

    def __str__(self) -> str:
        return self.version


class DraftMigration(models.Model):
    """One draft moved to a new handbook version on its effective date (issue 14 item 4, rule
    book §10): what it scored before and after, the data that could not be carried over and
    the steps to check again. The user sees it as a banner until dismissed (`seen_at`).

    Unique per (version, rekentool): the idempotency key of the migration, a second run skips
    every rekentool that has its record.
    """

    version = models.ForeignKey(HandbookVersion, on_delete=models.CASCADE,
                                related_name="draft_migrations")
    rekentool = models.ForeignKey("assessments.Rekentool", on_delete=models.CASCADE,
                                  related_name="handbook_migrations")
    old_version = models.CharField(max_length=VERSION_MAX_LENGTH)
    new_version = models.CharField(max_length=VERSION_MAX_LENGTH)
    # The quantitative level ("op basis van de cijfers"); blank when the draft had problems
    # that kept it from being scored.
    level_before = models.CharField(max_length=limits.CODE_MAX_LENGTH, blank=True)
    level_after = models.CharField(max_length=limits.CODE_MAX_LENGTH, blank=True)
    # {"level", "quantitative_level", "direct_pct", "indirect_pct_counted", "total_pct"}
    result_before = models.JSONField(null=True, blank=True)
    result_after = models.JSONField(null=True, blank=True)
    # What could not be carried over: [{"kind": "target_group"|"answer", "code", "ref",
    # "value"}], the row or answer as it was, so the user can put it back by hand.
    set_aside = models.JSONField(default=list, blank=True)
    # The MijnPSO steps to look at again, e.g. ["3C", "5"].
    recheck = models.JSONField(default=list, blank=True)
    migrated_at = models.DateTimeField(default=timezone.now)
    # When a member dismissed the banner ("Gezien").
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("overgang naar een nieuwe handboekversie")
        verbose_name_plural = _("overgangen naar een nieuwe handboekversie")
        ordering = ["-migrated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "rekentool"],
                                    name="draft_migration_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rekentool_id}: {self.old_version} → {self.new_version}"
