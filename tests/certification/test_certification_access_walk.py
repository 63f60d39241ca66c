"""Who reaches which page of the certification flow and of institution management: every URL
pattern of the `certification` namespace and of the institutions (`organisations:institution*`)
walked from the URL resolver, table-driven (docs/role-matrix.md).

Each URL has a rule: the methods its view serves, the personas it serves, and a POST that would
change something for them. Everyone else gets 404 for every method the view serves, and their
POST changes nothing in the database; a CI-auditor on the own CI's team pages gets the role
matrix's 403 instead. A URL without a rule fails the first test, so a new page must say who may
use it. Each rule is proven from both sides: the personas it serves get the page (GET 200), and
its POST changes the database when one of them sends it (inside a rolled-back savepoint).

The state (tests/certification/full_state.py) holds Voorbeeld B.V.'s applications in every state
with their audits, checks, corrections, reports, certificates, fee events and changes. Personas:
alice (applicant), audrey (auditor of Keurmerk, the CI of every accepted quote), ben
(CI-beheerder of Keurmerk), otto (auditor of another CI), bo (PSO-Nederland), charlie (a member
of another organisation).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from psoportal.accounts.models import User
from psoportal.certification.models import AuditCheck, Certificate
from tests.accounts.test_url_walk import all_urls
from tests.certification.full_state import PDF, FullState, build_full_state
from tests.conftest import full_login

pytestmark = pytest.mark.django_db

PERSONAS = ("alice", "audrey", "ben", "otto", "bo", "charlie")
APPLICANT = frozenset({"alice"})
CI = frozenset({"audrey", "ben"})  # members of the institution of the accepted quote
STAFF = frozenset({"bo"})
PARTIES = APPLICANT | CI | STAFF
BEHEERDER = frozenset({"ben"})

# Reachable without logging in (tests/accounts/test_url_walk.py keeps the public list).
PUBLIC = {"certification:agreement", "certification:agreement_version",
          "organisations:institution_invitation"}


def in_scope(name: str) -> bool:
    return name.startswith(("certification:", "organisations:institution"))


@dataclass(frozen=True)
class Rule:
    methods: tuple[str, ...]
    allowed: frozenset[str]
    kwargs: Callable[[FullState], dict] = lambda s: {}
    # A POST that changes the database when an allowed persona (`post_as`) sends it.
    data: Callable[[FullState], dict] = lambda s: {}
    post_as: str = ""
    # Set up in the savepoint before the allowed POST (e.g. the checklist judged).
    prepare: Callable[[FullState], None] | None = None
    # Members whose role does not allow it: 403 (docs/role-matrix.md), not 404.
    forbidden: frozenset[str] = field(default_factory=frozenset)


def _app(name: str) -> Callable[[FullState], dict]:
    return lambda s: {"application_id": s.apps[name].pk}


def _today(days: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _institution_data(s: FullState, **changes) -> dict:
    data = {"name": "Nieuwe Certificering B.V.", "kvk": "30000001", "city": "Zwolle",
            "website": "https://nieuwe-certificering.example", "accreditation": "RvA C 999",
            "accreditation_valid_until": "", "contact_name": "Nina Nieuw",
            "contact_email": "nina@nieuwe-certificering.example", "contact_phone": "0381234567"}
    data.update(changes)
    return data


def _all_met(s: FullState) -> dict:
    """Every check of the planned audit judged "voldoet" (the form reads those it shows)."""
    data = {}
    for check in AuditCheck.objects.filter(audit__application=s.apps["planned"]):
        data[f"outcome_{check.pk}"] = "met"
        data[f"note_{check.pk}"] = ""
    return data


def _judge_all(s: FullState) -> None:
    AuditCheck.objects.filter(audit__application=s.apps["planned"]).update(outcome="met")


def _report(s: FullState) -> dict:
    return {"findings": "Alles aangetoond.", "recommended_level": "trede_2",
            "report_file": SimpleUploadedFile("Rapport.pdf", PDF, content_type="application/pdf")}


def _row(s: FullState) -> dict:
    return {"category": "wia", "contract": "regular", "hours_per_week": "20",
            "employed_from": "2018-01-01", "employed_until": "", "inflow_date": "2018-01-01",
            "lks_until": "", "indication_until": "", "school_left": "",
            "note": "Loonstroken over het peiljaar ingezien."}


def _team(s: FullState) -> dict:
    return {"institution_id": s.institution.pk}


def _invitation(s: FullState) -> dict:
    return {"institution_id": s.institution.pk,
            "invitation_id": s.institution.invitations.get().pk}


def _audrey_membership(s: FullState) -> dict:
    return {"institution_id": s.institution.pk,
            "membership_id": s.audrey.institution_memberships.get().pk}


RULES: dict[str, Rule] = {
    # Step 6: the applicant's rekentool.
    "certification:step6": Rule(("GET",), APPLICANT, lambda s: {"rekentool_id": s.fresh.pk}),
    "certification:quotes_request": Rule(
        ("POST",), APPLICANT, lambda s: {"rekentool_id": s.fresh.pk},
        data=lambda s: {"institutions": [s.institution.pk]}),
    "certification:quote_accept": Rule(
        ("POST",), APPLICANT,
        lambda s: {"rekentool_id": s.quoting.pk, "quote_id": s.open_quote.pk}),
    "certification:quote_pdf": Rule(
        ("GET",), PARTIES, lambda s: {"quote_id": s.apps["submitted"].accepted_quote_id}),
    "certification:submit": Rule(
        ("POST",), APPLICANT, lambda s: {"rekentool_id": s.ready.pk},
        data=lambda s: {"submission_key": uuid.uuid4().hex, "authorised": "on",
                        "agreement_accepted": "on", "turnover": "1250000"}),
    # The application page every party shares, and its transitions.
    "certification:application": Rule(("GET",), PARTIES, _app("awarded")),
    "certification:application_step": Rule(
        ("POST",), PARTIES, _app("awarded"), data=lambda s: {"transition": "withdraw"},
        post_as="alice"),
    # The certifying institution.
    "certification:institution": Rule(("GET",), CI | {"otto"}),
    "certification:institution_quote": Rule(
        ("GET", "POST"), CI, lambda s: {"request_id": s.open_request.pk},
        data=lambda s: {"man_days": "2", "day_rate": "1100", "valid_until": _today(30)}),
    "certification:audit": Rule(
        ("GET", "POST"), CI, _app("planned"),
        data=lambda s: {"first_day": _today(1), "last_day": _today(2)}),
    "certification:audit_checklist": Rule(("GET", "POST"), CI, _app("planned"), data=_all_met),
    "certification:audit_corrections": Rule(
        ("GET", "POST"), CI, _app("planned"),
        data=lambda s: {"total_fte": "480", "average_headcount": "55",
                        "sw_seconded_out_fte": "0", "note": "Jaarrekening ingezien."}),
    "certification:audit_correct_row": Rule(
        ("GET", "POST"), CI, lambda s: {"application_id": s.apps["planned"].pk, "row": 0},
        data=_row),
    "certification:audit_report": Rule(("GET", "POST"), CI, _app("planned"), data=_report,
                                       prepare=_judge_all),
    "certification:audit_report_download": Rule(("GET",), PARTIES, _app("filed")),
    # PSO-Nederland.
    "certification:pso_workspace": Rule(("GET",), STAFF),
    "certification:award": Rule(("GET", "POST"), STAFF, _app("filed"),
                                data=lambda s: {"level": "trede_2"}),
    "certification:fee_events": Rule(("GET",), STAFF),
    "certification:certificate_pdf": Rule(
        ("GET",), PARTIES,
        lambda s: {"certificate_id": s.certificate("awarded", Certificate.Kind.LEVEL).pk}),
    # Changes after submission and recertification: the applicant only.
    "certification:change": Rule(
        ("GET", "POST"), APPLICANT,
        lambda s: {"application_id": s.apps["submitted"].pk, "kind": "change_of_ci"},
        data=lambda s: {"quote": s.switch_quote.pk, "confirm": "on"}),
    "certification:recertify": Rule(("POST",), APPLICANT, _app("awarded")),
    # PSO-Nederland's list of certifying institutions.
    "organisations:institutions": Rule(("GET",), STAFF),
    "organisations:institution_new": Rule(("GET", "POST"), STAFF, data=_institution_data),
    "organisations:institution_detail": Rule(("GET",), STAFF, _team),
    "organisations:institution_edit": Rule(
        ("GET", "POST"), STAFF, _team,
        data=lambda s: _institution_data(s, name=s.institution.name, kvk=s.institution.kvk)),
    "organisations:institution_active": Rule(("POST",), STAFF, _team,
                                             data=lambda s: {"active": "0"}),
    "organisations:institution_invite": Rule(
        ("POST",), STAFF, _team,
        data=lambda s: {"email": "nieuw@keurmerk.example", "role": "auditor"}),
    "organisations:institution_invitation_revoke": Rule(("POST",), STAFF, _invitation),
    "organisations:institution_member_remove": Rule(("POST",), STAFF, _audrey_membership),
    # The CI-beheerder's own team page: an auditor of the same CI gets 403 (role matrix).
    "organisations:institution_team": Rule(("GET",), BEHEERDER, _team,
                                           forbidden=frozenset({"audrey"})),
    "organisations:institution_team_invite": Rule(
        ("POST",), BEHEERDER, _team,
        data=lambda s: {"email": "nieuw@keurmerk.example", "role": "auditor"},
        forbidden=frozenset({"audrey"})),
    "organisations:institution_team_invitation_revoke": Rule(
        ("POST",), BEHEERDER, _invitation, forbidden=frozenset({"audrey"})),
    "organisations:institution_team_member_remove": Rule(
        ("POST",), BEHEERDER, _audrey_membership, forbidden=frozenset({"audrey"})),
}


# -- helpers ----------------------------------------------------------------------------------


def _fingerprint() -> dict[str, int]:
    """A hash of every row of the tables a page of this walk could write to."""
    seen = {}
    for label in ("core", "organisations", "assessments", "certification", "django_tasks_database"):
        for model in django_apps.get_app_config(label).get_models():
            rows = model.objects.order_by("pk").values_list()
            seen[model._meta.label] = hash(repr(list(rows)))
    seen["accounts.User"] = hash(repr(list(User.objects.order_by("pk").values_list(
        "pk", "email", "full_name", "is_staff", "is_active"))))
    return seen


def _changed(before: dict[str, int]) -> list[str]:
    after = _fingerprint()
    return sorted(label for label in before if before[label] != after[label])


@pytest.fixture
def state() -> FullState:
    return build_full_state()


@pytest.fixture
def clients(state) -> dict[str, Client]:
    return {name: full_login(Client(), getattr(state, name)) for name in PERSONAS}


def _url(state: FullState, name: str) -> str:
    return reverse(name, kwargs=RULES[name].kwargs(state))


def _send(client: Client, method: str, url: str, data: dict | None = None):
    return client.get(url) if method == "GET" else client.post(url, data or {})


# -- the table covers every URL --------------------------------------------------------------


def test_every_url_of_the_certification_flow_and_institution_management_has_a_rule():
    names = {name for name, _url in all_urls() if in_scope(name)}
    assert names - PUBLIC - set(RULES) == set(), "a URL without a rule: say who may use it"
    assert set(RULES) - names == set(), "a rule for a URL that no longer exists"
    assert names >= PUBLIC


def test_each_rule_lists_exactly_the_methods_its_view_serves(state, clients):
    """A method the rule leaves out answers 405 (so the walk below misses no method)."""
    wrong = []
    for name, rule in RULES.items():
        client = clients[sorted(rule.allowed)[0]]
        for method in {"GET", "POST"} - set(rule.methods):
            status = _send(client, method, _url(state, name)).status_code
            if status != 405:
                wrong.append((name, method, status))
    assert wrong == []


# -- from the side of those a rule serves ------------------------------------------------------


def test_every_persona_a_rule_serves_gets_its_page(state, clients):
    wrong = []
    for name, rule in RULES.items():
        if "GET" not in rule.methods:
            continue
        for persona in sorted(rule.allowed):
            status = clients[persona].get(_url(state, name)).status_code
            if status != 200:
                wrong.append((name, persona, status))
    assert wrong == []


def test_the_post_of_each_rule_changes_the_database_when_a_persona_it_serves_sends_it(
    state, clients
):
    """So the outsiders' POSTs below, with the same data, prove something when they change
    nothing. Each runs in a savepoint that is rolled back."""
    unchanged = []
    for name, rule in RULES.items():
        if "POST" not in rule.methods:
            continue
        persona = rule.post_as or sorted(rule.allowed)[0]
        with transaction.atomic():
            if rule.prepare:
                rule.prepare(state)
            before = _fingerprint()
            response = clients[persona].post(_url(state, name), rule.data(state))
            changed = _changed(before)
            transaction.set_rollback(True)
        if response.status_code != 302 or not changed:
            unchanged.append((name, persona, response.status_code, changed))
    assert unchanged == []


# -- from everyone else's side -----------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_a_rule_does_not_serve_gets_404_and_changes_nothing(state, clients, persona):
    client = clients[persona]
    wrong = []
    checked = 0
    for name, rule in RULES.items():
        if persona in rule.allowed:
            continue
        expected = 403 if persona in rule.forbidden else 404
        url = _url(state, name)
        for method in rule.methods:
            with transaction.atomic():
                if method == "POST" and rule.prepare:
                    rule.prepare(state)
                before = _fingerprint()
                status = _send(client, method, url, rule.data(state)).status_code
                changed = _changed(before)
                transaction.set_rollback(True)
            checked += 1
            if status != expected or changed:
                wrong.append((name, method, status, changed))
    assert wrong == []
    assert checked >= 10
