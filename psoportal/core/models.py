from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    # The trail is append-only: bulk updates and deletes are refused, not just hidden in the
    # admin. (Deleting a user still sets `actor` to NULL: Django's collector updates directly.)
    def update(self, **kwargs):
        raise TypeError("audit events are append-only")

    def delete(self):
        raise TypeError("audit events are append-only")


class AuditEvent(models.Model):
    """Who changed what: one row per write of an applicant's data, written by the service.

    Core is the ground floor, so the organisation and the changed row are plain ids (the row as
    "app_label.model" + id), never foreign keys to the apps above. `changes` names fields and
    anonymous references only, never values that could be personal data (rule book §2).
    """

    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    # An erased account keeps its row without personal data (rule book §2); a deleted one
    # leaves NULL here.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("door"),
    )
    action = models.CharField(_("handeling"), max_length=40)
    organisation_id = models.PositiveBigIntegerField(_("organisatie"), null=True, blank=True,
                                                     db_index=True)
    subject_type = models.CharField(_("soort gegeven"), max_length=60, blank=True)
    subject_id = models.PositiveBigIntegerField(_("gegeven"), null=True, blank=True)
    changes = models.JSONField(_("wijziging"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijziging (audit)")
        verbose_name_plural = _("wijzigingen (audit)")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
