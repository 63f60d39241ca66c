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
