"""Walk every URL pattern of the root URLconf as anonymous, password-only and outsider users.

Deny by default: only the allow-list below is reachable without a
verified second factor. A new public view must be added here on purpose.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

pytestmark = pytest.mark.django_db

# Reachable by anyone (views marked @login_not_required).
PUBLIC = {
    "core:home", "core:privacy", "core:terms", "core:accessibility", "register:search",
    "core:healthz", "set_language", "accounts:login", "accounts:login_totp",
    "accounts:login_recovery", "accounts:logout", "organisations:register", "accounts:check_email",
    "accounts:verify_email", "accounts:password_reset", "accounts:password_reset_confirm",
    "organisations:invitation", "admin:login", "register_moved", "mijnpso:rules",
    "core:glossary", "certification:agreement", "certification:agreement_version",
    "verify_certificate", "register:export", "register:check",
    "organisations:institution_invitation",
    # PSO-Nederland's news, its feeds and the newsletter's sign-up and sign-off (news/views.py).
    "news:list", "news:item", "news:image", "news:feed", "news:rss", "news:subscribe",
    "news:subscribe_sent", "news:confirm", "news:unsubscribe",
    # The open JSON API under /api/v1/: anonymous by design, it reads no cookies at all
    # (tests/register/test_api_cors_and_cookies.py). Each endpoint is listed on purpose.
    "api:api-root", "api:openapi-json", "api:openapi-view", "api:search_register",
    "api:get_certificate", "api:check_kvk", "api:check_kvk_bulk", "api:score",
}
# Additionally reachable with a password-only session (no verified second factor yet).
HALF = PUBLIC | {"accounts:totp_enrol"}

ENROL = "/account/tweestapsverificatie/"
SAMPLES = ["accounts", "1", "x", "MQ", "abc-def"]


def _fill_regex(regex: str) -> str:
    def group(match: re.Match) -> str:
        inner = match.group(2)
        return next((s for s in SAMPLES if re.fullmatch(inner, s)), "x")

    text = re.sub(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", group, regex)
    return text.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")


def _fill_route(route: str, number: int) -> str:
    def param(match: re.Match) -> str:
        converter = match.group(1) or "str"
        if converter == "int":
            return str(number)
        if converter == "uuid":
            return "12345678-1234-5678-1234-567812345678"
        return "x"

    return re.sub(r"<(?:(\w+):)?\w+>", param, route)


def _walk(resolver=None, prefix="", namespace="", number=1):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            part = _fill_route(str(pattern), number)
        elif isinstance(pattern, RegexPattern):
            part = _fill_regex(pattern.regex.pattern)
        else:  # LocalePrefixPattern and friends
            part = str(pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + part, ns, number)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else f"{namespace}<{part}>"
            yield name, "/" + prefix + part


def all_urls(number: int = 1):
    return sorted(set(_walk(number=number)))


def test_the_walk_finds_the_account_and_admin_urls():
    names = {name for name, _url in all_urls()}
    assert {"accounts:security", "organisations:detail", "admin:index"} <= names
    assert len(names) > 40


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login_everywhere_but_the_allow_list(client, method):
    leaks = []
    for name, url in all_urls():
        if name in PUBLIC:
            continue
        response = getattr(client, method)(url)
        location = response.get("Location", "")
        if response.status_code == 404:
            continue  # e.g. a sample value that does not resolve
        # Admin views send to the admin login, which is a redirect to ours (tested below).
        targets = ("/account/inloggen/", "/beheer/login/") if name.startswith("admin:") else (
            "/account/inloggen/",
        )
        if response.status_code != 302 or not location.startswith(targets):
            leaks.append((name, url, response.status_code, location))
    assert leaks == [], "\n".join(map(str, leaks))


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_password_only_session_reaches_nothing_but_the_allow_list(
    client, alice, password_only, method
):
    password_only(alice)
    leaks = []
    for name, url in all_urls():
        if name in HALF:
            continue
        response = getattr(client, method)(url)
        # The one right answer: set up the authenticator first.
        if response.status_code != 302 or response["Location"] != ENROL:
            leaks.append((name, url, response.status_code, response.get("Location")))
    assert leaks == [], "\n".join(map(str, leaks))


def test_a_staff_member_with_a_password_only_session_is_kept_out_of_the_admin(
    client, bo, password_only
):
    bo.is_superuser = True
    bo.save()
    password_only(bo)
    for name, url in all_urls():
        if name.startswith("admin:") and name != "admin:login":
            response = client.get(url)
            assert (response.status_code, response.get("Location")) == (302, ENROL), name


def test_the_admins_own_login_form_is_replaced_by_ours(client, bo, password):
    response = client.get("/beheer/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")
    client.post("/beheer/login/", {"username": bo.email, "password": password})
    assert "_auth_user_id" not in client.session


def test_an_outsider_gets_404_for_every_url_of_another_organisation(client, alice, charlie,
                                                                     login):
    login(charlie)
    organisation = alice.memberships.get().organisation
    membership = alice.memberships.get()
    seen = 0
    for number in {organisation.pk, membership.pk}:
        for name, url in all_urls(number=number):
            if name.startswith("organisations:") and "<" not in name and re.search(r"/\d+/", url):
                seen += 1
                answers = {method: getattr(client, method)(url).status_code
                           for method in ("get", "post")}
                # 404 for the method the view serves; 405 only for the one it never serves.
                assert 404 in answers.values(), (name, url, answers)
                assert set(answers.values()) <= {404, 405}, (name, url, answers)
    assert seen >= 5


def test_no_url_fails_with_a_server_error_for_a_verified_user(client, alice, login):
    login(alice)
    for name, url in all_urls():
        if name == "accounts:logout":
            continue
        response = client.get(url)
        assert response.status_code < 500, (name, url)
