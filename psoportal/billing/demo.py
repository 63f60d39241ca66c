"""Demo data of billing, for `make run` (issue 11 §6), after certification's demo.

- Zorg & Co Thuiszorg is awarded and waits for its first-year invoice, 2026-00001, which is
  open: importing docs/samples/camt053-voorbeeld.xml on PSO-Nederland's payments page pays it
  and releases the award. Its dates are fixed in 2026 and it is invoiced first, so its number
  and the sample file always agree.
- Groen & Schoon (certified in certification's demo) gets its first-year invoice, paid.
 Seeding
twice is harmless: an organisation that has invoices is left alone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from psoportal.accounts.demo import demo_user
from psoportal.accounts.models import User
from psoportal.assessments.demo import demo_rekentool
from psoportal.billing.invoices import invoice_mark_paid
from psoportal.billing.models import Invoice
from psoportal.billing.rules import application_settle
from psoportal.certification.audits import (
    audit_checks_save,
    audit_plan,
    audit_report_file,
)
from psoportal.certification.award import application_award
from psoportal.certification.models import Application, AuditCheck
from psoportal.certification.quotes import quote_accept, quote_answer, quote_request_create
from psoportal.certification.services import application_submit
from psoportal.certification.transitions import Party
from psoportal.methodology.dates import application_dates
from psoportal.organisations.models import CertifyingInstitution, Membership, Organisation

CERTIFIED_KVK = "23456789"  # Groen & Schoon, certification's demo
WAITING = {
    "name": "Zorg & Co Thuiszorg B.V.", "kvk": "45678901", "city": "Deventer",
    "website": "https://zorgenco.demo", "sector": "Zorg en welzijn",
    "person": ("zoe@zorgenco.demo", "Zoë Zorg"),
}
WAITING_SUBMITTED = dt.date(2026, 10, 10)
WAITING_AUDIT_DAY = dt.date(2026, 11, 3)


def seed() -> list[tuple[str, str]]:
    staff = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    institutions = list(CertifyingInstitution.objects.filter(is_active=True).order_by("name"))
    if staff is None or not institutions:
        return []
    waiting = _waiting_for_payment(institutions[0], staff)
    _certified_pays(staff)
    return [("Accounthouder, factuur open (Zorg & Co)", waiting)] if waiting else []


def _certified_pays(staff: User) -> None:
    application = (Application.objects.filter(organisation__kvk=CERTIFIED_KVK)
                   .order_by("submitted_at").first())
    if application is None or Invoice.objects.filter(application=application).exists():
        return
    first_invoice_day = application_dates(timezone.localdate(application.submitted_at)
                                          ).first_invoice
    # Only this application's invoices: the demo's other applications keep their own order.
    for invoice in application_settle(application, first_invoice_day):
        if invoice.kind == Invoice.Kind.FIRST_YEAR:
            invoice_mark_paid(invoice, invoice.total,
                              first_invoice_day + dt.timedelta(days=5), actor=staff)


def _waiting_for_payment(institution: CertifyingInstitution, staff: User) -> str | None:
    details = dict(WAITING)
    email, person = details.pop("person")
    kvk = details.pop("kvk")
    organisation, _ = Organisation.objects.get_or_create(kvk=kvk, defaults=details)
    holder = demo_user(email, person, job_title="Directeur")
    Membership.objects.get_or_create(organisation=organisation, user=holder,
                                     defaults={"role": Membership.Role.ACCOUNTHOUDER})
    if organisation.applications.exists():
        return holder.email
    auditor = institution.memberships.select_related("user").order_by("pk").first().user
    rekentool = demo_rekentool(organisation, "Peiljaar 2024", holder)
    [request] = quote_request_create(rekentool=rekentool, user=holder, institutions=[institution])
    quote = quote_answer(request=request, user=auditor, man_days=Decimal("1.5"),
                         day_rate=Decimal("1095.00"),
                         valid_until=timezone.localdate() + dt.timedelta(days=30))
    quote_accept(quote=quote, user=holder)
    application = application_submit(rekentool=rekentool, user=holder,
                                      submission_key=uuid.uuid4().hex, authorised=True,
                                      agreement_accepted=True)
    submitted_at = timezone.make_aware(dt.datetime.combine(WAITING_SUBMITTED, dt.time(11)))
    Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
    application.events.update(at=submitted_at)
    application.refresh_from_db()
    application_settle(application, application_dates(WAITING_SUBMITTED).first_invoice)
    audit = audit_plan(application=application, first_day=WAITING_AUDIT_DAY,
                       last_day=WAITING_AUDIT_DAY, user=auditor, party=Party.INSTITUTION)
    audit_checks_save(audit=audit, party=Party.INSTITUTION, user=auditor,
                      outcomes={c.pk: (AuditCheck.Outcome.MET, "") for c in audit.checks.all()})
    level = application.result["level"]
    audit_report_file(
        audit=audit, party=Party.INSTITUTION, user=auditor, recommended_level=level,
        findings="Aangetoond.", upload=SimpleUploadedFile(
            "auditrapport-zorg-en-co.pdf", _tiny_pdf(), "application/pdf"),
    )
    application.refresh_from_db()
    application_award(application=application, level=level, pso30plus=False, user=staff)
    return holder.email


def _tiny_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<html lang='nl'><head><title>Auditrapport</title></head>"
                       "<body><h1>Auditrapport PSO</h1></body></html>").write_pdf()
