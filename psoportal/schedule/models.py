"""One row per effect of the scheduler that must happen exactly once (issue 11 §4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledEffect(models.Model):
    """The claim of one effect: `job` names the rule, `key` the thing it acts on
    ("certificate:123"). The unique (job, key) makes the claim: whoever inserts the row does
    the effect; `done_at` is set in the same transaction as the effect's own rows (an outbox
    row, an invoice), so a row with `done_at` means the effect is there, and a failure leaves
    the row unfinished with its error for a retry once the claim is stale."""

    job = models.CharField(_("taak"), max_length=60)
    key = models.CharField(_("sleutel"), max_length=120)
    claimed_at = models.DateTimeField(_("geclaimd op"), null=True, blank=True)
    done_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.CharField(_("laatste fout"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("geplande handeling")
        verbose_name_plural = _("geplande handelingen")
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "key"], name="scheduled_effect_once")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.key}"
