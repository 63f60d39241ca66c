"""The authorization matrix: who gets what from every URL pattern of the site.

The expected outcomes are data, `expected.txt` next to this file: one line per URL pattern, the
method the matrix sends and one outcome per persona. `observe` asks the site; the test compares
the two, and docs/authorization.md is written from the table (tests/authorization/doc.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, resolve

from psoportal.accounts import auth_state
from tests.authorization.patterns import Pattern, concrete_url
from tests.authorization.world import World
from tests.conftest import full_login, give_sudo

EXPECTED_PATH = Path(__file__).with_name("expected.txt")

# (key, column heading, who it is): the order of the table's columns.
PERSONAS: tuple[tuple[str, str, str], ...] = (
    ("anonymous", "anon", "not logged in"),
    ("unverified", "unverif", "Collega of the applicant whose e-mail address is not confirmed "
     "(with a session after both factors, which the login never hands out: the worst case)"),
    ("password_only", "pw-only", "Collega of the applicant, password given, no second factor "
     "set up yet"),
    ("applicant", "applic", "Accounthouder of the applicant organisation (Alice)"),
    ("colleague", "collega", "Collega of the applicant organisation (Bob)"),
    ("adviser", "adviser", "Adviseur of the applicant organisation (Adam)"),
    ("other_organisation", "other-org", "Accounthouder of another organisation (Charlie)"),
    ("buyer", "buyer", "Accounthouder of a buying organisation with its workspace (Ingrid)"),
    ("other_ci", "other-ci", "auditor of another certifying institution (Otto)"),
    ("ci_auditor", "ci-audit", "auditor of the CI of the application's accepted quote (Audrey)"),
    ("pso", "pso", "PSO-Nederland staff (Bo), a superuser in the back office"),
)
PERSONA_KEYS = tuple(key for key, _, _ in PERSONAS)
METHODS = ("GET", "POST")

# Where a redirect goes, in the table's words.
REDIRECTS = {
    "accounts:login": "login",
    # The admin's own login only sends on to ours (psoportal/urls.py).
    "admin:login": "login",
    "accounts:totp_enrol": "2fa",
    "accounts:check_email": "email",
}


@dataclass(frozen=True)
class Row:
    key: str
    method: str
    outcomes: tuple[str, ...]

    def line(self, width: int) -> str:
        return " ".join([self.key.ljust(width), self.method.ljust(4)]
                        + [o.ljust(9) for o in self.outcomes]).rstrip()


def expected_rows(path: Path = EXPECTED_PATH) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = text.split("#", 1)[0].strip() if text.lstrip().startswith("#") else text.strip()
        if not text:
            continue
        key, method, *outcomes = text.split()
        if method not in METHODS or len(outcomes) != len(PERSONAS) or key in rows:
            raise ValueError(f"{path.name}:{number}: a pattern, GET or POST and "
                             f"{len(PERSONAS)} outcomes, once per pattern: {text!r}")
        rows[key] = Row(key, method, tuple(outcomes))
    return rows


def outcome(response: HttpResponse) -> str:
    """200, 403, 404, 405 …, or a redirect in words: login, 2fa, email or >url-name."""
    if response.status_code not in (301, 302, 303, 307, 308):
        return str(response.status_code)
    path = urlsplit(response["Location"]).path
    try:
        match = resolve(path)
    except Resolver404:
        return ">" + path
    name = match.view_name
    return REDIRECTS.get(name, ">" + name)


class Personas:
    """One logged-in session per persona, made once; each request starts from it again."""

    def __init__(self, world: World) -> None:
        self.sessions: dict[str, str | None] = {}
        for key in PERSONA_KEYS:
            user = world.users[key]
            if user is None:
                self.sessions[key] = None
                continue
            client = Client()
            if key == "password_only":
                # As tests/conftest.py's password_only: the password step, no authenticator.
                client.force_login(user)
                session = client.session
                auth_state.mark_authenticated(session, verified=False)
                session.save()
            else:
                # Sudo too (re-authenticated just now): a page behind sudo shows who may use
                # it, not the re-authentication step in front of it.
                give_sudo(full_login(client, user))
            self.sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def client(self, key: str) -> Client:
        client = Client(raise_request_exception=False)
        if self.sessions[key]:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[key]
        return client


def ask(personas: Personas, persona: str, method: str, url: str,
        fingerprint: Fingerprint | None = None) -> tuple[str, bool]:
    """The outcome of one cell, and whether the database changed (when `fingerprint` is given).

    Every request runs in a savepoint rolled back afterwards, so no cell changes the world
    another cell sees; rate limits (in the cache) start afresh for every cell.
    """
    cache.clear()
    with transaction.atomic():
        mark = fingerprint.start() if fingerprint is not None else None
        response = personas.client(persona).generic(method, url)
        changed = fingerprint is not None and fingerprint.changed(mark)
        transaction.set_rollback(True)
    return outcome(response), changed


def observe(pattern: Pattern, world: World, personas: Personas, method: str | None = None
            ) -> Row:
    """What the site answers each persona. Without a method: GET, or POST when GET is refused
    with 405 (a POST-only endpoint)."""
    url = concrete_url(pattern, world)
    outcomes = tuple(ask(personas, persona, method or "GET", url)[0] for persona in PERSONA_KEYS)
    if method is None and "405" in outcomes:
        return observe(pattern, world, personas, "POST")
    return Row(pattern.key, method or "GET", outcomes)


# Outcomes that refuse: the view did not serve the persona.
REFUSED = frozenset({"login", "2fa", "email", "403", "404", "405"})
# Refusals the view itself gave (the middleware's come before any view).
VIEW_REFUSALS = frozenset({"403", "404"})
# Rows that change all the time and say nothing about what a request was allowed to do: the
# session and its listing, the security log (which may well record a refusal), and the
# fixed tables Django fills itself.
UNWATCHED = frozenset({"sessions.session", "accounts.usersession", "accounts.securityevent",
                       "auth.permission", "contenttypes.contenttype"})


class Fingerprint:
    """Tells whether a request changed any row of a watched table.

    On PostgreSQL from the transaction's own counters of rows inserted, updated and deleted per
    table (pg_stat_xact_user_tables: one query, and an UPDATE that writes the same values counts
    too). On SQLite the connection's count of changed rows (total_changes()) says whether
    anything was written at all; only then is every row of every watched table compared with
    the world as built.
    """

    def __init__(self) -> None:
        from django.apps import apps

        self.models = [model for model in apps.get_models()
                       if model._meta.label_lower not in UNWATCHED and model._meta.managed]
        self.tables = sorted(model._meta.db_table for model in self.models)
        self.postgres = connection.vendor == "postgresql"
        self.before = None if self.postgres else self._rows()

    def start(self) -> object:
        return self._counters() if self.postgres else self._total_changes()

    def changed(self, mark: object) -> bool:
        if self.postgres:
            return self._counters() != mark
        return self._total_changes() != mark and self._rows() != self.before

    def _total_changes(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT total_changes()")
            return cursor.fetchone()[0]

    def _rows(self) -> tuple:
        return tuple(tuple(model._base_manager.order_by("pk").values_list())
                     for model in self.models)

    def _counters(self) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
                " WHERE relname = ANY(%s) ORDER BY relname", [self.tables])
            return cursor.fetchall()


def uninstrumented_templates(monkeypatch) -> None:
    """Templates render as in production, without the test runner's instrumentation (a signal
    and a copy of the context for every template rendered): the matrix reads status codes only,
    and renders some 2,800 pages."""
    from django.template import Template
    from django.test.utils import _TestState

    monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)


def stub_pdf_layout(monkeypatch) -> None:
    """WeasyPrint lays out no PDF in the matrix: the question is who gets the file, not what
    it holds (each PDF has its own tests). The HTML is still rendered from its template."""
    from weasyprint import HTML

    monkeypatch.setattr(HTML, "write_pdf",
                        lambda self, *args, **kwargs: b"%PDF-1.7\n%%EOF\n")
