"""Every write of the accounts app: one transaction, a security event, mail on commit."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from psoportal.accounts import auth_state, totp
from psoportal.accounts.events import security_event_record
from psoportal.accounts.models import RecoveryCode, SecurityEvent, TotpDevice, User, UserSession
from psoportal.accounts.tokens import verification_token_make
from psoportal.core.lib.client_ip import client_ip, user_agent
from psoportal.core.lib.mail import send_on_commit

E = SecurityEvent.Type
RECOVERY_CODE_COUNT = 10
BACKEND = "django.contrib.auth.backends.ModelBackend"


# -- e-mail verification -------------------------------------------------------------------


def verification_mail_send(*, user: User) -> None:
    link = reverse("accounts:verify_email", args=[verification_token_make(user)])
    send_on_commit("verify-email", user.email, {"user": user, "path": link})


@transaction.atomic
def email_verify(*, request: HttpRequest, user: User) -> None:
    updated = User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
        email_verified_at=timezone.now()
    )
    if updated:
        security_event_record(event_type=E.EMAIL_VERIFIED, request=request, subject=user)


@transaction.atomic
def verification_resend(*, request: HttpRequest, email: str) -> None:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    # Nothing is said about whether the address exists or is already verified.
    if user is not None and user.email_verified_at is None:
        verification_mail_send(user=user)
        security_event_record(event_type=E.VERIFICATION_SENT, request=request, subject=user)


# -- login -----------------------------------------------------------------------------------


def _session_register(request: HttpRequest, user: User) -> None:
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "ip": client_ip(request), "user_agent": user_agent(request),
                  "last_seen_at": timezone.now()},
    )


@transaction.atomic
def login_complete(*, request: HttpRequest, user: User, factor: str) -> None:
    """The second factor was verified: now, and only now, the user is logged in."""
    auth_state.pending_clear(request.session)
    login(request, user, backend=BACKEND)  # rotates the CSRF token
    # login() keeps the session key when this user is already in the session (the
    # enrolment-only session after the password step), so rotate it here: a key that was known
    # before the second factor must never become a fully logged-in session (session fixation).
    request.session.cycle_key()
    auth_state.mark_authenticated(request.session, verified=True)
    request.session.save()
    _session_register(request, user)
    User.objects.filter(pk=user.pk).update(
        inactivity_warned_30_at=None, inactivity_warned_7_at=None
    )
    security_event_record(
        event_type=E.LOGIN_SUCCESS, request=request, actor=user, subject=user,
        details={"factor": factor},
    )


@transaction.atomic
def login_for_enrolment(*, request: HttpRequest, user: User) -> None:
    """Password correct, no authenticator yet: a session that can only reach enrolment."""
    login(request, user, backend=BACKEND)
    auth_state.mark_authenticated(request.session, verified=False)
    security_event_record(
        event_type=E.LOGIN_PASSWORD_OK, request=request, actor=user, subject=user,
        details={"next": "enrolment"},
    )


def logout_user(*, request: HttpRequest) -> None:
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
        security_event_record(event_type=E.LOGOUT, request=request, actor=user, subject=user)
    logout(request)  # flushes the server-side session


def user_language_set(*, user: User, language: str) -> None:
    """The language of the mail this user gets from now on (a choice of settings.LANGUAGES)."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


# -- TOTP ------------------------------------------------------------------------------------


def confirmed_device(user: User) -> TotpDevice | None:
    return user.totp_devices.filter(confirmed_at__isnull=False).order_by("-confirmed_at").first()


@transaction.atomic
def totp_device_pending(*, user: User) -> TotpDevice:
    """The unconfirmed device being set up, made once and kept until confirmed or replaced.

    The user may already have scanned its QR code, so showing the page again must not change it.
    """
    device = user.totp_devices.filter(confirmed_at__isnull=True).order_by("-created_at").first()
    return device if device is not None else totp_device_start(user=user)[0]


