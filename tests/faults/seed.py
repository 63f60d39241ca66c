"""Data for the fault scenarios, written through the product's own services.

Run in a child process on the cluster under test (Django set up with the faults settings),
one or more scenarios per run:

    python -m tests.faults.seed applicant:TAG        one applicant ready to submit (step 6)
    python -m tests.faults.seed submitted:TAG:N[:1]  N submitted applications (their e-mails
                                                     queued for the worker, or sent with 1)
    python -m tests.faults.seed quote_request:TAG    an open quote request for an auditor
    python -m tests.faults.seed news_desk:TAG        PSO-Nederland's staff member

Prints one JSON object, per argument its ids and the session cookies of the personas (full
login: password and TOTP verified), which the tests send to gunicorn.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.ready_rekentool import ANSWERS, complete_rekentool, quote_accepted  # noqa: E402
from psoportal.accounts import auth_state, totp  # noqa: E402
from psoportal.accounts.models import TotpDevice, User, UserSession  # noqa: E402
from psoportal.assessments.models import Rekentool  # noqa: E402
from psoportal.certification.models import Notification  # noqa: E402
from psoportal.certification.quotes import (  # noqa: E402
    quote_request_create,
)
from psoportal.certification.services import application_submit  # noqa: E402
from psoportal.organisations.models import (  # noqa: E402
    CertifyingInstitution,
    InstitutionMembership,
    Membership,
    Organisation,
)


def person(email: str, name: str) -> User:
    """An account as after registration: e-mail address confirmed."""
    return User.objects.create(email=email, full_name=name, email_verified_at=timezone.now())


def session_for(user: User) -> str:
    """A session as after password + TOTP (tests/conftest.py::full_login, without a client)."""
    TotpDevice.objects.create(user=user, encrypted_seed=totp.seal(bytes(range(1, 21))),
                              confirmed_at=timezone.now())
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    auth_state.mark_authenticated(session, verified=True)
    session.save()
    UserSession.objects.create(session_key=session.session_key, user=user)
    return session.session_key


def institution(tag: str) -> tuple[CertifyingInstitution, User]:
    made = CertifyingInstitution.objects.create(name=f"Faults CI {tag} B.V.",
                                                kvk=_kvk(f"ci{tag}"))
    auditor = person(f"auditor-{tag}@faults-ci.example", f"Auditor {tag}")
    InstitutionMembership.objects.create(institution=made, user=auditor,
                                         role=InstitutionMembership.Role.AUDITOR)
    return made, auditor


def staff() -> User:
    return User.objects.get_or_create(email="bo@faults-pso.example",
                                      defaults={"full_name": "Bo Faults", "is_staff": True,
                                                "email_verified_at": timezone.now()})[0]


def ready_to_submit(tag: str, ci: CertifyingInstitution, auditor: User, n: int = 0):
    organisation = Organisation.objects.create(name=f"Faults {tag} {n} B.V.",
                                               kvk=_kvk(f"org{tag}{n}"))
    user = person(f"alice-{tag}-{n}@faults.example", f"Alice {tag} {n}")
    Membership.objects.create(organisation=organisation, user=user,
                              role=Membership.Role.ACCOUNTHOUDER)
    tool = complete_rekentool(organisation)
    quote_accepted(tool, user, ci, auditor)
    return tool, user


def _kvk(text: str) -> str:
    # Eight digits, distinct per tag: the tests share one database.
    import zlib

    return f"{zlib.crc32(text.encode()) % 100_000_000:08d}"


def applicant(tag: str) -> dict:
    staff()
    ci, auditor = institution(tag)
    tool, user = ready_to_submit(tag, ci, auditor)
    return {"rekentool": tool.pk, "organisation": tool.organisation_id, "user": user.pk,
            "session": session_for(user)}


def submitted(tag: str, count: int, mailed: int = 0) -> dict:
    """`mailed`: mark the submissions' outbox rows sent, as if the worker had sent them (a
    scenario about invoices need not wait for their e-mails)."""
    staff()
    ci, auditor = institution(tag)
    applications = []
    for n in range(count):
        tool, user = ready_to_submit(tag, ci, auditor, n)
        applications.append(application_submit(
            rekentool=tool, user=user, submission_key=f"faults-{tag}-{n}", authorised=True,
            agreement_accepted=True, turnover=Decimal("1000000")).pk)
    if mailed:
        Notification.objects.filter(application_id__in=applications).update(
            sent_at=timezone.now())
    return {"applications": applications}


def quote_request(tag: str) -> dict:
    staff()
    ci, auditor = institution(tag)
    organisation = Organisation.objects.create(name=f"Faults {tag} B.V.", kvk=_kvk(f"q{tag}"))
    user = person(f"alice-{tag}@faults.example", f"Alice {tag}")
    Membership.objects.create(organisation=organisation, user=user,
                              role=Membership.Role.ACCOUNTHOUDER)
    tool = Rekentool.objects.create(
        organisation=organisation, name="Peiljaar 2024", peiljaar_start=dt.date(2024, 1, 1),
        total_fte=Decimal("50"), average_headcount=Decimal("55"), qualitative=ANSWERS)
    [request] = quote_request_create(rekentool=tool, user=user, institutions=[ci])
    return {"request": request.pk, "session": session_for(auditor)}


def news_desk(tag: str) -> dict:
    """PSO-Nederland's staff member at the news desk."""
    return {"session": session_for(staff())}


SCENARIOS = {"applicant": applicant, "submitted": submitted, "quote_request": quote_request,
             "news_desk": news_desk}

if __name__ == "__main__":
    # Several scenarios in one process (a Django start-up costs seconds): each argument is
    # scenario:tag[:number...]; the answer maps each argument to its data.
    made = {}
    for spec in sys.argv[1:]:
        scenario, tag, *rest = spec.split(":")
        made[spec] = SCENARIOS[scenario](tag, *map(int, rest))
    print(json.dumps(made))
