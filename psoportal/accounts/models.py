from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.accounts.user_agent import describe


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("email_verified_at", timezone.now())
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. The e-mail address is the identity and never changes (§2)."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150, blank=True)
    job_title = models.CharField(_("functie"), max_length=150, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    # Staff of PSO-Nederland (back office). Only they can reach the admin site.
    is_staff = models.BooleanField(_("medewerker PSO-Nederland"), default=False)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    email_verified_at = models.DateTimeField(_("e-mailadres bevestigd op"), null=True, blank=True)
    terms_version = models.CharField(_("versie gebruiksvoorwaarden"), max_length=20, blank=True)
    terms_accepted_at = models.DateTimeField(
        _("gebruiksvoorwaarden geaccepteerd op"), null=True, blank=True
    )
    # Inactivity (rule book §2): which warnings went out, so a rerun never sends twice.
    inactivity_warned_30_at = models.DateTimeField(null=True, blank=True, editable=False)
    inactivity_warned_7_at = models.DateTimeField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(_("gegevens gewist op"), null=True, blank=True)
    # The language of the mail MijnPSO sends this user: the last one chosen with the language
    # switch while logged in (a worker sending mail has no request, so no cookie, to go by).
    language = models.CharField(_("taal"), max_length=5, choices=settings.LANGUAGES,
                                default="nl")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class SecurityEventQuerySet(models.QuerySet):
    # The log is append-only: bulk updates and deletes are refused, not just hidden in the admin.
    def update(self, **kwargs):
        raise TypeError("security events are append-only")

    def delete(self):
        raise TypeError("security events are append-only")

    def retention_delete(self, *, before) -> int:
        """The one way rows leave the log: older than the retention period (events.py)."""
        deleted, _ = models.QuerySet.delete(self.filter(created_at__lt=before))
        return deleted


class SecurityEvent(models.Model):
    """Append-only security log. Never holds passwords, codes or tokens."""

    class Type(models.TextChoices):
        REGISTERED = "registered", _("Account aangemaakt")
        REGISTRATION_EXISTING = "registration_existing", _("Registratie met bestaand adres")
        EMAIL_VERIFIED = "email_verified", _("E-mailadres bevestigd")
        VERIFICATION_SENT = "verification_sent", _("Bevestigingsmail verstuurd")
        LOGIN_PASSWORD_OK = "login_password_ok", _("Wachtwoord juist")
        LOGIN_FAILED = "login_failed", _("Inloggen mislukt")
        LOGIN_SUCCESS = "login_success", _("Ingelogd")
        LOGOUT = "logout", _("Uitgelogd")
        TOTP_FAILED = "totp_failed", _("Verificatiecode onjuist")
        TOTP_REPLAYED = "totp_replayed", _("Verificatiecode hergebruikt")
        TOTP_ENABLED = "totp_enabled", _("Tweestapsverificatie ingesteld")
        RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("Herstelcodes aangemaakt")
        RECOVERY_CODE_USED = "recovery_code_used", _("Herstelcode gebruikt")
        RECOVERY_CODE_FAILED = "recovery_code_failed", _("Herstelcode onjuist")
        PASSWORD_CHANGED = "password_changed", _("Wachtwoord gewijzigd")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Wachtwoordherstel aangevraagd")
        PASSWORD_RESET = "password_reset", _("Wachtwoord hersteld")
        SUDO_GRANTED = "sudo_granted", _("Identiteit opnieuw bevestigd")
        SUDO_FAILED = "sudo_failed", _("Identiteit bevestigen mislukt")
        SESSIONS_ENDED = "sessions_ended", _("Sessies beëindigd")
        SESSION_EXPIRED = "session_expired", _("Sessie verlopen")
        RATE_LIMITED = "rate_limited", _("Te veel pogingen")
        ACCESS_DENIED = "access_denied", _("Toegang geweigerd")
        MEMBER_INVITED = "member_invited", _("Lid uitgenodigd")
        INVITATION_ACCEPTED = "invitation_accepted", _("Uitnodiging geaccepteerd")
        INVITATION_REVOKED = "invitation_revoked", _("Uitnodiging ingetrokken")
        MEMBER_REMOVED = "member_removed", _("Lid verwijderd")
        ROLE_TRANSFER_REQUESTED = "role_transfer_requested", _("Overdracht aangevraagd")
        ROLE_TRANSFER_APPROVED = "role_transfer_approved", _("Overdracht goedgekeurd")
        ROLE_TRANSFER_REJECTED = "role_transfer_rejected", _("Overdracht afgewezen")
        DOMAIN_APPROVED = "domain_approved", _("Afwijkend e-maildomein goedgekeurd")
        INACTIVITY_WARNING = "inactivity_warning", _("Waarschuwing inactiviteit")
        ACCOUNT_ERASED = "account_erased", _("Account gewist")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("door"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="security_events", verbose_name=_("betreft"),
    )
    # A plain id, not a foreign key: accounts sit below organisations (arrows point down), and
    # an event is a record of what happened, kept when the organisation itself is gone.
    organisation_id = models.BigIntegerField(_("organisatie (id)"), null=True, blank=True,
                                             db_index=True)
    event_type = models.CharField(_("gebeurtenis"), max_length=40, choices=Type.choices)
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("beveiligingsgebeurtenis")
        verbose_name_plural = _("beveiligingsgebeurtenissen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.event_type}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise TypeError("security events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("security events are append-only")


class RateLimitBucket(models.Model):
    """A token bucket per (scope, key); keys are hashed so no address is stored in clear.

    Cf. hc/api/models.py TokenBucket: the bucket refills continuously, so a limit is a timed
    cool-off and never a permanent lock.
    """

    key = models.CharField(max_length=64, unique=True)
    tokens = models.FloatField(default=1.0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("limiet")
        verbose_name_plural = _("limieten")

    def __str__(self) -> str:
        return self.key[:12]


class TotpDevice(models.Model):
    """A TOTP authenticator. The seed is Fernet-encrypted with a key outside the database."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_devices"
    )
    encrypted_seed = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    # Active only after the user proved possession with a valid code.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted time step; a step is never accepted twice.
    last_t = models.BigIntegerField(default=-1)

    class Meta:
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps")

    def __str__(self) -> str:
        return f"TOTP {self.user}"


class RecoveryCode(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("herstelcode")
        verbose_name_plural = _("herstelcodes")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({'used' if self.used_at else 'unused'})"

    @staticmethod
    def hash_of(code: str) -> str:
        """The stored form of a code: dashes, spaces and case do not matter."""
        normalised = code.replace("-", "").replace(" ", "").lower()
        return hashlib.sha256(normalised.encode()).hexdigest()


class UserSession(models.Model):
    """A logged-in session the user can see and end."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="user_sessions"
    )
    session_key = models.CharField(max_length=64, unique=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.ip or ''}"

    @property
    def device(self) -> str:
        """The browser and system by name ("Chrome op Windows"), never the raw header."""
        return describe(self.user_agent)
