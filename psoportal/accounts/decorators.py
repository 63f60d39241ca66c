from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from psoportal.accounts import auth_state


def second_factor_exempt(view):
    """Reachable by a logged-in user who has not (yet) verified a second factor."""
    view.second_factor_exempt = True
    return view


def require_sudo(view):
    """Password plus TOTP again within the last 30 minutes: sudo mode."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not auth_state.has_sudo(request.session):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:sudo')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
