"""A definitive application (step 6): a frozen snapshot of a rekentool and its history."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.models import Rekentool
from psoportal.certification.transitions import Party, State
from psoportal.methodology import limits
from psoportal.organisations.models import Organisation

CENT = Decimal("0.01")


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
    accepted_quote = models.ForeignKey("certification.Quote", on_delete=models.PROTECT,
                                       null=True, related_name="applications")
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

    @property
    def to_state_label(self) -> str:
        return State(self.to_state).label


class QuoteRequest(models.Model):
    """A request for a quote, sent to one certifying institution.

    It carries a frozen summary of what the institution needs to price the audit (scope and KvK
    numbers, Z, average headcount, provisional level, the man-days guideline of the rule book),
    never the target-group rows: those stay with the applicant until the application.
    """

    class State(models.TextChoices):
        OPEN = "open", _("aangevraagd")
        QUOTED = "quoted", _("offerte ontvangen")
        ACCEPTED = "accepted", _("geaccepteerd")
        LAPSED = "lapsed", _("vervallen")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="quote_requests")
    rekentool = models.ForeignKey(Rekentool, on_delete=models.CASCADE,
                                  related_name="quote_requests")
    institution = models.ForeignKey("organisations.CertifyingInstitution",
                                    on_delete=models.PROTECT, related_name="quote_requests")
    state = models.CharField(_("status"), max_length=20, choices=State.choices,
                             default=State.OPEN)
    summary = models.JSONField(_("samenvatting"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("offerteaanvraag")
        verbose_name_plural = _("offerteaanvragen")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One open or answered request per institution and rekentool at a time.
            models.UniqueConstraint(
                fields=["rekentool", "institution"],
                condition=models.Q(state__in=["open", "quoted", "accepted"]),
                name="one_live_quote_request_per_institution",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.institution}"


class Quote(models.Model):
    """A certifying institution's answer: the audit's price, fees shown separately."""

    request = models.OneToOneField(QuoteRequest, on_delete=models.CASCADE, related_name="quote")
    # Columns sized by the same input limits the form checks (methodology.limits).
    man_days = models.DecimalField(_("mandagen"), max_digits=limits.HEADCOUNT.max_digits,
                                   decimal_places=limits.HEADCOUNT.places)
    day_rate = models.DecimalField(_("dagtarief"), max_digits=limits.MONEY.max_digits,
                                   decimal_places=limits.MONEY.places)
    registration_fee = models.DecimalField(_("registratiekosten"),
                                           max_digits=limits.MONEY.max_digits,
                                           decimal_places=limits.MONEY.places, default=0)
    licence_fee = models.DecimalField(_("licentiekosten"), max_digits=limits.MONEY.max_digits,
                                      decimal_places=limits.MONEY.places, default=0)
    travel = models.DecimalField(_("reiskosten"), max_digits=limits.MONEY.max_digits,
                                 decimal_places=limits.MONEY.places, default=0)
    valid_until = models.DateField(_("geldig tot"))
    remarks = models.TextField(_("opmerkingen"), blank=True, max_length=2000)
    quoted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+")
    quoted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("offerte")
        verbose_name_plural = _("offertes")

    def __str__(self) -> str:
        return f"{self.request} ({self.total})"

    @property
    def audit_amount(self) -> Decimal:
        # Man-days × day rate in whole cents (1,25 × € 1.099,99 is not a price).
        return (self.man_days * self.day_rate).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def total(self) -> Decimal:
        return self.audit_amount + self.registration_fee + self.licence_fee + self.travel
