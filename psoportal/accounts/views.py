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
from django.views.i18n import set_language

from psoportal.accounts import auth_state, selectors, services, totp
from psoportal.accounts.decorators import require_sudo, second_factor_exempt
from psoportal.accounts.events import security_event_record
from psoportal.accounts.forms import (
    EmailForm,
    LoginForm,
    LoginWithCodeForm,
    PasswordChangeForm,
    RecoveryCodeForm,
    SetPasswordForm,
    SudoForm,
    TotpForm,
)
from psoportal.accounts.models import SecurityEvent, TotpDevice, User
from psoportal.accounts.ratelimit import (
    Verdict,
    ip_of,
    net_of,
    normalise_email,
    rate_limit_check,
    rate_limit_hit,
    rate_limit_peek,
    rate_limited_response,
)

E = SecurityEvent.Type
GET_POST = require_http_methods(["GET", "POST"])


@login_not_required
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's own switch (the cookie, a safe `next`), reachable before logging in; for a
    logged-in user the choice also becomes the language of the mail MijnPSO sends them."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.user_language_set(user=request.user,
                                   language=request.POST.get("language", ""))
    return response


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


def _too_many(request: HttpRequest, verdict: Verdict, subject: User | None = None) -> HttpResponse:
    return rate_limited_response(request, verdict, back_url=request.get_full_path(),
                                 subject=subject)


def _mail_allowed(request: HttpRequest, scope: str, email: str) -> bool:
    """May one more mail go to this address? Never answered with a 429.

    A per-address limit only bounds the mail one inbox receives. Refusing the request instead
    would let anyone keep the owner from resetting a password or getting a verification link;
    the owner still has the mails already sent, whose links keep working. The page says the same
    either way, so it reveals nothing about the address.
    """
    email = normalise_email(email)
    verdict = rate_limit_check(request, [(scope, email)])
    if not verdict:
        security_event_record(event_type=E.RATE_LIMITED, request=request,
                              subject=User.objects.filter(email=email).first(),
                              details={"scope": scope, "mail_withheld": True})
    return bool(verdict)


# -- e-mail verification ------------------------------------------------------------------------


@login_not_required
@second_factor_exempt
@GET_POST
def check_email(request: HttpRequest) -> HttpResponse:
    """'Check your mail', with a resend form that never says whether the address exists."""
    form = EmailForm(request.POST or None)
    if request.method == "POST":
        verdict = rate_limit_check(request, [("verify-resend-ip", ip_of(request))])
        if not verdict:
            return _too_many(request, verdict)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if _mail_allowed(request, "verify-resend-account", email):
                services.verification_resend(request=request, email=email)
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
    both_factors = False
    if request.method == "POST":
        email = normalise_email(request.POST.get("email", ""))
        # Failures count against the sender (address and network) and against this account
        # from the sender's network only: an attacker elsewhere can slow down their own
        # guessing, never lock the owner out or the whole site. Checked before hashing.
        sender = [("login-ip", ip_of(request)), ("login-net", net_of(request))]
        account = [("login-account", f"{email} {net_of(request)}")]
        everywhere = [("login-account-all", email)]
        verdict = rate_limit_peek(sender + account)
        if not verdict:
            return _too_many(request, verdict)
        # Many failures for this account from many networks: ask for both factors at once and
        # answer only "incorrect", so the password alone can no longer be tested.
        both_factors = not rate_limit_peek(everywhere)
        if both_factors:
            form = LoginWithCodeForm(request.POST)
        if not form.is_valid():
            rate_limit_hit(sender)
        else:
            user = authenticate(request, email=email, password=form.cleaned_data["password"])
            code_ok = user is not None and (
                not both_factors or _code_ok(request, user, form.cleaned_data["code"])
            )
            if not code_ok:
                rate_limit_hit(sender + account + everywhere)
                known = User.objects.filter(email=email).first()
                security_event_record(event_type=E.LOGIN_FAILED, request=request, subject=known,
                                      details={"factor": "both" if both_factors else "password"})
                form.add_error(None, _(
                    "Het e-mailadres, het wachtwoord of de code is onjuist." if both_factors
                    else "Het e-mailadres of wachtwoord is onjuist."
                ))
            elif user.email_verified_at is None:
                return redirect("accounts:check_email")
            elif both_factors:
                services.login_complete(request=request, user=user, factor="totp")
                return redirect(_safe_next(request))
            elif services.confirmed_device(user) is not None:
                auth_state.pending_start(request.session, user)
                security_event_record(event_type=E.LOGIN_PASSWORD_OK, request=request,
                                      subject=user)
                return redirect(_with_next("accounts:login_totp", request))
            else:
                services.login_for_enrolment(request=request, user=user)
                return redirect("accounts:totp_enrol")
    return render(request, "accounts/login.html",
                  {"form": form, "next": request.GET.get("next", ""),
                   "both_factors": both_factors})


