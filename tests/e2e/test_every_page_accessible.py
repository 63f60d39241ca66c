"""Issue 15, item 6: axe-core finds 0 violations on every page of every role's journey.

The demo data (psoportal/demo seed_everything) plus two roles the demo lacks (an Adviseur of the
demo applicant and a CI-beheerder, added here through the models as the demo does). As each
role, in Dutch at 1280 px, crawl.py follows the links from the role's landing page (one page
per kind of URL, GET only), runs axe-core on each page and notes every error answer; all
problems of all roles are reported at once. Each role must also reach the pages its journey
cannot do without, so a crawl that silently reaches nothing fails.

The languages and widths are covered per page by the journey sweeps
(test_applicant_journey_accessible.py, test_certification_pages_accessible.py, ...); here the
breadth is the point.

CI (the default) opens each kind of page once over all roles: a later role skips the kinds an
earlier one checked, except the pages of its own journey, and stops at MAX_PAGES a role.
PSO_A11Y_FULL=1 opens every kind of page every role can reach (and fails if the bound left any).
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client

from psoportal.accounts.demo import demo_user
from psoportal.accounts.models import User
from psoportal.buyers.demo import DEMO_BUYER_EMAIL
from psoportal.demo.seeding import seed_everything
from psoportal.organisations.demo import demo_applicant
from psoportal.organisations.models import CertifyingInstitution, InstitutionMembership, Membership
from tests.conftest import full_login
from tests.e2e.crawl import crawl, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FULL = bool(os.environ.get("PSO_A11Y_FULL"))
# At most this many pages per role. The full crawl of the demo reaches about 35 per role.
MAX_PAGES = 200 if FULL else 30

LOGIN_PATH = "/account/inloggen/"
ADVISER_EMAIL = "aad@adviesbureau.demo"
BEHEERDER_EMAIL = "karin@keurmerk-cert.demo"

_REKENTOOL_STEPS = {f"/mijnpso/rekentool/<id>/{step}/" for step in (
    "gegevens", "doelgroep", "inkopen", "score", "kwalitatief", "aanvraag")}

# role -> (e-mail of the demo login, None for a visitor; landing page; the kinds of page its
# journey needs, which its own crawl must open)
ROLES: dict[str, tuple[str | None, str, set[str]]] = {
    "anonymous visitor": (None, "/", {
        "/", "/register/", "/register/controleren/", "/certificaat/<id>/",
        "/organisatie/registreren/", "/account/inloggen/", "/nieuws/", "/nieuws/aanmelden/",
    }),
    "applicant (Accounthouder)": ("alice@voorbeeld-schoonmaak.demo", "/mijnpso/", {
        "/mijnpso/", "/mijnpso/organisatie/<id>/", "/mijnpso/organisatie/<id>/rekentools/",
        *_REKENTOOL_STEPS, "/organisatie/<id>/", "/account/beveiliging/",
    }),
    "applicant with a certificate": ("gerrit@groen-schoon.demo", "/mijnpso/", {
        "/mijnpso/", "/mijnpso/aanvraag/<id>/", "/mijnpso/rekentool/<id>/aanvraag/",
    }),
    "applicant with an open invoice": ("zoe@zorgenco.demo", "/mijnpso/", {
        "/mijnpso/", "/mijnpso/aanvraag/<id>/",
    }),
    "colleague (Collega)": ("bob@voorbeeld-schoonmaak.demo", "/mijnpso/", {
        "/mijnpso/", "/mijnpso/organisatie/<id>/rekentools/", "/mijnpso/rekentool/<id>/",
        "/mijnpso/rekentool/<id>/gegevens/", "/mijnpso/rekentool/<id>/score/",
    }),
    "adviser (Adviseur)": (ADVISER_EMAIL, "/mijnpso/", {
        "/mijnpso/", "/mijnpso/organisatie/<id>/rekentools/", "/mijnpso/rekentool/<id>/",
        "/mijnpso/rekentool/<id>/gegevens/", "/mijnpso/rekentool/<id>/score/",
    }),
    "CI auditor": ("audrey@keurmerk-cert.demo", "/mijnpso/", {
        "/mijnpso/instelling/", "/mijnpso/instelling/offerteaanvraag/<id>/",
        "/mijnpso/aanvraag/<id>/", "/mijnpso/aanvraag/<id>/audit/",
        "/mijnpso/aanvraag/<id>/audit/checklist/", "/mijnpso/aanvraag/<id>/audit/rapport/",
    }),
    "CI-beheerder": (BEHEERDER_EMAIL, "/mijnpso/", {
        "/mijnpso/instelling/", "/mijnpso/instelling/team/<id>/",
    }),
    "PSO-Nederland staff": ("bo@pso-nederland.demo", "/mijnpso/", {
        "/mijnpso/pso-nederland/", "/mijnpso/pso-nederland/instellingen/",
        "/mijnpso/pso-nederland/kostenposten/", "/mijnpso/pso-nederland/facturen/",
        "/mijnpso/pso-nederland/handboeken/", "/mijnpso/pso-nederland/nieuws/",
        "/mijnpso/aanvraag/<id>/",
    }),
    "buyer (inkoper)": (DEMO_BUYER_EMAIL, "/mijnpso/", {
        "/inkoop/<id>/", "/inkoop/<id>/leveranciers/", "/inkoop/<id>/leveranciers/<id>/",
        "/inkoop/<id>/signalen/", "/inkoop/<id>/inkoopbeleid/", "/inkoop/<id>/leveranciersbrief/",
    }),
}


def _roles_the_demo_lacks() -> None:
    """An Adviseur of the demo applicant and a CI-beheerder of the first demo institution."""
    adviser = demo_user(ADVISER_EMAIL, "Aad Adviseur", job_title="Adviseur")
    Membership.objects.get_or_create(organisation=demo_applicant(), user=adviser,
                                     defaults={"role": Membership.Role.ADVISEUR})
    beheerder = demo_user(BEHEERDER_EMAIL, "Karin Keurmerk", job_title="Directeur")
    institution = CertifyingInstitution.objects.order_by("name").first()
    InstitutionMembership.objects.get_or_create(
        institution=institution, user=beheerder,
        defaults={"role": InstitutionMembership.Role.BEHEERDER})


def test_every_page_every_role_reaches_has_no_axe_violation(live_server, browser):
    seed_everything()
    _roles_the_demo_lacks()
    results, unreached = [], []
    checked: set[str] = set()  # kinds checked so far, by any role
    for role, (email, landing, must_reach) in ROLES.items():
        context = browser.new_context(base_url=live_server.url,
                                      viewport={"width": 1280, "height": 900})
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "nl",
                    "url": live_server.url}]
        if email is not None:
            client = full_login(Client(), User.objects.get(email=email))
            cookies.append({"name": settings.SESSION_COOKIE_NAME,
                            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                            "url": live_server.url})
        context.add_cookies(cookies)
        page = context.new_page()
        page.set_default_timeout(10_000)
        # CI: a kind of page an earlier role checked is not opened again, unless this role's
        # journey needs it (then its own crawl must reach it). The full crawl opens everything.
        skip = frozenset() if FULL else frozenset(checked - must_reach)
        result = crawl(page, live_server.url, landing, role=role, max_pages=MAX_PAGES,
                       checked_elsewhere=skip)
        context.close()
        checked |= result.kinds
        results.append(result)
        missing = sorted(must_reach - result.kinds)
        if missing:
            unreached.append(f"{role} did not reach {', '.join(missing)}")
        # A page that sends a logged-in role to the login form was not checked as that role.
        logged_out = [url for url, landed in result.redirects.items()
                      if email is not None and landed.startswith(LOGIN_PATH)]
        if logged_out:
            unreached.append(f"{role} was sent to the login page by {', '.join(logged_out)}")
        if FULL and result.left_unvisited:
            unreached.append(f"{role}: {result.left_unvisited} kinds of page left at the bound")
    for result in results:  # shown with -s: what each role's crawl covered
        print(f"\n{result.role}: {len(result.pages)} pages", *result.pages, sep="\n  ")
    print(report(results))
    problems = [p for r in results for p in r.problems.values()]
    if problems or unreached:
        pytest.fail("\n".join(unreached) + "\n" + report(results), pytrace=False)
