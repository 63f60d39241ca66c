"""The load test's data (bench/load.py): runs inside Django on the bench's own database.

Builds what N simulated people need to do their real journeys, and returns it as JSON-able
data for the Locust file:
- applicants: an organisation each, an Accounthouder with a password and a TOTP seed of their
  own, a complete "work" rekentool (to edit, import into and view at step 4) and `ready`
  complete rekentools with an accepted quote (each can be submitted once);
- auditors of one certifying institution, each with `audits` submitted applications whose
  audit is planned and whose checklist is judged, so that the report can be filed; submitted
  long enough ago that their first-year invoice is due, for the scheduler to issue;
- the public register: certificates and organisations (bench/register.py's seed_rows), for
  the searches, the verification page and the API checks;
- a small target-group file (.csv, three rows) and a small audit-report PDF.

The rekentools are bench/applications.py's (rule book §12 example 1, every step-5 question
answered yes), built through the same services the pages use.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

PASSWORD = "load-wachtwoord-pso-2026"  # a throw-away database's accounts
IMPORT_ROWS = (("L-001", "wia", "01-01-2018"), ("L-002", "wia", "01-03-2019"),
               ("L-003", "ww", "01-05-2022"))


def _user(email: str, full_name: str, password_hash: str) -> tuple[object, str]:
    """A verified user with a confirmed authenticator; returns the user and its TOTP seed."""
    from django.utils import timezone

    from psoportal.accounts import totp
    from psoportal.accounts.models import TotpDevice, User

    user = User.objects.create(email=email, full_name=full_name, password=password_hash,
                               email_verified_at=timezone.now())
    seed = totp.new_seed()
    TotpDevice.objects.create(user=user, encrypted_seed=totp.seal(seed),
                              confirmed_at=timezone.now())
    return user, totp.b32(seed)


def _import_file() -> bytes:
    from psoportal.assessments.spreadsheet.columns import TARGET_GROUP_COLUMNS

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in TARGET_GROUP_COLUMNS])
    for ref, category, start in IMPORT_ROWS:
        writer.writerow([ref, category, "regular", "32", start, "", "", "", "", "", "Nee"])
    return buffer.getvalue().encode("utf-8-sig")


def _setup_mail_done() -> None:
    """The seed's own e-mails (thousands of "quote requested" and "quote received") belong to
    the set-up, not to the load: marked sent and their tasks dropped, so the worker and the
    scheduler's outbox retry start the measured run with nothing left over."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from psoportal.certification.models import Notification

    Notification.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now(), attempts=1)
    DBTaskResult.objects.all().delete()


def seed(*, applicants: int, auditors: int, ready: int, audits: int, certificates: int,
         organisations: int, work: Path) -> dict:
    from applications import _report_pdf
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from ready_rekentool import complete_rekentool, quote_accepted
    from register import seed_rows

    from psoportal.certification.audits import audit_checks_save, audit_plan
    from psoportal.certification.models import Application
    from psoportal.certification.services import application_submit
    from psoportal.certification.transitions import Party
    from psoportal.methodology.handbook import handbook_for
    from psoportal.organisations.models import (
        CertifyingInstitution,
        InstitutionMembership,
        Membership,
        Organisation,
    )

    # One hash for every account: hashing 200 passwords with Argon2 would only slow the seed.
    password_hash = make_password(PASSWORD)
    institution = CertifyingInstitution.objects.create(name="Load CI B.V.", kvk="90000001")
    auditor_rows = []
    for n in range(auditors):
        user, seed_b32 = _user(f"auditor{n}@load-ci.example", f"Auditor {n}", password_hash)
        InstitutionMembership.objects.create(institution=institution, user=user,
                                             role=InstitutionMembership.Role.AUDITOR)
        auditor_rows.append({"email": user.email, "totp": seed_b32, "applications": [],
                             "user": user})
    quoting = auditor_rows[0]["user"]
    applicant_rows = []
    for n in range(applicants):
        organisation = Organisation.objects.create(name=f"Load {n} B.V.",
                                                   kvk=f"{31_000_000 + n:08d}")
        user, seed_b32 = _user(f"user{n}@load{n}.example", f"Load {n}", password_hash)
        Membership.objects.create(organisation=organisation, user=user,
                                  role=Membership.Role.ACCOUNTHOUDER)
        work_tool = complete_rekentool(organisation, "Werkversie")
        ready_ids = []
        for k in range(ready):
            tool = complete_rekentool(organisation, f"Aanvraag {k + 1}")
            quote_accepted(tool, user, institution, quoting)
            ready_ids.append(tool.pk)
        applicant_rows.append({"email": user.email, "totp": seed_b32, "work": work_tool.pk,
                               "ready": ready_ids})
    # Applications under audit, their reports still to be filed by "their" auditor.
    today = timezone.localdate()
    invoice_day = timezone.now() - dt.timedelta(
        days=handbook_for(today).dates.first_invoice_after_days + 1)
    serial = 0
    for row in auditor_rows:
        for _ in range(audits):
            organisation = Organisation.objects.create(name=f"Audited {serial} B.V.",
                                                       kvk=f"{32_000_000 + serial:08d}")
            user, _seed = _user(f"audited{serial}@load.example", f"Audited {serial}",
                                password_hash)
            Membership.objects.create(organisation=organisation, user=user,
                                      role=Membership.Role.ACCOUNTHOUDER)
            tool = complete_rekentool(organisation, "Peiljaar 2024")
            quote_accepted(tool, user, institution, row["user"])
            application = application_submit(
                rekentool=tool, user=user, submission_key=f"load-audited-{serial}",
                authorised=True, agreement_accepted=True, turnover=Decimal(1_000_000))
            # Submitted long enough ago for the first-year invoice to be due today: the
            # schedulers (one per instance, at once) issue them while the load runs.
            Application.objects.filter(pk=application.pk).update(submitted_at=invoice_day)
            audit = audit_plan(application=application, first_day=today, last_day=today,
                               user=row["user"], party=Party.INSTITUTION)
            audit_checks_save(audit=audit, party=Party.INSTITUTION, user=row["user"],
                              outcomes=dict.fromkeys(
                                  audit.checks.values_list("pk", flat=True), ("met", "")))
            row["applications"].append(application.pk)
            serial += 1
    register = seed_rows(certificates, organisations)
    _setup_mail_done()
    (work / "doelgroep.csv").write_bytes(_import_file())
    (work / "rapport.pdf").write_bytes(_report_pdf())
    for row in auditor_rows:
        del row["user"]
    return {
        "password": PASSWORD,
        "applicants": applicant_rows,
        "auditors": auditor_rows,
        "register": register,
        "import_file": str(work / "doelgroep.csv"),
        "report_file": str(work / "rapport.pdf"),
    }
