"""Demo data of step 6 and certification, for `make run` (issue 10 §11).

Three applicants, each at another point of the process, all made through the same services the
pages use (quotes, submission, audit, award, payment), so the demo can never show a state the
product could not reach:

- Voorbeeld Schoonmaak (the demo applicant): quotes requested from both institutions, one
  answered: quotes to compare and accept;
- Groen & Schoon Facilitair: certified at Trede 2, its certificate PDF downloadable and its
  public verification page saying "geldig";
- Bouwbedrijf De Brug: in audit, with a checklist partly filled and one correction.

Seeding twice is harmless: an organisation that already has an application is left alone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import contextmanager
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from psoportal.accounts.demo import demo_user
from psoportal.accounts.models import User
from psoportal.assessments.demo import DEMO_NAME, demo_rekentool
from psoportal.assessments.models import Rekentool
from psoportal.certification.audits import (
    audit_checks_save,
    audit_correct,
    audit_plan,
    audit_report_file,
    row_path,
)
from psoportal.certification.award import application_award
from psoportal.certification.models import (
    Application,
    Audit,
    AuditCheck,
    Certificate,
    Notification,
)
from psoportal.certification.quotes import quote_accept, quote_answer, quote_request_create
from psoportal.certification.services import application_submit, application_transition
from psoportal.certification.transitions import Party
from psoportal.organisations.demo import demo_applicant
from psoportal.organisations.models import CertifyingInstitution, Membership, Organisation

# Days before today: the certified applicant submitted long enough ago for a whole audit;
# the one in audit had its audit days this week.
CERTIFIED_SUBMITTED_DAYS_AGO = 75
CERTIFIED_AUDIT_DAYS_AGO = 40
IN_AUDIT_SUBMITTED_DAYS_AGO = 20
IN_AUDIT_FIRST_DAY_AGO = 2

_CERTIFIED = {
    "name": "Groen & Schoon Facilitair B.V.", "kvk": "23456789", "city": "Amersfoort",
    "website": "https://groen-schoon.demo", "sector": "Facilitaire dienstverlening",
    "person": ("gerrit@groen-schoon.demo", "Gerrit Groen"),
}
_IN_AUDIT = {
    "name": "Bouwbedrijf De Brug B.V.", "kvk": "34567890", "city": "Zwolle",
    "website": "https://debrug.demo", "sector": "Bouw",
    "person": ("bart@debrug.demo", "Bart Brug"),
}


def seed() -> list[tuple[str, str]]:
    institutions = list(CertifyingInstitution.objects.filter(is_active=True).order_by("name"))
    if len(institutions) < 2:
        return []
    staff = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    _open_quotes(institutions)
    logins = []
    certified = _certified(institutions[0], staff)
    if certified:
        logins.append(("Accounthouder, gecertificeerd (Groen & Schoon)", certified))
    in_audit = _in_audit(institutions[1])
    if in_audit:
        logins.append(("Accounthouder, aanvraag in audit (De Brug)", in_audit))
    return logins


def demo_certificate() -> Certificate | None:
    """The demo certificate, for the closing line of `seed_demo` (its verification URL)."""
    return Certificate.objects.filter(
        application__organisation__kvk=_CERTIFIED["kvk"]).order_by("-issued_at").first()


def _open_quotes(institutions: list[CertifyingInstitution]) -> None:
    organisation = demo_applicant()
    rekentool = organisation.rekentools.filter(name=DEMO_NAME).first() if organisation else None
    if rekentool is None or rekentool.quote_requests.exists():
        return
    requests = quote_request_create(rekentool=rekentool, user=None, institutions=institutions)
    if requests:
        first = requests[0]
        quote_answer(
            request=first, user=_auditor(first.institution), man_days=Decimal("1.5"),
            day_rate=Decimal("1095.00"), registration_fee=Decimal("150.00"),
            licence_fee=Decimal("0"), travel=Decimal("85.00"),
            valid_until=timezone.localdate() + dt.timedelta(days=60),
            remarks="Inclusief rapportage. Audit op één locatie.",
        )


def _certified(institution: CertifyingInstitution, staff: User | None) -> str | None:
    if staff is None:
        return None
    organisation, holder = _organisation(_CERTIFIED)
    if organisation.applications.exists():
        return holder.email
    auditor = _auditor(institution)
    application = _submitted(organisation, holder, institution, auditor,
                             days_ago=CERTIFIED_SUBMITTED_DAYS_AGO)
    day = timezone.localdate() - dt.timedelta(days=CERTIFIED_AUDIT_DAYS_AGO)
    with _dated(application, days_ago=CERTIFIED_SUBMITTED_DAYS_AGO - 7):
        audit = audit_plan(application=application, first_day=day, last_day=day, user=auditor,
                           party=Party.INSTITUTION)
    _judge(audit, auditor, every=True)
    level = application.result["level"]
    with _dated(application, days_ago=CERTIFIED_AUDIT_DAYS_AGO - 7):
        audit_report_file(
            audit=audit, party=Party.INSTITUTION, user=auditor, recommended_level=level,
            findings="Alle aspecten aangetoond; de steekproef van de doelgroep klopt met de "
                     "loonadministratie.",
            upload=SimpleUploadedFile("auditrapport-groen-schoon.pdf",
                                      _report_pdf(organisation), "application/pdf"),
        )
    Audit.objects.filter(pk=audit.pk).update(report_filed_at=_ago(CERTIFIED_AUDIT_DAYS_AGO - 7))
    application.refresh_from_db()
    with _dated(application, days_ago=CERTIFIED_AUDIT_DAYS_AGO - 10):
        application_award(application=application, level=level, pso30plus=False, user=staff)
    with _dated(application, days_ago=CERTIFIED_AUDIT_DAYS_AGO - 14):
        application_transition(application=application, name="payment_received", actor=staff,
                               party=Party.PSO_NEDERLAND)
    return holder.email


def _in_audit(institution: CertifyingInstitution) -> str | None:
    organisation, holder = _organisation(_IN_AUDIT)
    if organisation.applications.exists():
        return holder.email
    auditor = _auditor(institution)
    application = _submitted(organisation, holder, institution, auditor,
                             days_ago=IN_AUDIT_SUBMITTED_DAYS_AGO)
    first = timezone.localdate() - dt.timedelta(days=IN_AUDIT_FIRST_DAY_AGO)
    with _dated(application, days_ago=IN_AUDIT_SUBMITTED_DAYS_AGO - 5):
            audit = audit_plan(application=application, first_day=first,
                           last_day=first + dt.timedelta(days=1), user=auditor,
                           party=Party.INSTITUTION)
    _judge(audit, auditor, every=False)
    # The auditor found fewer hours in the contract of the first row than were entered.
    audit_correct(audit=audit, party=Party.INSTITUTION, user=auditor,
                  changes={row_path(0, "hours_per_week"): Decimal("36")},
                  note="Arbeidsovereenkomst vermeldt 36 uur per week, niet 40.")
    return holder.email


def _ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


@contextmanager
def _dated(application: Application, *, days_ago: int):
    """Date what the steps inside write (events and messages) `days_ago`, so the demo's
    timeline reads like a process of weeks rather than of one second."""
    last_event = application.events.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_note = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    when = _ago(days_ago)
    application.events.filter(pk__gt=last_event).update(at=when)
    Notification.objects.filter(pk__gt=last_note).update(created_at=when)


def _organisation(spec: dict) -> tuple[Organisation, User]:
    details = dict(spec)
    email, person = details.pop("person")
    kvk = details.pop("kvk")
    organisation, _ = Organisation.objects.get_or_create(kvk=kvk, defaults=details)
    holder = demo_user(email, person, job_title="Directeur")
    Membership.objects.get_or_create(organisation=organisation, user=holder,
                                     defaults={"role": Membership.Role.ACCOUNTHOUDER})
    return organisation, holder


def _auditor(institution: CertifyingInstitution) -> User | None:
    membership = institution.memberships.select_related("user").order_by("pk").first()
    return membership.user if membership else None


# A plausible turnover for the demo organisations' 120 fte (excl. VAT).
DEMO_TURNOVER = Decimal("9600000")


def _submitted(organisation: Organisation, holder: User, institution: CertifyingInstitution,
               auditor: User | None, *, days_ago: int) -> Application:
    """A rekentool with an accepted quote, submitted; the submission then dated `days_ago`
    (the demo's history: the certificate's start follows the submission date)."""
    rekentool: Rekentool = demo_rekentool(organisation, "Peiljaar 2024", holder)
    [request] = quote_request_create(rekentool=rekentool, user=holder, institutions=[institution])
    quote = quote_answer(request=request, user=auditor, man_days=Decimal("1.5"),
                         day_rate=Decimal("1095.00"), registration_fee=Decimal("150.00"),
                         valid_until=timezone.localdate() + dt.timedelta(days=30))
    quote_accept(quote=quote, user=holder)
    # The turnover every applicant declares in step 6: its certificate carries it, so demo
    # buyers can pick the demo holders from the register in step 3D.
    application = application_submit(rekentool=rekentool, user=holder,
                                     submission_key=uuid.uuid4().hex, authorised=True,
                                     agreement_accepted=True, turnover=DEMO_TURNOVER)
    submitted_at = _ago(days_ago)
    Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
    application.events.update(at=submitted_at)
    application.notifications.update(created_at=submitted_at)
    application.refresh_from_db()
    return application


def _judge(audit, auditor: User, *, every: bool) -> None:
    """Every aspect and every sampled row met (`every`), or only the aspects so far."""
    checks = audit.checks.all() if every else audit.checks.filter(kind=AuditCheck.Kind.ASPECT)
    audit_checks_save(audit=audit, party=Party.INSTITUTION, user=auditor,
                      outcomes={check.pk: (AuditCheck.Outcome.MET, "") for check in checks})


def _report_pdf(organisation: Organisation) -> bytes:
    from weasyprint import HTML  # lazily: pango loads only when a PDF is made

    return HTML(string=(
        f"<html lang='nl'><head><title>Auditrapport {organisation.name}</title></head><body>"
        f"<h1>Auditrapport PSO</h1><p>{organisation.name} (KvK {organisation.kvk})</p>"
        "<p>Alle kwalitatieve aspecten zijn aangetoond.</p></body></html>"
    )).write_pdf()
