"""The buyer's workspace (issue 13): an organisation that also buys, its supplier portfolio with
one contract per supplier, the alerts of the contract watch, its procurement policy by
purchasing category, periodic supplier assessments, its own social-return rule, and (for a
certified organisation) the suppliers it sent the letter "Socialer inkopen met het
PSO-keurmerk" to.

A buyer is not a new kind of account: an organisation of MijnPSO turns the workspace on and its
members (Accounthouder, colleagues, advisers) work in it, as in MijnPSO. The register's facts
(status, level) are never copied onto a supplier: they are read from the register when shown,
so a portfolio is never stale. Only an assessment (a dated record) and an alert (what was
told, and when) keep a snapshot.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.methodology import limits
from psoportal.organisations.models import Organisation, kvk_validator

CATEGORY_NAME_MAX_LENGTH = 100
REFERENCE_MAX_LENGTH = 60
LEVEL_CODE_MAX_LENGTH = 20


class Niveau(models.IntegerChoices):
    """How much PSO weighs in a purchasing category (seed 004, rule book §11)."""

    CONDITION = 1, _("Niveau 1: PSO is een voorwaarde")
    STRONGLY_ADVISED = 2, _("Niveau 2: PSO is dringend advies")
    RECOMMENDED = 3, _("Niveau 3: PSO wordt aangeraden")


class Buyer(models.Model):
    """An organisation's buyer workspace, beside its MijnPSO."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE,
                                        related_name="buyer")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    # The buyer's own social-return policy (item 5): the usual obligation as a percentage of
    # a contract's value. Not a PSO rule; a contract may set its own.
    social_return_percentage = models.DecimalField(
        _("social-returnverplichting (% van de opdrachtwaarde)"), max_digits=5,
        decimal_places=2, default=5,
        validators=[MinValueValidator(0), MaxValueValidator(100)])

    # Periodic supplier assessments (seed 004): every this many months, on the first day of
    # the period (January, April, July, October for a quarter), the scheduler records one
    # unless the buyer did so already in that period. 0: only by hand.
    class AssessmentInterval(models.IntegerChoices):
        OFF = 0, _("alleen met de hand")
        MONTHLY = 1, _("elke maand")
        QUARTERLY = 3, _("elk kwartaal")
        HALF_YEARLY = 6, _("elk half jaar")
        YEARLY = 12, _("elk jaar")

    assessment_months = models.PositiveSmallIntegerField(
        _("automatische beoordeling"), choices=AssessmentInterval.choices,
        default=AssessmentInterval.QUARTERLY)

    class Meta:
        verbose_name = _("inkoper")
        verbose_name_plural = _("inkopers")

    def __str__(self) -> str:
        return str(self.organisation)