def _code_ok(request: HttpRequest, user: User, code: str) -> bool:
    """The authenticator code of the both-factors login, under the same per-user code limits
    as the second step; a refusal looks like a wrong code (no "the password was right")."""
    checks = [("totp-user", str(user.pk)), ("totp-user-hour", str(user.pk))]
    if not rate_limit_peek(checks):
        return False
    ok = services.totp_check(request=request, user=user, code=code, purpose="login").ok
    if not ok:
        rate_limit_hit(checks)
    return ok


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
        verdict = rate_limit_check(request, checks)
        if not verdict:
            return _too_many(request, verdict, user)
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
    if request.method == "GET":
        # The key the user may already have scanned stays until confirmed or replaced.
        return _enrol_page(request, services.totp_device_pending(user=user), TotpForm())
    if request.POST.get("action") == "new":
        services.totp_device_start(user=user)
        messages.info(request, _(
            "Er is een nieuwe sleutel gemaakt. Verwijder de vorige uit uw authenticator-app en "
            "scan deze QR-code."
        ))
        return redirect("accounts:totp_enrol")
    device_id = request.POST.get("device", "")
    device = TotpDevice.objects.filter(
        pk=int(device_id) if device_id.isdigit() else 0, user=user, confirmed_at__isnull=True,
    ).first()
    if device is None:
        return redirect("accounts:totp_enrol")
    form = TotpForm(request.POST)
    verdict = rate_limit_check(request, [("enrol-user", str(user.pk)),
                                         ("enrol-user-hour", str(user.pk)),
                                         ("enrol-ip", ip_of(request))])
    if not verdict:
        return _too_many(request, verdict, user)
    if form.is_valid():
        codes = services.totp_device_confirm(request=request, user=user, device_id=device.pk,
                                             code=form.cleaned_data["code"])
        if codes is not None:
            # Shown once, in this POST response only (recovery codes are never re-displayable).
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error("code", _("Deze code is onjuist. Controleer de tijd op uw telefoon."))
    return _enrol_page(request, device, form)


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


@sensitive_post_parameters("code")
@never_cache
@require_POST
def recovery_codes_download(request: HttpRequest) -> HttpResponse:
    """The codes just shown, as a text file: only those that are the user's unused codes.

    The codes are stored hashed, so the page posts them back; a data: URL is blocked by the CSP.
    """
    codes = selectors.recovery_codes_unused_among(
        user=request.user, codes=request.POST.getlist("code")[:50]
    )
    if not codes:
        return HttpResponse(status=400)
    lines = [_("MijnPSO herstelcodes voor %(email)s") % {"email": request.user.email}, "",
             *codes, ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijnpso-herstelcodes.txt"'
    return response


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
        verdict = rate_limit_check(request, [("sudo-user", str(user.pk)),
                                             ("totp-user-hour", str(user.pk)),
                                             ("totp-ip", ip_of(request))])
        if not verdict:
            return _too_many(request, verdict, user)
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
        verdict = rate_limit_check(request, [("reset-ip", ip_of(request))])
        if not verdict:
            return _too_many(request, verdict)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if _mail_allowed(request, "reset-account", email):
                services.password_reset_request(request=request, email=email)
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
