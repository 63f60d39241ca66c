"""Which item of the main menu the current page belongs to, for `aria-current="page"`.

One table from URL names to menu items, so every item (not only "Home" and "MijnPSO") tells
screen-reader users where they are. Names are strings: core stays below the apps it names.
"""

from __future__ import annotations

from django.http import HttpRequest

# (namespace, url name or None for the whole namespace) -> menu item
_SECTIONS: dict[tuple[str, str | None], str] = {
    ("core", "home"): "home",
    ("register", None): "register",
    ("news", None): "news",
    ("news_staff", None): "pso_nederland",
    ("mijnpso", None): "mijnpso",
    ("certification", None): "mijnpso",
    ("certification", "institution"): "institution",
    ("certification", "institution_quote"): "institution",
    ("organisations", "institution_team"): "institution",
    ("organisations", "institution_team_invite"): "institution",
    # PSO-Nederland's own pages (staff).
    ("organisations", "institutions"): "pso_nederland",
    ("organisations", "institution_new"): "pso_nederland",
    ("organisations", "institution_detail"): "pso_nederland",
    ("organisations", "institution_edit"): "pso_nederland",
    ("organisations", "institution_invite"): "pso_nederland",
    ("certification", "pso_workspace"): "pso_nederland",
    ("certification", "award"): "pso_nederland",
    ("", "verify_certificate"): "register",
    ("certification", "fee_events"): "pso_nederland",
    ("register_import", None): "pso_nederland",
    ("handbooks", None): "pso_nederland",
    ("buyers", None): "buyers",
    ("organisations", "mine"): "organisation",
    ("organisations", "detail"): "organisation",
    ("organisations", "invite"): "organisation",
    ("organisations", "register"): "signup",
    ("accounts", "security"): "security",
    ("accounts", "sessions_end_others"): "security",
    ("accounts", "password_change"): "security",
    ("accounts", "recovery_codes"): "security",
    ("accounts", "totp_enrol"): "security",
    ("accounts", "sudo"): "security",
    ("accounts", "login"): "login",
    ("accounts", "login_totp"): "login",
    ("accounts", "login_recovery"): "login",
    ("accounts", "password_reset"): "login",
}


def current_section(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    namespace = match.namespace or ""
    return _SECTIONS.get((namespace, match.url_name)) or _SECTIONS.get((namespace, None))


def navigation(request: HttpRequest) -> dict[str, str | None]:
    """Context processor: `nav_section` names the menu item of this page (or None)."""
    return {"nav_section": current_section(request)}
