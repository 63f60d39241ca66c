"""Drafts of rekentools (steps 2–5) in normal tables.

The canonical form of a rekentool is the `pso-assessment/1` document; `document.py` is the one
place that converts between these rows and that document.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.methodology import limits
from psoportal.methodology.dates import peiljaar_end
from psoportal.methodology.handbook import handbook_get, handbook_list
from psoportal.organisations.models import Organisation


class Rekentool(models.Model):
    """One scenario of an organisation: a peiljaar with staff, target group and purchases."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="rekentools"
    )
    name = models.CharField(_("naam"), max_length=limits.REKENTOOL_NAME_MAX_LENGTH)
    # Empty: the handbook version in force today; set when a user pins a version.
    handbook_version = models.CharField(_("handboekversie"), max_length=20, blank=True)
    peiljaar_start = models.DateField(_("begin peiljaar"), null=True, blank=True)
    fulltime_hours = models.DecimalField(
        _("voltijduren per week"), max_digits=limits.HOURS.max_digits,
        decimal_places=limits.HOURS.places, default=40,
    )
    total_fte = models.DecimalField(
        _("totaal fte"), max_digits=limits.FTE.max_digits, decimal_places=limits.FTE.places,
        null=True, blank=True,
    )
    average_headcount = models.DecimalField(
        _("gemiddeld aantal medewerkers"), max_digits=limits.HEADCOUNT.max_digits,
        decimal_places=limits.HEADCOUNT.places, null=True, blank=True,
    )
    sw_seconded_out_fte = models.DecimalField(
        _("fte SW-medewerkers gedetacheerd naar anderen"),
        max_digits=limits.FTE.max_digits, decimal_places=limits.FTE.places, default=0,
    )
    # Aspect code -> bool, or a list of bools (one per question), as in the document format.
    qualitative = models.JSONField(_("kwalitatieve antwoorden"), default=dict, blank=True)
    # Optimistic concurrency: every save increments it; a stale form is refused (issue 5 §8).
    version = models.PositiveIntegerField(default=1)
    # Bumped by every write to the rekentool, its employees or its purchases (services.py), so
    # a stored score knows whether it still describes the data (RekentoolResult).
    data_revision = models.PositiveBigIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Who made the last change, shown beside when in Mijn overzicht ("last change: who, when").
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # Set when the rekentool is submitted as a definitive application, cleared only when that
    # application ends without a certificate (rejected, cancelled): until then its data can no
    # longer change (rule book §3 step 6). Set and cleared by certification, which sits above
    # this app; here only the services read it (services._refuse_if_frozen).
    frozen_at = models.DateTimeField(_("ingediend als definitieve aanvraag op"), null=True,
                                     blank=True, editable=False)

    class Meta:
        verbose_name = _("rekentool")
        verbose_name_plural = _("rekentools")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def peiljaar_end(self) -> dt.date | None:
        """12 consecutive months: end = start + 12 months − 1 day (rule book §5.3)."""
        if self.peiljaar_start is None:
            return None
        handbook = (
            handbook_get(self.handbook_version) if self.handbook_version else handbook_list()[-1]
        )
        return peiljaar_end(self.peiljaar_start, handbook.limits.peiljaar_months)


class TargetGroupEmployee(models.Model):
    """One anonymised target-group employee (rule book §5). Never a name or BSN (§2)."""

    rekentool = models.ForeignKey(
        Rekentool, on_delete=models.CASCADE, related_name="employees"
    )
    ref = models.CharField(_("referentie"), max_length=limits.REF_MAX_LENGTH)
    category = models.CharField(_("categorie"), max_length=limits.CODE_MAX_LENGTH)
    contract = models.CharField(_("contractvorm"), max_length=limits.CODE_MAX_LENGTH)
    hours_per_week = models.DecimalField(
        _("uren per week"), max_digits=limits.HOURS.max_digits, decimal_places=limits.HOURS.places
    )
    employed_from = models.DateField(_("in dienst vanaf"))
    employed_until = models.DateField(_("in dienst tot en met"), null=True, blank=True)
    inflow_date = models.DateField(_("instroomdatum"), null=True, blank=True)
    lks_until = models.DateField(_("loonkostensubsidie tot en met"), null=True, blank=True)
    indication_until = models.DateField(_("indicatie geldig tot en met"), null=True, blank=True)
    school_left = models.DateField(_("datum schoolverlaten"), null=True, blank=True)
    indicated_30plus = models.BooleanField(_("indicatie PSO 30+"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("doelgroepmedewerker")
        verbose_name_plural = _("doelgroepmedewerkers")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["rekentool", "ref"], name="employee_ref_once"),
        ]

    def __str__(self) -> str:
        return self.ref


