from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.methodology import limits

kvk_validator = RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit 8 cijfers."))


class Organisation(models.Model):
    """The Aanvragende organisatie: a Hoofdaanvrager plus its Onderliggende entiteiten (§3)."""

    name = models.CharField(_("naam"), max_length=limits.NAME_MAX_LENGTH)
    kvk = models.CharField(_("KvK-nummer"), max_length=8, validators=[kvk_validator], unique=True)
    website = models.URLField(_("website"), blank=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    fulltime_hours = models.DecimalField(
        _("voltijduren per week"), max_digits=limits.HOURS.max_digits,
        decimal_places=limits.HOURS.places, default=40,
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The Accounthouder registered with an address outside the website's domain: PSO-Nederland
    # must approve the written reason before step 6 (rule book §2). The account works meanwhile.
    domain_reason = models.TextField(_("toelichting afwijkend e-maildomein"), blank=True)
    domain_approval = models.CharField(
        _("goedkeuring e-maildomein"), max_length=20,
        choices=[
            ("not_needed", _("Niet nodig")),
            ("pending", _("In behandeling")),
            ("approved", _("Goedgekeurd")),
            ("rejected", _("Afgewezen")),
        ],
        default="not_needed",
    )
    domain_decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kvk})"

    @property
    def may_submit_application(self) -> bool:
        """Step 6 is blocked while a deviating e-mail domain awaits approval (§2)."""
        return self.domain_approval in {"not_needed", "approved"}


class Entity(models.Model):
    """An Onderliggende entiteit inside the organisation's scope."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="entities"
    )
    name = models.CharField(_("naam"), max_length=limits.NAME_MAX_LENGTH)
    kvk = models.CharField(_("KvK-nummer"), max_length=8, validators=[kvk_validator])

    class Meta:
        verbose_name = _("onderliggende entiteit")
        verbose_name_plural = _("onderliggende entiteiten")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kvk"], name="entity_kvk_once_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kvk})"


class Membership(models.Model):
    class Role(models.TextChoices):
        ACCOUNTHOUDER = "accounthouder", _("Accounthouder")
        COLLEGA = "collega", _("Collega")
        ADVISEUR = "adviseur", _("Adviseur")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_once"),
            # An organisation has at most one Accounthouder (§1).
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(role="accounthouder"),
                name="one_accounthouder_per_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.role})"


class CertifyingInstitution(models.Model):
    """A certificerende instelling (CI): quotes, audits and reports (§1)."""

    name = models.CharField(_("naam"), max_length=limits.NAME_MAX_LENGTH, unique=True)
    kvk = models.CharField(_("KvK-nummer"), max_length=8, validators=[kvk_validator], unique=True)
    website = models.URLField(_("website"), blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    # Free text, because accreditation bodies and their numbering differ (e.g. "RvA C 123");
    # the date is optional: not every accreditation states an end date.
    accreditation = models.CharField(_("accreditatie"), max_length=200, blank=True)
    accreditation_valid_until = models.DateField(
        _("accreditatie geldig tot"), null=True, blank=True
    )
    # The person PSO-Nederland talks to; lengths match the user's own name and phone fields.
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoonnummer contactpersoon"), max_length=30,
                                     blank=True)
    # Inactive: no longer offered for new quote requests; running work is not cut off.
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("certificerende instelling")
        verbose_name_plural = _("certificerende instellingen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def accreditation_expired(self) -> bool:
        """The stated end date has passed: PSO-Nederland should look at it (it is only shown)."""
        end = self.accreditation_valid_until
        return end is not None and end < timezone.localdate()


class InstitutionMembership(models.Model):
    class Role(models.TextChoices):
        AUDITOR = "auditor", _("CI-auditor")
        BEHEERDER = "beheerder", _("CI-beheerder")

    institution = models.ForeignKey(
        CertifyingInstitution, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="institution_memberships"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("medewerker certificerende instelling")
        verbose_name_plural = _("medewerkers certificerende instellingen")
        constraints = [
            models.UniqueConstraint(fields=["institution", "user"], name="institution_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.institution} ({self.role})"


class InvitationBase(models.Model):
    """What every invitation shares: sent to one address, single use, expires, revocable."""

    email = models.EmailField(_("e-mailadres"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class Invitation(InvitationBase):
    """The Accounthouder invites a Collega or Adviseur by e-mail; single use, expires."""

    INVITABLE_ROLES = [Membership.Role.COLLEGA, Membership.Role.ADVISEUR]

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Membership.Role.choices)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def place(self) -> Organisation:
        """Where the invitation leads (the invitation pages show its name)."""
        return self.organisation


class InstitutionInvitation(InvitationBase):
    """PSO-Nederland (or the CI's beheerder) invites a CI user; the same rules as above.

    A model of its own rather than a nullable column on Invitation: the roles, who may invite
    and where the link leads all differ, and neither kind can be mistaken for the other.
    """

    institution = models.ForeignKey(
        CertifyingInstitution, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("rol"), max_length=20, choices=InstitutionMembership.Role.choices)

    class Meta:
        verbose_name = _("uitnodiging certificerende instelling")
        verbose_name_plural = _("uitnodigingen certificerende instellingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.institution}"

    @property
    def place(self) -> CertifyingInstitution:
        return self.institution


class RoleTransferRequest(models.Model):
    """Handing the Accounthouder role to another member; PSO-Nederland approves (§1)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("In behandeling")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="role_transfers"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("huidige Accounthouder"),
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("nieuwe Accounthouder"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("overdracht Accounthouder-rol")
        verbose_name_plural = _("overdrachten Accounthouder-rol")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(status="pending"),
                name="one_pending_transfer_per_org",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.from_user} → {self.to_user}"