@transaction.atomic
def totp_device_start(*, user: User) -> tuple[TotpDevice, bytes]:
    """A fresh, unconfirmed device; previous unconfirmed ones are discarded."""
    user.totp_devices.filter(confirmed_at__isnull=True).delete()
    seed = totp.new_seed()
    device = TotpDevice.objects.create(user=user, encrypted_seed=totp.seal(seed))
    return device, seed


def _recovery_hash(code: str) -> str:
    return RecoveryCode.hash_of(code)


def _recovery_codes_replace(user: User) -> list[str]:
    user.recovery_codes.all().delete()
    # 80 bits each from the CSPRNG (at least 64 bits per code), grouped for reading aloud.
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(10)
        codes.append("-".join(raw[i : i + 5] for i in range(0, 20, 5)))
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_recovery_hash(c)) for c in codes
    )
    return codes


@transaction.atomic
def totp_device_confirm(
    *, request: HttpRequest, user: User, device_id: int, code: str
) -> list[str] | None:
    """Activate the device if the code is valid; returns the new recovery codes, else None."""
    device = (
        TotpDevice.objects.select_for_update()
        .filter(pk=device_id, user=user, confirmed_at__isnull=True)
        .first()
    )
    if device is None:
        return None
    step = totp.match_step(totp.unseal(device.encrypted_seed), code, last_t=device.last_t)
    if step is None:
        security_event_record(event_type=E.TOTP_FAILED, request=request, subject=user,
                              details={"during": "enrolment"})
        return None
    replacing = user.totp_devices.filter(confirmed_at__isnull=False).exists()
    user.totp_devices.exclude(pk=device.pk).delete()
    device.confirmed_at = timezone.now()
    device.last_t = step
    device.save(update_fields=["confirmed_at", "last_t"])
    codes = _recovery_codes_replace(user)
    security_event_record(event_type=E.TOTP_ENABLED, request=request, subject=user,
                          details={"replaced": replacing})
    security_event_record(event_type=E.RECOVERY_CODES_GENERATED, request=request, subject=user)
    # A 2FA change ends every other session.
    if request.user.is_authenticated and auth_state.is_verified(request.session):
        request.session.cycle_key()
        sessions_end(user=user, keep=request.session.session_key)
        _session_register(request, user)
    else:
        sessions_end(user=user, keep=None)
        login_complete(request=request, user=user, factor="totp-enrolment")
    send_on_commit("totp-enabled", user.email, {"user": user})
    return codes


@dataclass(frozen=True)
class TotpResult:
    ok: bool
    replayed: bool = False


@transaction.atomic
def totp_check(*, request: HttpRequest, user: User, code: str, purpose: str) -> TotpResult:
    device = (
        TotpDevice.objects.select_for_update()
        .filter(user=user, confirmed_at__isnull=False)
        .order_by("-confirmed_at")
        .first()
    )
    if device is None:
        return TotpResult(ok=False)
    seed = totp.unseal(device.encrypted_seed)
    step = totp.match_step(seed, code, last_t=device.last_t)
    if step is None:
        replayed = totp.was_replayed(seed, code, last_t=device.last_t)
        security_event_record(
            event_type=E.TOTP_REPLAYED if replayed else E.TOTP_FAILED,
            request=request, subject=user, details={"during": purpose},
        )
        return TotpResult(ok=False, replayed=replayed)
    # Compare-and-set so two concurrent requests cannot both accept the same step.
    claimed = TotpDevice.objects.filter(pk=device.pk, last_t__lt=step).update(last_t=step)
    if not claimed:
        security_event_record(event_type=E.TOTP_REPLAYED, request=request, subject=user,
                              details={"during": purpose})
        return TotpResult(ok=False, replayed=True)
    return TotpResult(ok=True)


@transaction.atomic
def recovery_codes_regenerate(*, request: HttpRequest, user: User) -> list[str]:
    codes = _recovery_codes_replace(user)
    security_event_record(event_type=E.RECOVERY_CODES_GENERATED, request=request, subject=user)
    request.session.cycle_key()
    sessions_end(user=user, keep=request.session.session_key)
    _session_register(request, user)
    send_on_commit("recovery-codes-regenerated", user.email, {"user": user})
    return codes