class PurchasingCategory(models.Model):
    """A purchasing category of the buyer's procurement policy, with its Niveau."""

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("inkoopcategorie"), max_length=CATEGORY_NAME_MAX_LENGTH)
    niveau = models.PositiveSmallIntegerField(_("niveau"), choices=Niveau.choices)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("inkoopcategorie")
        verbose_name_plural = _("inkoopcategorieën")
        ordering = ["niveau", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "name"], name="category_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Supplier(models.Model):
    """A supplier in the portfolio, with the buyer's contract with it (one per supplier)."""

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="suppliers")
    kvk = models.CharField(_("KvK-nummer"), max_length=8, validators=[kvk_validator])
    name = models.CharField(_("naam"), max_length=limits.NAME_MAX_LENGTH)
    category = models.ForeignKey(PurchasingCategory, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="suppliers",
                                 verbose_name=_("inkoopcategorie"))
    reference = models.CharField(_("contractkenmerk"), max_length=REFERENCE_MAX_LENGTH,
                                 blank=True)
    contract_start = models.DateField(_("contract vanaf"), null=True, blank=True)
    contract_end = models.DateField(_("contract tot en met"), null=True, blank=True)
    # A level code of the handbook ladder ("trede_1"); blank: no level required.
    required_level = models.CharField(_("vereiste trede"), max_length=LEVEL_CODE_MAX_LENGTH,
                                      blank=True)
    contract_value = models.DecimalField(_("opdrachtwaarde (€)"), max_digits=14,
                                         decimal_places=2, null=True, blank=True,
                                         validators=[MinValueValidator(0)])
    # The contract's own social-return percentage; empty: the buyer's usual one.
    social_return_percentage = models.DecimalField(
        _("social-returnverplichting (%)"), max_digits=5, decimal_places=2, null=True,
        blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)])
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("leverancier")
        verbose_name_plural = _("leveranciers")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "kvk"], name="supplier_kvk_once"),
            models.CheckConstraint(
                condition=(models.Q(contract_start__isnull=True)
                           | models.Q(contract_end__isnull=True)
                           | models.Q(contract_end__gte=models.F("contract_start"))),
                name="supplier_contract_period_ordered"),
        ]
        indexes = [models.Index(fields=["kvk"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.kvk})"


class ContractAlert(models.Model):
    """What the contract watch told the buyer about a supplier (item 3), kept afterwards.

    One row per (supplier, kind, certificate, offset): the unique constraint is what makes an
    alert once, whatever the scheduler does."""

    class Kind(models.TextChoices):
        EXPIRES_BEFORE_END = "expires", _("certificaat verloopt vóór het contracteinde")
        BELOW_REQUIRED = "below", _("trede lager dan vereist")
        SUPERSEDED = "superseded", _("certificaat vervallen door een nieuw certificaat")
        WITHDRAWN = "withdrawn", _("certificaat ingetrokken")

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    # Days before the event: 90, 30 or 0 (the handbook-free offsets of the buyer's watch).
    offset_days = models.PositiveSmallIntegerField(_("dagen vooraf"))
    event_on = models.DateField(_("datum van de gebeurtenis"))
    certificate_number = models.CharField(_("certificaatnummer"), max_length=30, blank=True)
    level = models.CharField(_("trede"), max_length=LEVEL_CODE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(_("gezien op"), null=True, blank=True)
    seen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("contractsignaal")
        verbose_name_plural = _("contractsignalen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "kind", "certificate_number", "offset_days"],
                name="contract_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.offset_days} ({self.supplier_id})"


class SupplierAssessment(models.Model):
    """A periodic supplier assessment (seed 004): each supplier's PSO status on a date."""

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("beoordeeld op"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    # Recorded by the scheduler for the buyer's interval (buyers/periodic.py), not by a person.
    automatic = models.BooleanField(_("automatisch"), default=False)

    class Meta:
        verbose_name = _("leveranciersbeoordeling")
        verbose_name_plural = _("leveranciersbeoordelingen")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.buyer_id} {self.assessed_on}"


class SupplierAssessmentRow(models.Model):
    """One supplier as the register showed it on the assessment's date (a snapshot)."""

    assessment = models.ForeignKey(SupplierAssessment, on_delete=models.CASCADE,
                                   related_name="rows")
    supplier = models.ForeignKey(Supplier, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    kvk = models.CharField(max_length=8)
    name = models.CharField(max_length=limits.NAME_MAX_LENGTH)
    category = models.CharField(max_length=CATEGORY_NAME_MAX_LENGTH, blank=True)
    niveau = models.PositiveSmallIntegerField(null=True, blank=True, choices=Niveau.choices)
    required_level = models.CharField(max_length=LEVEL_CODE_MAX_LENGTH, blank=True)
    # The register's status code (register.status.RegisterStatus) or "none": not certified.
    status = models.CharField(max_length=20)
    level = models.CharField(max_length=LEVEL_CODE_MAX_LENGTH, blank=True)
    certificate_number = models.CharField(max_length=30, blank=True)
    certificate_end = models.DateField(null=True, blank=True)
    pso30plus = models.BooleanField(default=False)
    compliant = models.BooleanField()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"


class SocialReturnRule(models.Model):
    """The buyer's own rule (item 5; not a PSO rule): what a supplier's certificate at a level
    is worth towards a contract's social-return obligation."""

    class Mode(models.TextChoices):
        PERCENTAGE = "percentage", _("percentage van de social-returnverplichting")
        AMOUNT = "amount", _("vast bedrag")

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="social_return_rules")
    level = models.CharField(_("trede"), max_length=LEVEL_CODE_MAX_LENGTH)
    mode = models.CharField(_("telt als"), max_length=12, choices=Mode.choices)
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=2,
                                validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("social-returnregel")
        verbose_name_plural = _("social-returnregels")
        constraints = [
            models.UniqueConstraint(fields=["buyer", "level"], name="social_return_rule_once"),
            models.CheckConstraint(
                condition=~models.Q(mode="percentage") | models.Q(value__lte=100),
                name="social_return_percentage_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.level}: {self.value} ({self.mode})"


class LetterRecipient(models.Model):
    """A supplier that a certified organisation sent the letter "Socialer inkopen met het
    PSO-keurmerk" to (item 6). Whether and when it certified is read from the register."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="letter_recipients")
    name = models.CharField(_("naam"), max_length=limits.NAME_MAX_LENGTH)
    kvk = models.CharField(_("KvK-nummer"), max_length=8, validators=[kvk_validator])
    sent_on = models.DateField(_("verstuurd op"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ontvanger leveranciersbrief")
        verbose_name_plural = _("ontvangers leveranciersbrief")
        ordering = ["-sent_on", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kvk"], name="letter_recipient_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kvk})"
