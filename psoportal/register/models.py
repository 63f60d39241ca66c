"""The register's own tables: the imports of the old portal's register (issue 12 §5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegisterImport(models.Model):
    """One file of the old portal's register, read by PSO-Nederland.

    A dry run that found no errors is kept here (`status` "proef") with the file itself, so
    "Importeren" applies the very file that was checked, and `plan_digest`, the fingerprint of
    every change the dry run showed: the import refuses when the file read again against the
    register of that moment would do anything else. Once applied the file's bytes are dropped
    (they hold the holders' confidential figures); the row stays as the record of who imported
    what, with its counts.
    """

    class Status(models.TextChoices):
        DRY_RUN = "dry_run", _("proefimport")
        APPLIED = "applied", _("geïmporteerd")

    class Kind(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (.xlsx)")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRY_RUN)
    file_name = models.CharField(_("bestand"), max_length=255)
    kind = models.CharField(_("soort"), max_length=4, choices=Kind.choices)
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField(editable=False, blank=True, default=b"")
    plan_digest = models.CharField(max_length=64)
    # What the dry run showed (a capped list of each kind of change), so the page can show it
    # again without reading the file.
    preview = models.JSONField(default=dict, blank=True)
    rows = models.PositiveIntegerField(_("regels"), default=0)
    new = models.PositiveIntegerField(_("nieuw"), default=0)
    updated = models.PositiveIntegerField(_("gewijzigd"), default=0)
    unchanged = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    lapsed = models.PositiveIntegerField(_("vervallen"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registerimport")
        verbose_name_plural = _("registerimports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def changes(self) -> int:
        return self.new + self.updated + self.lapsed
