"""Account views: thin wrappers around forms and services."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from psoportal.accounts import auth_state, selectors, services, totp
from psoportal.accounts.decorators import require_sudo, second_factor_exempt
from psoportal.accounts.events import security_event_record
from psoportal.accounts.forms import (
    EmailForm,
    LoginForm,
    PasswordChangeForm,
    RecoveryCodeForm,
    RegistrationForm,
    SetPasswordForm,
    SudoForm,
    TotpForm,
)
from psoportal.accounts.models import SecurityEvent, TotpDevice, User
from psoportal.accounts.ratelimit import ip_of, rate_limit_check
from psoportal.organisations.services import KvkTaken, account_register

E = SecurityEvent.Type
GET_POST = require_http_methods(["GET", "POST"])


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    url = reverse(name)
    return f"{url}?{urlencode({'next': target})}" if target else url


def _too_many(request: HttpRequest, scope: str, subject: User | None = None) -> HttpResponse:
    security_event_record(event_type=E.RATE_LIMITED, request=request, subject=subject,
                          details={"scope": scope})
    return render(request, "accounts/rate_limited.html", status=429)


# -- registration and verification ----------------------------------------------------------


@login_not_required
@sensitive_post_parameters("password")
@never_cache
@GET_POST
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        if not rate_limit_check(request, [("register-ip", ip_of(request))]):
            return _too_many(request, "register")
        if form.is_valid():
            data = form.cleaned_data
            try:
                account_register(
                    request=request,
                    organisation_name=data["organisation_name"], kvk=data["kvk"],
                    website=data["website"], full_name=data["full_name"],
                    job_title=data["job_title"], phone=data["phone"], email=data["email"],
                    password=data["password"], domain_mismatch=form.domain_mismatch,
                    domain_reason=data["domain_reason"],
                )
            except KvkTaken:
                form.add_error("kvk", _(
                    "Voor dit KvK-nummer bestaat al een MijnPSO-account. Vraag de Accounthouder "
                    "van uw organisatie om een uitnodiging."
                ))
            else:
                return redirect("accounts:check_email")
    return render(request, "accounts/register.html", {"form": form})


@login_not_required
@second_factor_exempt
@GET_POST
def check_email(request: HttpRequest) -> HttpResponse:
    """'Check your mail', with a resend form that never says whether the address exists."""
    form = EmailForm(request.POST or None)
    if request.method == "POST":
        email = request.POST.get("email", "")
        if not rate_limit_check(request, [("verify-resend-ip", ip_of(request)),
                                          ("verify-resend-account", email.strip().lower())]):
            return _too_many(request, "verify-resend")
        if form.is_valid():
            services.verification_resend(request=request, email=form.cleaned_data["email"])
            messages.info(request, _(
                "Als er een onbevestigd account bij dit adres hoort, is er een nieuwe "
                "bevestigingsmail verstuurd."
            ))
            return redirect("accounts:check_email")
    return render(request, "accounts/check_email.html", {"form": form})


@login_not_required
@second_factor_exempt
@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    from psoportal.accounts.tokens import verification_token_check

    # GET shows a button; the POST confirms, so mail scanners that fetch links change nothing.
    user = verification_token_check(token)
    if user is None:
        return render(request, "accounts/verify_invalid.html", status=400)
    if request.method == "POST":
        services.email_verify(request=request, user=user)
        messages.success(request, _(
            "Uw e-mailadres is bevestigd. Log in om tweestapsverificatie in te stellen."
        ))
        return redirect("accounts:login")
    return render(request, "accounts/verify_email.html")


# -- login --------------------------------------------------------------------------------------


@login_not_required
@second_factor_exempt
@sensitive_post_parameters("password")
@never_cache
@GET_POST
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        email = request.POST.get("email", "").strip().lower()[:254]
        if not rate_limit_check(request, [("login-ip", ip_of(request)),
                                          ("login-account", email), ("login-global", "all")]):
            return _too_many(request, "login")
        if form.is_valid():
            user = authenticate(request, email=email, password=form.cleaned_data["password"])
            if user is None:
                known = User.objects.filter(email=email).first()
                security_event_record(event_type=E.LOGIN_FAILED, request=request, subject=known,
                                      details={"factor": "password"})
                form.add_error(None, _("Het e-mailadres of wachtwoord is onjuist."))
            elif user.email_verified_at is None:
                return redirect("accounts:check_email")
            elif services.confirmed_device(user) is not None:
                auth_state.pending_start(request.session, user)
                security_event_record(event_type=E.LOGIN_PASSWORD_OK, request=request,
                                      subject=user)
                return redirect(_with_next("accounts:login_totp", request))
            else:
                services.login_for_enrolment(request=request, user=user)
                return redirect("accounts:totp_enrol")
    return render(request, "accounts/login.html",
                  {"form": form, "next": request.GET.get("next", "")})


def _second_step(request: HttpRequest, *, recovery: bool) -> HttpResponse:
    user = auth_state.pending_user(request.session)
    if user is None:
        auth_state.pending_clear(request.session)
        messages.info(request, _("Log opnieuw in; de vorige stap is verlopen."))
        return redirect(_with_next("accounts:login", request))
    form_class = RecoveryCodeForm if recovery else TotpForm
    form = form_class(request.POST or None)
    if request.method == "POST":
        ip = ip_of(request)
        checks = ([("recovery-user", str(user.pk)), ("recovery-ip", ip)] if recovery else
                  [("totp-user", str(user.pk)), ("totp-user-hour", str(user.pk)), ("totp-ip", ip)])
        if not rate_limit_check(request, checks):
            return _too_many(request, "recovery" if recovery else "totp", user)
        if form.is_valid():
            code = form.cleaned_data["code"]
            if recovery:
                ok = services.recovery_code_use(request=request, user=user, code=code)
            else:
                ok = services.totp_check(request=request, user=user, code=code,
                                         purpose="login").ok
            if ok:
                services.login_complete(request=request, user=user,
                                        factor="recovery_code" if recovery else "totp")
                if recovery:
                    messages.warning(request, _(
                        "U bent ingelogd met een herstelcode. Maak nieuwe herstelcodes aan als "
                        "u er nog maar weinig over heeft."
                    ))
                return redirect(_safe_next(request))
            form.add_error("code", _("Deze code is onjuist of al gebruikt."))
    template = "accounts/login_recovery.html" if recovery else "accounts/login_totp.html"
    return render(request, template, {"form": form, "next": request.GET.get("next", "")})


@login_not_required
@second_factor_exempt
@never_cache
@GET_POST
def login_totp(request: HttpRequest) -> HttpResponse:
    return _second_step(request, recovery=False)


@login_not_required
@second_factor_exempt
@never_cache
@GET_POST
def login_recovery(request: HttpRequest) -> HttpResponse:
    return _second_step(request, recovery=True)


@login_not_required
@second_factor_exempt
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.logout_user(request=request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


# -- TOTP enrolment and recovery codes ---------------------------------------------------------


def _enrol_page(request: HttpRequest, device: TotpDevice, form: TotpForm) -> HttpResponse:
    seed = totp.unseal(device.encrypted_seed)
    uri = totp.provisioning_uri(seed, request.user.email)
    key = totp.b32(seed)
    return render(request, "accounts/totp_enrol.html", {
        "form": form, "device": device, "qr": totp.qr_data_uri(uri),
        "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
    })


def _enrolment_allowed(request: HttpRequest) -> bool:
    # The first device needs no sudo; replacing a device does.
    if services.confirmed_device(request.user) is None:
        return True
    return auth_state.is_verified(request.session) and auth_state.has_sudo(request.session)


@second_factor_exempt
@sensitive_post_parameters("code")
@never_cache
@GET_POST
def totp_enrol(request: HttpRequest) -> HttpResponse:
    if not _enrolment_allowed(request):
        if not auth_state.is_verified(request.session):
            return redirect("accounts:login")
        return redirect(f"{reverse('accounts:sudo')}?{urlencode({'next': request.path})}")
    user = request.user
    if request.method == "POST":
        device = TotpDevice.objects.filter(
            pk=request.POST.get("device", "0") if request.POST.get("device", "").isdigit() else 0,
            user=user, confirmed_at__isnull=True,
        ).first()
        form = TotpForm(request.POST)
        if device is None:
            return redirect("accounts:totp_enrol")
        if not rate_limit_check(request, [("totp-user", str(user.pk)),
                                          ("totp-user-hour", str(user.pk)),
                                          ("totp-ip", ip_of(request))]):
            return _too_many(request, "totp", user)
        if form.is_valid():
            codes = services.totp_device_confirm(request=request, user=user, device_id=device.pk,
                                                 code=form.cleaned_data["code"])
            if codes is not None:
                # Shown once, in this POST response only, never in a GET URL.
                return render(request, "accounts/recovery_codes.html", {"codes": codes})
            form.add_error("code", _("Deze code is onjuist. Controleer de tijd op uw telefoon."))
        return _enrol_page(request, device, form)
    device, _seed = services.totp_device_start(user=user)
    return _enrol_page(request, device, TotpForm())


@require_sudo
@never_cache
@GET_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        codes = services.recovery_codes_regenerate(request=request, user=request.user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes})
    return render(request, "accounts/recovery_codes_confirm.html", {
        "remaining": request.user.recovery_codes.filter(used_at__isnull=True).count(),
    })


# -- security page, sudo, passwords -------------------------------------------------------------


@never_cache
@require_http_methods(["GET"])
def security(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/security.html", {
        "sessions": selectors.user_session_list(user=request.user),
        "current_key": request.session.session_key,
        "events": selectors.security_event_list(user=request.user)[:20],
        "device": services.confirmed_device(request.user),
        "remaining_codes": request.user.recovery_codes.filter(used_at__isnull=True).count(),
    })


@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    ended = services.sessions_end_others(request=request, user=request.user)
    messages.success(request, _("Andere sessies beëindigd: %(count)d.") % {"count": ended})
    return redirect("accounts:security")


@sensitive_post_parameters("password", "code")
@never_cache
@GET_POST
def sudo(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = SudoForm(request.POST or None)
    if request.method == "POST":
        if not rate_limit_check(request, [("sudo-user", str(user.pk)),
                                          ("totp-user-hour", str(user.pk)),
                                          ("totp-ip", ip_of(request))]):
            return _too_many(request, "sudo", user)
        if form.is_valid():
            password_ok = user.check_password(form.cleaned_data["password"])
            code_ok = password_ok and services.totp_check(
                request=request, user=user, code=form.cleaned_data["code"], purpose="sudo"
            ).ok
            if code_ok:
                services.sudo_grant(request=request, user=user)
                return redirect(_safe_next(request))
            security_event_record(event_type=E.SUDO_FAILED, request=request, subject=user)
            form.add_error(None, _("Het wachtwoord of de verificatiecode is onjuist."))
    return render(request, "accounts/sudo.html",
                  {"form": form, "next": request.GET.get("next", "")})


@require_sudo
@sensitive_post_parameters("current_password", "new_password")
@never_cache
@GET_POST
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.password_change(request=request, user=request.user,
                                 new_password=form.cleaned_data["new_password"])
        messages.success(request, _("Uw wachtwoord is gewijzigd. Andere sessies zijn beëindigd."))
        return redirect("accounts:security")
    return render(request, "accounts/password_change.html", {"form": form})


@login_not_required
@second_factor_exempt
@never_cache
@GET_POST
def password_reset(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST":
        email = request.POST.get("email", "").strip().lower()[:254]
        if not rate_limit_check(request, [("reset-ip", ip_of(request)),
                                          ("reset-account", email)]):
            return _too_many(request, "reset")
        if form.is_valid():
            services.password_reset_request(request=request, email=form.cleaned_data["email"])
            return render(request, "accounts/password_reset_sent.html")
    return render(request, "accounts/password_reset.html", {"form": form})


@login_not_required
@second_factor_exempt
@sensitive_post_parameters("new_password")
@never_cache
@GET_POST
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        uid = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        uid = None
    user = User.objects.filter(pk=uid, is_active=True).first() if uid else None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/password_reset_invalid.html", status=400)
    form = SetPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.password_reset_complete(request=request, user=user,
                                         new_password=form.cleaned_data["new_password"])
        messages.success(request, _("Uw wachtwoord is opnieuw ingesteld. U kunt nu inloggen."))
        return redirect("accounts:login")
    return render(request, "accounts/password_reset_confirm.html", {"form": form})
