"""A definitive application (step 6): a frozen snapshot of a rekentool and its history."""

from __future__ import annotations

import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.models import Rekentool
from psoportal.certification.transitions import Party, State
from psoportal.core.storage import UploadStorage
from psoportal.methodology import limits
from psoportal.organisations.models import Organisation

CENT = Decimal("0.01")


def private_storage() -> FileSystemStorage:
    # Outside MEDIA_ROOT and the static files: served only by a view that checks the party.
    # UploadStorage: a full disk leaves no partial file (core/storage.py).
    return UploadStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def private_upload_path(instance: models.Model, filename: str) -> str:
    """Uploads live under PRIVATE_MEDIA_ROOT (outside the web root) under a random name: the
    file's own name is kept in the model, never trusted as a path."""
    return f"{instance._meta.model_name}/{secrets.token_hex(16)}.pdf"


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
    # PSO-Nederland's decision: the level awarded (never above the audited level) and whether
    # the separate PSO 30+ certificate goes with it.
    awarded_level = models.CharField(_("toegekende trede"), max_length=20, blank=True)
    awarded_pso30plus = models.BooleanField(_("PSO 30+ toegekend"), default=False)
    # Declared at submission (step 6): the certificate carries it so that a buyer's purchase
    # from this organisation can be converted (rule book §6) without the buyer seeing it.
    turnover = models.DecimalField(
        _("omzet in het peiljaar (excl. btw)"), max_digits=limits.MONEY.max_digits,
        decimal_places=limits.MONEY.places, null=True, blank=True,
    )

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
    pdf = models.FileField(_("offerte (pdf)"), storage=private_storage,
                           upload_to=private_upload_path, blank=True)
    pdf_filename = models.CharField(max_length=200, blank=True)
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


class Audit(models.Model):
    """The certifying institution's audit of one application: days, checklist, corrections,
    report (issue 10 §5). The report is due `report_due_days` (handbook) after the last day."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE,
                                       related_name="audit")
    first_day = models.DateField(_("eerste auditdag"))
    last_day = models.DateField(_("laatste auditdag"))
    report_due = models.DateField(_("rapport uiterlijk"))
    # The figures as the auditor corrected them, and the engine's result on them with the
    # application's own handbook version; empty until the first correction.
    audited_document = models.JSONField(_("geauditeerde gegevens"), null=True, blank=True)
    audited_result = models.JSONField(_("geauditeerde uitslag"), null=True, blank=True)
    findings = models.TextField(_("bevindingen"), blank=True, max_length=10_000)
    recommended_level = models.CharField(_("geadviseerde trede"), max_length=20, blank=True)
    report_file = models.FileField(_("auditrapport (pdf)"), storage=private_storage,
                                   upload_to=private_upload_path, blank=True)
    report_filename = models.CharField(max_length=200, blank=True)
    report_filed_at = models.DateTimeField(_("rapport ingediend op"), null=True, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")

    def __str__(self) -> str:
        return f"{self.application} {self.first_day}–{self.last_day}"


class AuditCheck(models.Model):
    """One line of the auditor's checklist: a qualitative aspect or a target-group row."""

    class Kind(models.TextChoices):
        ASPECT = "aspect", _("kwalitatief aspect")
        EMPLOYEE = "employee", _("doelgroepmedewerker")

    class Outcome(models.TextChoices):
        OPEN = "open", _("nog te toetsen")
        MET = "met", _("voldoet")
        NOT_MET = "not_met", _("voldoet niet")

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The aspect code, or the row's index in the frozen document's employee list.
    key = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    sampled = models.BooleanField(_("in steekproef"), default=False)
    outcome = models.CharField(_("oordeel"), max_length=10, choices=Outcome.choices,
                               default=Outcome.OPEN)
    note = models.TextField(_("toelichting"), blank=True, max_length=2000)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "kind", "key"], name="audit_check_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}: {self.outcome}"


