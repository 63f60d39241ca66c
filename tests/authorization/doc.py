"""docs/authorization.md, written from the matrix's table (tests/authorization/expected.txt).

    make authorization-doc     # .venv/bin/python -m tests.authorization.doc

tests/authorization/test_authorization_matrix.py fails while the committed file differs.
"""

from __future__ import annotations

import os
from pathlib import Path

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "authorization.md"

INTRODUCTION = """\
# Authorization matrix

Who gets what from every URL of the site: each URL pattern of `psoportal/urls.py` (every
include, the open API under `/api/v1/` and the back office under `/beheer/`) against eleven
personas, with the outcome the site gives. The table is data,
`tests/authorization/expected.txt`; `tests/authorization/test_authorization_matrix.py` asks the
site for every cell and fails on any difference, and fails when a URL pattern has no row, so a
new view cannot be added without deciding who may use it. This file is written from the same
table (`make authorization-doc`) and a test fails while it is out of date.
The rules behind it are the role matrix, [role-matrix.md](role-matrix.md).

## How each cell is asked

One world serves every cell (`tests/authorization/world.py`): Voorbeeld B.V. with applications
in every state (`tests/certification/full_state.py`), its application in audit at Keurmerk
Certificering, an awarded one with its certificates and invoices, drafts with target group and
purchases; Ander Bedrijf B.V.; Andere Certificering; Gemeente Voorbeeldstad, a buyer with
suppliers, alerts and assessments (the buyers' demo); a news item with its image; an uploaded
handbook version; a discount code, an unassigned payment, a register import. Each URL names a
real object of that world (`tests/authorization/patterns.py`: the application in the state the
page needs; the buyer pages name the buyer's organisation).

- Pages are asked with GET. Endpoints that only take POST (GET answers 405) are asked with an
  empty POST, CSRF checks off as for any test client; for a persona the POST refuses, the test
  also checks that not one row of the database changed.
- A page refused to a persona (`403`, `404`) must refuse that persona's POST as well (any
  refusal; not a table column of its own).
- Each request runs in a savepoint rolled back afterwards, so no cell changes what another
  sees; rate limits start afresh for every cell.
- The logged-in personas hold a session after password and authenticator code, and have just
  re-entered them (sudo), so a page behind sudo shows who may use it.
- WeasyPrint lays out no PDF in the matrix (its templates are still rendered): the question is
  who gets the file; each PDF has its own tests.

## Personas

| Column | Persona |
|---|---|
"""

OUTCOMES = (
    ("`200`", "served (`204`: served, nothing to say; a file download is a `200` too)"),
    ("`400`, `409`, `422`", "allowed, but the (empty) request is not valid: the persona "
     "passed every access check"),
    ("`login`", "redirect to the login page (for the back office through its login URL, "
     "which sends on to ours)"),
    ("`2fa`", "redirect to setting up the second factor: nothing else opens before it"),
    ("`email`", "redirect to \"check your e-mail\": nothing opens before the address is "
     "confirmed"),
    ("`403`", "a member whose role does not allow it"),
    ("`404`", "not found: an outsider learns nothing, not even that the object exists"),
    ("`405`", "the method is not allowed"),
    ("`>name`", "another redirect, to the URL named `name` (after a POST that did its work, "
     "a page that sends a persona to its own place, an admin page for a row that is not "
     "there)"),
)

RULES = """
## The rules the table shows

- **Deny by default.** Anonymous visitors get `login` for every page not marked public
  (`LoginRequiredMiddleware`); the public pages are the home page, the register and its
  download and check, a certificate's verification page, the agreement, news and its feeds and
  newsletter sign-up, login, registration, password reset, invitations and the open API.
- **The second factor and the e-mail address come first.** A session without a verified second
  factor gets `2fa` for everything but the public pages and the enrolment itself. A user whose
  e-mail address is not confirmed gets `email` for everything but the public pages and the
  second-factor enrolment, even with a full session; no such session exists in practice, as
  the login sends an unconfirmed address to "check your e-mail" before it logs anyone in.
- **Outsiders get 404.** A page of an organisation, an application, a rekentool, an invoice,
  a certificate PDF, a buyer workspace or an institution is `404` for everyone who is not a
  party to it: another organisation, another CI, a buyer, PSO-Nederland where it has no part.
- **Members without the right role get 403.** A Collega or Adviseur managing members or
  invitations; an auditor on the CI-beheerder's team page.
- **PSO-Nederland's pages** (`/mijnpso/pso-nederland/…`) are `404` for everyone else, and the
  back office (`/beheer/`) sends everyone but staff with a verified second factor to the login.
  In the back office the admin classes keep their own rules even for a superuser: the security
  log, the audit trail, sessions, invitations and scheduled effects cannot be added there
  (`403`), and most cannot be deleted. The world holds no task result, so those admin pages
  send back to the index.
- **The CI of the accepted quote** sees the application, its audit workspace, the audit report,
  the quote and the certificate; another CI gets `404`.
- **The open API** reads no cookies: every persona gets the same answer.

## The matrix
"""


def _cell(outcome: str) -> str:
    return f"`{outcome}`"


def render() -> str:
    from tests.authorization.matrix import PERSONAS, expected_rows
    from tests.authorization.patterns import url_patterns

    rows = expected_rows()
    routes = {pattern.key: pattern.route for pattern in url_patterns()}
    lines = [INTRODUCTION.rstrip("\n")]
    lines += [f"| {heading} | {who} |" for _, heading, who in PERSONAS]
    lines += ["", "## Legend", "", "| Outcome | Meaning |", "|---|---|"]
    lines += [f"| {outcome} | {meaning} |" for outcome, meaning in OUTCOMES]
    lines.append(RULES.rstrip("\n"))
    # One section per URL namespace, in the order the URLconf first names it.
    sections: dict[str, list] = {}
    for key, row in rows.items():
        sections.setdefault(key.split(":", 1)[0] if ":" in key else "(no namespace)",
                            []).append(row)
    for group, members in sections.items():
        lines += ["", f"### {group}", "",
                  "| URL pattern | Method | " + " | ".join(h for _, h, _ in PERSONAS) + " |",
                  "|---|---|" + "---|" * len(PERSONAS)]
        for row in members:
            route = routes.get(row.key, "").replace("|", "\\|")
            name = row.key.replace("|", "\\|")
            lines.append(f"| `{name}`<br>`/{route}` | {row.method} | "
                         + " | ".join(_cell(o) for o in row.outcomes) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psoportal.settings_test")
    django.setup()
    DOC_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC_PATH}")


if __name__ == "__main__":
    main()
