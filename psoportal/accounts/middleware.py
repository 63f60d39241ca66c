"""Session lifetime and the mandatory second factor, enforced for every request."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.accounts import auth_state
from psoportal.accounts.events import security_event_record
from psoportal.accounts.models import SecurityEvent, TotpDevice, UserSession

TOUCH_EVERY = 60


class SessionLifetimeMiddleware:
    """Idle timeout 30 min and absolute lifetime 12 h from server-side timestamps.

    A verified session must also still be listed in UserSession; deleting that row (the user's
    "end other sessions", a password or 2FA change, the back office) ends it at the next request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        now = int(time.time())
        auth_at, seen_at = session.get(auth_state.AUTH_AT), session.get(auth_state.SEEN_AT)
        reason = None
        if not isinstance(auth_at, int) or now - auth_at > settings.SESSION_ABSOLUTE_TIMEOUT:
            reason = "absolute"
        elif not isinstance(seen_at, int) or now - seen_at > settings.SESSION_IDLE_TIMEOUT:
            reason = "idle"
        elif auth_state.is_verified(session):
            listed = UserSession.objects.filter(
                session_key=session.session_key, user=request.user
            )
            if now - seen_at >= TOUCH_EVERY:
                if not listed.update(last_seen_at=timezone.now()):
                    reason = "ended"
            elif not listed.exists():
                reason = "ended"
        if reason is not None:
            user = request.user
            security_event_record(event_type=SecurityEvent.Type.SESSION_EXPIRED, request=request,
                                  actor=user, subject=user, details={"reason": reason})
            UserSession.objects.filter(session_key=session.session_key).delete()
            logout(request)
            messages.info(request, _("Uw sessie is verlopen. Log opnieuw in."))
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return redirect(f"{reverse('accounts:login')}{'?' + query if query else ''}")
        if now - seen_at >= TOUCH_EVERY:
            session[auth_state.SEEN_AT] = now
        return None


class SecondFactorMiddleware:
    """Deny by default: nothing but the allow-list without a verified second factor.

    Anonymous visitors are handled by LoginRequiredMiddleware. Views reachable by everyone are
    marked @login_not_required; views a half-authenticated user may see (enrolment, logout,
    verification) are marked @second_factor_exempt. The admin site gets no exception.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        # Django marks admin views login_not_required and lets the admin check itself; we do
        # not rely on that: the back office always needs a verified second factor.
        in_admin = match is not None and match.namespace == "admin"
        if not in_admin:
            if not getattr(view_func, "login_required", True):
                return None
            if getattr(view_func, "second_factor_exempt", False):
                return None
        if request.user.email_verified_at is None:
            return redirect("accounts:check_email")
        if auth_state.is_verified(request.session):
            return None
        if TotpDevice.objects.filter(user=request.user, confirmed_at__isnull=False).exists():
            # A session that has a device but skipped the TOTP step: start again.
            logout(request)
            return redirect("accounts:login")
        return redirect("accounts:totp_enrol")