# A purchase whose supplier figures come from the PSO register (rule book §6).
REGISTER_PURCHASE = (
    models.Q(kind="pso_certified", supplier_turnover__isnull=True,
             supplier_weighted_fte__isnull=True)
    & ~models.Q(kvk="")
)


class Purchase(models.Model):
    """A purchase from a PSO-certified organisation or an SW company (rule book §6)."""

    class Kind(models.TextChoices):
        PSO_CERTIFIED = "pso_certified", _("PSO-gecertificeerd")
        SW_COMPANY = "sw_company", _("SW-bedrijf")

    rekentool = models.ForeignKey(
        Rekentool, on_delete=models.CASCADE, related_name="purchases"
    )
    supplier = models.CharField(_("leverancier"), max_length=limits.NAME_MAX_LENGTH)
    kvk = models.CharField(_("KvK-nummer"), max_length=8, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("gefactureerd bedrag (excl. btw)"), max_digits=limits.MONEY.max_digits,
        decimal_places=limits.MONEY.places,
    )
    supplier_turnover = models.DecimalField(
        _("omzet leverancier"), max_digits=limits.MONEY.max_digits,
        decimal_places=limits.MONEY.places, null=True, blank=True,
    )
    supplier_weighted_fte = models.DecimalField(
        _("gewogen doelgroep-fte leverancier"), max_digits=limits.FTE.max_digits,
        decimal_places=limits.FTE.places, null=True, blank=True,
    )
    # Picked from the PSO register (rule book §6): the supplier's figures are its certified ones,
    # looked up when the rekentool is scored (document.register_filled) and never stored here,
    # so no page, export or PDF of the buyer can show them.
    from_register = models.BooleanField(_("uit het PSO-register"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("inkoop")
        verbose_name_plural = _("inkopen")
        ordering = ["id"]
        constraints = [
            # The flag says what the document says: a register purchase is exactly a
            # PSO-certified purchase with a KvK number and without figures
            # (document.is_register_purchase), so scoring and pages never disagree about one.
            models.CheckConstraint(
                condition=(models.Q(from_register=True) & REGISTER_PURCHASE)
                | (models.Q(from_register=False) & ~REGISTER_PURCHASE),
                name="register_purchase_without_figures",
            ),
        ]

    def __str__(self) -> str:
        return self.supplier


class RekentoolResult(models.Model):
    """The engine's verdict on a rekentool, stored so that pages need not score on every view.

    Scoring 20,000 target-group rows takes seconds; a page must answer in < 300 ms. The result is
    current while `inputs_key` equals the key of the rekentool's inputs now (its data revision,
    the handbook version in force, the organisation's scope; see selectors.py) and, for figures
    that depend on the date (fees), while `scored_on` is today.
    """

    rekentool = models.OneToOneField(
        Rekentool, on_delete=models.CASCADE, primary_key=True, related_name="stored_result"
    )
    inputs_key = models.CharField(max_length=64)
    # The Rekentool.data_revision the result was computed from: an older computation never
    # replaces a newer one (compare-and-set in selectors.py).
    revision = models.PositiveBigIntegerField()
    scored_on = models.DateField()
    scored_at = models.DateTimeField(default=timezone.now)
    # score_to_dict(explain=True) without the per-row figures; None when the data has problems.
    result = models.JSONField(null=True, blank=True)
    # The problems that keep the rekentool from being scored: [{path, code, message, params}].
    problems = models.JSONField(default=list, blank=True)
    # Per target-group row: ref -> [counted days, weighted fte text]; read per page of rows.
    row_figures = models.JSONField(default=dict, blank=True)
    employee_count = models.PositiveIntegerField(default=0)
    purchase_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("opgeslagen uitslag")
        verbose_name_plural = _("opgeslagen uitslagen")

    def __str__(self) -> str:
        return f"{self.rekentool_id} @ {self.revision}"
