"""PSO-Nederland's invoices (rule book §9): numbered without gaps per year, immutable once issued.

Amounts are Decimals to the cent, excluding VAT on the lines; a credit note carries negative
amounts, so the sum of an application's invoices is what it owes. Corrections never change an
issued invoice: a correction invoice or a credit note (pointing at the invoice it corrects)
follows instead.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.certification.models import Application
from psoportal.methodology import limits
from psoportal.organisations.models import Organisation

MONEY = {"max_digits": limits.MONEY.max_digits + 2, "decimal_places": 2}


class InvoiceImmutable(Exception):
    """An issued invoice's number, dates, parties or amounts were about to change."""


class InvoiceCounter(models.Model):
    """The last number given out in a year. Taken with select_for_update inside the issuing
    transaction: a rolled-back issue rolls its number back, so the series has no gaps."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Invoice(models.Model):
    class Kind(models.TextChoices):
        FIRST_YEAR = "first_year", _("jaarbijdrage eerste jaar")
        SECOND_YEAR = "second_year", _("jaarbijdrage tweede jaar")
        CORRECTION = "correction", _("correctiefactuur")
        FEE = "fee", _("kosten")
        CREDIT_NOTE = "credit_note", _("creditnota")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PAID = "paid", _("betaald")
        CREDITED = "credited", _("gecrediteerd")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="invoices")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="invoices")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    # The claim key's last part: "1"/"2" for a contribution year, "1.2" for the second
    # adjustment of year 1, "fee:<id>" for a fee event. With (application, kind) unique: the
    # same invoice can never be issued twice, also by two schedulers at once.
    period = models.CharField(max_length=40)
    # The participation year an invoice concerns (contributions and their adjustments).
    contribution_year = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.CharField(_("factuurnummer"), max_length=20, unique=True)
    invoice_date = models.DateField(_("factuurdatum"))
    due_date = models.DateField(_("vervaldatum"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    credits = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="credit_notes",
                                verbose_name=_("crediteert factuur"))
    # The addressee as it was on the invoice date: a later name change never rewrites it.
    organisation_name = models.CharField(_("organisatie"), max_length=limits.NAME_MAX_LENGTH)
    organisation_kvk = models.CharField(_("KvK-nummer"), max_length=8)
    subtotal = models.DecimalField(_("subtotaal"), **MONEY)
    vat_rate = models.DecimalField(_("btw-tarief"), max_digits=5, decimal_places=2)
    vat = models.DecimalField(_("btw"), **MONEY)
    total = models.DecimalField(_("totaal"), **MONEY)
    # What was received so far (payments add to it; never an amount of the invoice itself).
    paid_amount = models.DecimalField(_("ontvangen"), default=Decimal(0), **MONEY)
    paid_on = models.DateField(_("betaald op"), null=True, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("factuur")
        verbose_name_plural = _("facturen")
        ordering = ["-invoice_date", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "period"],
                                    name="invoice_issued_once"),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    # Fixed at issue; save() refuses to change them afterwards.
    FROZEN = ("organisation_id", "application_id", "kind", "period", "contribution_year",
              "number", "invoice_date", "due_date", "credits_id", "organisation_name",
              "organisation_kvk", "subtotal", "vat_rate", "vat", "total")

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            stored = Invoice.objects.filter(pk=self.pk).values(*self.FROZEN).first()
            if stored is not None:
                changed = [f for f in self.FROZEN if stored[f] != getattr(self, f)]
                if changed:
                    raise InvoiceImmutable(f"invoice {self.number}: {', '.join(changed)}")
        super().save(*args, **kwargs)

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return (self.status == self.Status.OPEN and self.total > 0
                and self.due_date < (on or timezone.localdate()))

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def outstanding(self) -> Decimal:
        return max(self.total - self.paid_amount, Decimal(0))


class InvoiceLine(models.Model):
    """One line, excl. VAT. `code` says what it is for (annual_contribution, pso30plus,
    discount, a fee event's code), so corrections compare like with like."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    code = models.CharField(max_length=40)
    description = models.CharField(_("omschrijving"), max_length=300)
    quantity = models.DecimalField(_("aantal"), max_digits=9, decimal_places=2,
                                   default=Decimal(1))
    unit_amount = models.DecimalField(_("prijs"), **MONEY)
    amount = models.DecimalField(_("bedrag"), **MONEY)
    fee_event = models.ForeignKey("certification.FeeEvent", on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="invoice_lines")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"

    def save(self, *args, **kwargs) -> None:
        # Lines are written once, with their invoice; a correction is a new invoice.
        if self.pk is not None:
            raise InvoiceImmutable(f"invoice line {self.pk}")
        super().save(*args, **kwargs)


class DiscountCode(models.Model):
    """A discount or voucher on the annual contribution, managed by PSO-Nederland: a
    percentage (a sector federation's 20 %) or a fixed amount (a regional voucher)."""

    class AppliesTo(models.TextChoices):
        ALL = "all", _("alle aanvragers")
        PSO30PLUS = "pso30plus", _("alleen aanvragers van PSO 30+")

    code = models.CharField(_("code"), max_length=40, unique=True)
    description = models.CharField(_("omschrijving"), max_length=200)
    percent = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2, null=True,
                                  blank=True)
    fixed_amount = models.DecimalField(_("vast bedrag"), null=True, blank=True, **MONEY)
    applies_to = models.CharField(_("voor"), max_length=20, choices=AppliesTo.choices,
                                  default=AppliesTo.ALL)
    valid_from = models.DateField(_("geldig van"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    max_uses = models.PositiveIntegerField(_("maximaal aantal keer"), null=True, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kortingscode")
        verbose_name_plural = _("kortingscodes")
        ordering = ["-active", "code"]
        constraints = [
            # Exactly one of the two: a percentage or a fixed amount.
            models.CheckConstraint(
                condition=(models.Q(percent__isnull=False, fixed_amount__isnull=True)
                           | models.Q(percent__isnull=True, fixed_amount__isnull=False)),
                name="discount_percent_or_fixed",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DiscountUse(models.Model):
    """A code redeemed for one application: applied on its first-year invoice."""

    code = models.ForeignKey(DiscountCode, on_delete=models.PROTECT, related_name="uses")
    application = models.OneToOneField(Application, on_delete=models.PROTECT,
                                       related_name="discount_use")
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+")
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.code} → {self.application_id}"


class PaymentImport(models.Model):
    """One bank statement file imported by PSO-Nederland, with what became of its entries.
    Written in the same transaction as its payments: a refused file leaves no batch behind."""

    class Kind(models.TextChoices):
        CAMT053 = "camt053", _("CAMT.053 (XML)")
        CSV = "csv", _("CSV")

    file_name = models.CharField(_("bestand"), max_length=255)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    entries = models.PositiveIntegerField(_("bijschrijvingen"), default=0)
    matched = models.PositiveIntegerField(_("gekoppeld"), default=0)
    partial = models.PositiveIntegerField(_("deels betaald"), default=0)
    overpaid = models.PositiveIntegerField(_("te veel betaald"), default=0)
    unmatched = models.PositiveIntegerField(_("niet gekoppeld"), default=0)
    duplicates = models.PositiveIntegerField(_("al eerder ingelezen"), default=0)
    skipped = models.PositiveIntegerField(_("afschrijvingen overgeslagen"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bankafschrift")
        verbose_name_plural = _("bankafschriften")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class Payment(models.Model):
    """Money received: registered by hand or read from a bank statement. `status` says how it
    relates to its invoice after it was booked (an unmatched payment waits for PSO-Nederland
    on the review screen)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("handmatig")
        CAMT053 = "camt053", _("CAMT.053")
        CSV = "csv", _("CSV")

    class Status(models.TextChoices):
        MATCHED = "matched", _("gekoppeld")
        UNMATCHED = "unmatched", _("niet gekoppeld")
        PARTIAL = "partial", _("deels betaald")
        OVERPAID = "overpaid", _("te veel betaald")

    class Reason(models.TextChoices):
        # Why an unmatched payment could not be booked (shown on the review screen).
        NONE = "", _("—")
        NO_NUMBER = "no_number", _("geen factuurnummer in de omschrijving")
        UNKNOWN_NUMBER = "unknown_number", _("factuurnummer bestaat niet")
        NOT_PAYABLE = "not_payable", _("factuur is gecrediteerd of een creditnota")
        CURRENCY = "currency", _("andere valuta dan euro")

    amount = models.DecimalField(_("bedrag"), **MONEY)
    currency = models.CharField(_("valuta"), max_length=3, default="EUR")
    booked_on = models.DateField(_("boekdatum"))
    counterparty_name = models.CharField(_("naam tegenpartij"), max_length=140, blank=True)
    iban = models.CharField(_("IBAN tegenpartij"), max_length=34, blank=True)
    # None: no IBAN given. False is flagged on the review screen, never fatal.
    iban_valid = models.BooleanField(_("IBAN geldig"), null=True)
    remittance = models.CharField(_("omschrijving"), max_length=500, blank=True)
    bank_reference = models.CharField(_("bankreferentie"), max_length=100, blank=True)
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="payments", verbose_name=_("factuur"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reden"), max_length=20, choices=Reason.choices, blank=True,
                              default="")
    batch = models.ForeignKey(PaymentImport, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="payments")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("betaling")
        verbose_name_plural = _("betalingen")
        ordering = ["-booked_on", "-id"]
        constraints = [
            # The same bank entry read twice (the same statement imported again, or two
            # overlapping statements) is one payment: the second is skipped as a duplicate.
            models.UniqueConstraint(fields=["source", "bank_reference"],
                                    condition=~models.Q(bank_reference=""),
                                    name="payment_once_per_bank_reference"),
        ]
        indexes = [models.Index(fields=["status", "booked_on"])]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount} {self.bank_reference}"