class AuditCorrection(models.Model):
    """A figure the auditor corrected: where, from what, to what, and why."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="corrections")
    # A path into the pso-assessment/1 document, e.g. "staff.total_fte" or "employees.3.hours".
    field = models.CharField(_("gegeven"), max_length=80)
    original = models.CharField(_("was"), max_length=100)
    corrected = models.CharField(_("wordt"), max_length=100)
    note = models.TextField(_("toelichting"), max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.original} → {self.corrected}"


def certificate_search_name(names) -> str:
    """What the register's name search reads (Certificate.search_name): every distinct name,
    case-folded, one per line."""
    return "\n".join(dict.fromkeys(name.casefold() for name in names if name))


class Certificate(models.Model):
    """A PSO certificate: one per awarded application, and a separate PSO 30+ certificate when
    eligible (rule book §4). Dates follow §9: start on the first day of the month after the
    submission, end two years later minus a day. Its public page is reached by an unguessable
    code, never by the number or the id."""

    class Kind(models.TextChoices):
        LEVEL = "level", _("PSO-certificaat")
        PSO30PLUS = "pso30plus", _("PSO 30+-certificaat")

    class Source(models.TextChoices):
        APPLICATION = "application", _("aanvraag in MijnPSO")
        IMPORT = "import", _("overgenomen uit het vorige register")

    # Empty for a certificate taken over from the old portal's register (issue 12): it was
    # awarded there, on an application this portal never saw.
    application = models.ForeignKey(Application, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="certificates")
    source = models.CharField(_("herkomst"), max_length=12, choices=Source.choices,
                              default=Source.APPLICATION)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LEVEL)
    number = models.CharField(_("certificaatnummer"), max_length=30, unique=True)
    verification_code = models.CharField(max_length=43, unique=True)
    level = models.CharField(_("trede"), max_length=20)
    organisation_name = models.CharField(_("organisatie"), max_length=limits.NAME_MAX_LENGTH)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    institution_name = models.CharField(_("certificerende instelling"),
                                        max_length=limits.NAME_MAX_LENGTH)
    handbook_version = models.CharField(_("handboekversie"), max_length=20)
    start = models.DateField(_("ingangsdatum"))
    end = models.DateField(_("einddatum"))
    issued_at = models.DateTimeField(_("uitgegeven op"), default=timezone.now)
    # Vervallen: a newer certificate took over one of its KvK numbers (§9), from its start.
    lapsed_on = models.DateField(_("vervallen per"), null=True, blank=True)
    superseded_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="supersedes")
    # Ingetrokken: withdrawn (the application was cancelled after the award).
    revoked_on = models.DateField(_("ingetrokken per"), null=True, blank=True)
    revoked_reason = models.CharField(_("reden intrekking"), max_length=500, blank=True)
    # The organisation's name and its scope's names, case-folded, one per line: what the
    # register's name search reads (a plain substring test, indexed by trigrams on
    # PostgreSQL), instead of folding every name of every certificate on every search.
    search_name = models.TextField(editable=False, blank=True, default="")
    # The holder's figures a buyer's purchase is converted with (rule book §6): its turnover in
    # the peiljaar and its weighted target-group fte. Confidential: never shown to a buyer,
    # never in the register or the API; the engine reads them for step 3D.
    supplier_turnover = models.DecimalField(
        _("omzet in het peiljaar"), max_digits=limits.MONEY.max_digits,
        decimal_places=limits.MONEY.places, null=True, blank=True,
    )
    supplier_weighted_fte = models.DecimalField(
        _("gewogen doelgroep-fte"), max_digits=limits.FTE.max_digits,
        decimal_places=limits.FTE.places, null=True, blank=True,
    )

    class Meta:
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"],
                                    name="one_certificate_per_kind_per_application")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.organisation_name}"

    def save(self, *args, **kwargs) -> None:
        # A certificate written one by one without its scope's names (the admin, a script)
        # is still found by its own name.
        if not self.search_name:
            self.search_name = certificate_search_name([self.organisation_name])
        super().save(*args, **kwargs)


class CertificateScope(models.Model):
    """One KvK number in a certificate's scope, so supersession and the register find a
    certificate by KvK number with an index instead of reading JSON."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="scope")
    kvk = models.CharField(_("KvK-nummer"), max_length=8, db_index=True)
    name = models.CharField(_("naam"), max_length=limits.NAME_MAX_LENGTH)
    is_main = models.BooleanField(_("hoofdaanvrager"), default=False)

    class Meta:
        ordering = ["-is_main", "id"]

    def __str__(self) -> str:
        return f"{self.kvk} {self.name}"


class FeeEvent(models.Model):
    """A billable event after submission (rule book §9): a change or a cancellation with its
    amount from the fee table of the application's handbook. Recorded and listed now; the
    billing issue turns them into invoice lines (`invoiced_at`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="fee_events")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="fee_events")
    # A code of the handbook's fee table (withdrawal_in_window, change_of_ci, ...) or one of
    # ours for what has no fixed amount (both contributions due).
    code = models.CharField(_("gebeurtenis"), max_length=40)
    label = models.CharField(_("omschrijving"), max_length=200)
    # Excl. VAT; negative for a credit.
    amount = models.DecimalField(_("bedrag"), max_digits=limits.MONEY.max_digits,
                                 decimal_places=limits.MONEY.places)
    occurred_on = models.DateField(_("datum"))
    note = models.TextField(_("toelichting"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    invoiced_at = models.DateTimeField(_("gefactureerd op"), null=True, blank=True)
    # A credit (new_application_credit) names the cancellation fee it halves: one credit per
    # cancellation, also when two new applications follow it (the unique key decides).
    credit_for = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="credit")

    class Meta:
        verbose_name = _("kostenpost")
        verbose_name_plural = _("kostenposten")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.code} {self.amount}"


class ApplicationChange(models.Model):
    """A change after submission that the applicant passed on (rule book §9): another
    certifying institution, or a partial or full name change of the Hoofdaanvrager. The
    application's frozen data stay as submitted; this row is the record of the change and
    `fee_event` its billable event."""

    class Kind(models.TextChoices):
        # The values are the fee table's event codes.
        CHANGE_OF_CI = "change_of_ci", _("andere certificerende instelling")
        PARTIAL_NAME = "partial_name_change", _("gedeeltelijke naamswijziging")
        FULL_NAME = "full_name_change", _("volledige naamswijziging")

    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="changes")
    kind = models.CharField(_("wijziging"), max_length=30, choices=Kind.choices)
    # The institution's or the organisation's name before and after, as shown at the time.
    old_value = models.CharField(_("was"), max_length=limits.NAME_MAX_LENGTH)
    new_value = models.CharField(_("wordt"), max_length=limits.NAME_MAX_LENGTH)
    # A change of institution: the new institution's quote, now the accepted one.
    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    fee_event = models.OneToOneField(FeeEvent, on_delete=models.PROTECT, related_name="change")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("wijziging na indiening")
        verbose_name_plural = _("wijzigingen na indiening")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.old_value} → {self.new_value}"


class Notification(models.Model):
    """The outbox: every message to a party about an application, written in the same
    transaction as the change, sent by the task worker, and shown in the party's overview."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, null=True,
                                    blank=True, related_name="notifications")
    template = models.CharField(max_length=60)
    context = models.JSONField(default=dict)
    language = models.CharField(max_length=5, default="nl")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.template} → {self.recipient_id}"
