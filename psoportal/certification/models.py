"""A definitive application (step 6): a frozen snapshot of a rekentool and its history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.models import Rekentool
from psoportal.certification.transitions import Party, State
from psoportal.organisations.models import Organisation


class Application(models.Model):
    """What was submitted, as it was on the submission date: never edited afterwards.

    `document` is the pso-assessment/1 document, `result` the engine's result and
    `handbook_version` the version in force on the submission date (rule book §10: a running
    certification keeps its version). Only `state` changes, through services.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    # The draft it came from; the snapshot below is what counts once submitted.
    rekentool = models.ForeignKey(
        Rekentool, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    state = models.CharField(_("status"), max_length=20, choices=State.choices,
                             default=State.SUBMITTED)
    # One submission per form: a double click or a retry sends the same key and finds the
    # application made by the first (unique constraint, also under concurrent requests).
    submission_key = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    handbook_version = models.CharField(_("handboekversie"), max_length=20)
    agreement_version = models.CharField(_("versie deelnameovereenkomst"), max_length=20)
    document = models.JSONField(_("aanvraag (pso-assessment/1)"))
    result = models.JSONField(_("uitslag"))

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.submitted_at:%Y-%m-%d}"


class ApplicationEvent(models.Model):
    """One step of the application's history: who took which transition, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+")
    party = models.CharField(max_length=20, choices=Party.choices)
    transition = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_state or '–'} → {self.to_state}"
