"""Every URL pattern of the site (psoportal/urls.py, its includes, the API and the admin), each
with a concrete URL naming a real object of the matrix's world (tests/authorization/world.py).

A pattern is known by its name with namespace (`certification:award`); a pattern without a name
(some of the admin's) by its route. Parameters are filled by name from PARAMS; OVERRIDES give the
patterns whose parameter must name another object (the application the page is about depends on
the state the page needs, the organisation of the buyer pages is the buyer's).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from psoportal.accounts.models import User
from psoportal.certification.agreement import CURRENT_VERSION
from tests.authorization.world import World


@dataclass(frozen=True)
class Pattern:
    key: str
    route: str  # the full route, parameters as written in the URLconf


def _route_of(entry) -> str:
    pattern = entry.pattern
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    if isinstance(pattern, RegexPattern):
        return pattern.regex.pattern.lstrip("^").replace("\\Z", "").rstrip("$")
    return str(pattern)


def url_patterns(resolver=None, prefix: str = "", namespace: str = "") -> Iterator[Pattern]:
    """Every pattern, included ones too, in URLconf order."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + _route_of(entry)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield Pattern(f"{namespace}{entry.name}" if entry.name else f"{namespace}{route}",
                          route)


def _application(state: str) -> Callable[[World], Any]:
    return lambda w: w.state.apps[state].pk


# Parameter name → its value in the world.
PARAMS: dict[str, Callable[[World], Any]] = {
    "organisation_id": lambda w: w.organisation.pk,
    "rekentool_id": lambda w: w.rekentool.pk,
    "application_id": lambda w: w.application.pk,
    "institution_id": lambda w: w.institution.pk,
    "membership_id": lambda w: w.bob_membership.pk,
    "invitation_id": lambda w: w.invitation.pk,
    "entity_id": lambda w: w.entity.pk,
    "employee_id": lambda w: w.employee.pk,
    "purchase_id": lambda w: w.purchase.pk,
    "quote_id": lambda w: w.state.apps["submitted"].accepted_quote_id,
    "request_id": lambda w: w.state.open_request.pk,
    "certificate_id": lambda w: w.certificate.pk,
    "invoice_id": lambda w: w.invoice.pk,
    "code_id": lambda w: w.discount.pk,
    "payment_id": lambda w: w.payment.pk,
    "batch_id": lambda w: w.register_import.pk,
    "version_id": lambda w: w.handbook.pk,
    "migration_id": lambda w: w.migration.pk,
    "item_id": lambda w: w.news.pk,
    "slug": lambda w: w.news.slug,
    "supplier_id": lambda w: w.supplier.pk,
    "alert_id": lambda w: w.alert.pk,
    "category_id": lambda w: w.category.pk,
    "assessment_id": lambda w: w.assessment.pk,
    "recipient_id": lambda w: w.recipient.pk,
    "row": lambda w: 0,
    "kind": lambda w: "change_of_ci",
    "version": lambda w: CURRENT_VERSION,
    "fmt": lambda w: "csv",
    "code": lambda w: w.certificate.verification_code,
    "number": lambda w: w.certificate.number,
    "token": lambda w: w.invitation_token,
    "uidb64": lambda w: w.reset_uid,
    "app_label": lambda w: "accounts",
    "content_type_id": lambda w: ContentType.objects.get_for_model(w.organisation).pk,
    "url": lambda w: "onbekend/",
}

OVERRIDES: dict[str, dict[str, Callable[[World], Any]]] = {
    # Step 6 pages of a draft in the state each needs.
    "certification:quote_accept": {"rekentool_id": lambda w: w.state.quoting.pk,
                                   "quote_id": lambda w: w.state.open_quote.pk},
    "certification:submit": {"rekentool_id": lambda w: w.state.ready.pk},
    "handbooks:migration_seen": {"rekentool_id": lambda w: w.migration.rekentool_id},
    # The application pages in the state each needs.
    "certification:award": {"application_id": _application("filed")},
    "certification:audit_report_download": {"application_id": _application("filed")},
    "certification:recertify": {"application_id": _application("awarded")},
    "certification:change": {"application_id": _application("submitted")},
    "billing:discount_redeem": {"application_id": _application("submitted")},
    # Institution management: Audrey's own membership, Keurmerk's open invitation.
    "organisations:institution_member_remove": {"membership_id": lambda w: w.audrey_membership.pk},
    "organisations:institution_team_member_remove": {
        "membership_id": lambda w: w.audrey_membership.pk},
    "organisations:institution_invitation_revoke": {"invitation_id": lambda w: w.ci_invitation.pk},
    "organisations:institution_team_invitation_revoke": {
        "invitation_id": lambda w: w.ci_invitation.pk},
    "organisations:institution_invitation": {"token": lambda w: w.ci_invitation_token},
    # Tokens sent by e-mail.
    "accounts:verify_email": {"token": lambda w: w.verify_token},
    # Made when asked: the token holds the last login, which the personas' logins moved.
    "accounts:password_reset_confirm": {"token": lambda w: default_token_generator.make_token(
        User.objects.get(pk=w.state.alice.pk))},
    "news:confirm": {"token": lambda w: w.subscriber_confirm},
    "news:unsubscribe": {"token": lambda w: w.subscriber_unsubscribe},
    # Downloads in the formats each offers.
    "mijnpso:export": {"fmt": lambda w: "xlsx"},
    "billing:export": {"fmt": lambda w: "csv"},
}


# The query string a pattern's URL needs to be a meaningful request.
QUERIES: dict[str, str] = {
    "api:check_kvk": "?kvk=12345678",
}


def _admin_object(route: str) -> Any:
    """The first row of the model an admin URL names (beheer/<app>/<model>/<id>/...)."""
    app_label, model_name = route.split("/")[1:3]
    row = apps.get_model(app_label, model_name).objects.order_by("pk").first()
    return row.pk if row is not None else 0


def _value(pattern: Pattern, name: str, world: World) -> str:
    if name in OVERRIDES.get(pattern.key, {}):
        return str(OVERRIDES[pattern.key][name](world))
    if name == "object_id" and pattern.key == "admin:view_on_site":
        return str(world.organisation.pk)
    if name == "object_id":
        return str(_admin_object(pattern.route))
    if pattern.key.startswith("buyers:") and name == "organisation_id":
        return str(world.buyer_organisation.pk)
    return str(PARAMS[name](world))


def concrete_url(pattern: Pattern, world: World) -> str:
    """The pattern's route with each parameter replaced by the world's object."""
    # Regex groups first: their `(?P<name>` must not be read as a route's `<name>`.
    route = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)",
                   lambda m: _value(pattern, m.group(1), world), pattern.route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: _value(pattern, m.group(1), world), route)
    return "/" + route + QUERIES.get(pattern.key, "")