@transaction.atomic
def recovery_code_use(*, request: HttpRequest, user: User, code: str) -> bool:
    wanted = _recovery_hash(code)
    candidates = list(
        RecoveryCode.objects.select_for_update().filter(user=user, used_at__isnull=True)
    )
    match = next((c for c in candidates if hmac.compare_digest(c.code_hash, wanted)), None)
    if match is None or not RecoveryCode.objects.filter(
        pk=match.pk, used_at__isnull=True
    ).update(used_at=timezone.now()):
        security_event_record(event_type=E.RECOVERY_CODE_FAILED, request=request, subject=user)
        return False
    remaining = len(candidates) - 1
    security_event_record(event_type=E.RECOVERY_CODE_USED, request=request, subject=user,
                          details={"remaining": remaining})
    send_on_commit("recovery-code-used", user.email, {"user": user, "remaining": remaining})
    return True


# -- sessions, sudo, passwords -----------------------------------------------------------------


def sessions_end(*, user: User, keep: str | None) -> int:
    """End the user's sessions except `keep` (the current one), server-side."""
    rows = UserSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    keys = list(rows.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    rows.delete()
    return len(keys)


@transaction.atomic
def sessions_end_others(*, request: HttpRequest, user: User) -> int:
    ended = sessions_end(user=user, keep=request.session.session_key)
    security_event_record(event_type=E.SESSIONS_ENDED, request=request, subject=user,
                          details={"count": ended})
    return ended


@transaction.atomic
def sessions_end_all(*, actor: User | None, user: User, request: HttpRequest | None = None) -> int:
    ended = sessions_end(user=user, keep=None)
    security_event_record(event_type=E.SESSIONS_ENDED, request=request, actor=actor, subject=user,
                          details={"count": ended, "by_back_office": True})
    return ended


@transaction.atomic
def sudo_grant(*, request: HttpRequest, user: User) -> None:
    old_key = request.session.session_key
    auth_state.grant_sudo(request.session)
    request.session.save()
    UserSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)
    security_event_record(event_type=E.SUDO_GRANTED, request=request, subject=user)


@transaction.atomic
def password_change(*, request: HttpRequest, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password"])
    old_key = request.session.session_key
    update_session_auth_hash(request, user)  # keeps this session, rotates its key
    UserSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)
    sessions_end(user=user, keep=request.session.session_key)
    security_event_record(event_type=E.PASSWORD_CHANGED, request=request, subject=user)
    send_on_commit("password-changed", user.email, {"user": user})


@transaction.atomic
def password_reset_request(*, request: HttpRequest, email: str) -> None:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user.has_usable_password():
        return  # same response either way: never reveal whether an account exists
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:password_reset_confirm",
                   args=[uid, default_token_generator.make_token(user)])
    security_event_record(event_type=E.PASSWORD_RESET_REQUESTED, request=request, subject=user)
    send_on_commit("password-reset", user.email, {"user": user, "path": path})


@transaction.atomic
def password_reset_complete(*, request: HttpRequest, user: User, new_password: str) -> None:
    """Set the new password; never logs in and leaves TOTP untouched."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    sessions_end(user=user, keep=None)
    security_event_record(event_type=E.PASSWORD_RESET, request=request, subject=user)
    send_on_commit("password-changed", user.email, {"user": user})


@transaction.atomic
def second_factor_reset(*, request: HttpRequest | None, actor: User, user: User) -> None:
    """Back office, after proving the user's identity out of band; logged and mailed."""
    user.totp_devices.all().delete()
    user.recovery_codes.all().delete()
    sessions_end(user=user, keep=None)
    security_event_record(event_type=E.TOTP_ENABLED, request=request, actor=actor, subject=user,
                          details={"reset_by_back_office": True})
    send_on_commit("second-factor-reset", user.email, {"user": user})
