"""One organisation's certification history in every state, built directly in the database for
the page checks (tests/e2e/test_certification_pages_accessible.py) and the outsider walk
(tests/certification/test_certification_access_walk.py).

Personas: Alice (Accounthouder of Voorbeeld B.V.), Audrey (auditor of Keurmerk Certificering,
the institution of every accepted quote), Ben (CI-beheerder of Keurmerk), Otto (auditor of
Andere Certificering, which quoted too), Bo (PSO-Nederland), Charlie (another organisation).

Applications of Voorbeeld B.V., oldest first:
- revoked:   certified ~700 days ago, then withdrawn by Alice: certificate ingetrokken, the
             fee event of a withdrawal after the award.
- lapsed:    certified ~400 days ago; its certificate vervallen when `awarded`'s started.
- cancelled: submitted, cancelled by PSO-Nederland on a ground of the fee table (fee event).
- awarded:   certified ~40 days ago, Trede 3 with PSO 30+: two certificates geldig.
- awaiting:  awarded, waiting for the first-year payment; a partial name change passed on.
- filed:     audit planned, checklist judged, one correction, the PDF report filed.
- planned:   Z = 100, audit days in the past and the report overdue; checks judged, a
             workforce and a row correction.
- submitted: just submitted; another institution's quote to switch to; the half credit of
             the cancellation.
And three drafts for step 6: `fresh` (complete, no quote asked yet), `quoting` (one quote
answered by Andere Certificering, one request still open at Keurmerk) and `ready` (Keurmerk's
quote accepted, ready to submit).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from psoportal.assessments.models import Rekentool, TargetGroupEmployee
from psoportal.certification.audits import (
    audit_checks_save,
    audit_correct,
    audit_plan,
    audit_report_file,
    row_path,
    workforce_path,
)
from psoportal.certification.award import application_award
from psoportal.certification.changes import Kind, application_change_name
from psoportal.certification.models import (
    Application,
    Audit,
    AuditCheck,
    Certificate,
    Quote,
    QuoteRequest,
)
from psoportal.certification.quotes import quote_accept, quote_answer, quote_request_create
from psoportal.certification.services import application_submit, application_transition
from psoportal.certification.transitions import Party
from psoportal.organisations.institutions import institution_invitation_create
from psoportal.organisations.models import InstitutionMembership, Membership
from tests.certification.awarding import audited, report_filed
from tests.certification.changes_support import noon
from tests.factories import (
    CertifyingInstitutionFactory,
    InstitutionMembershipFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ALL_YES = {"passend_werk": True, "integratie": True, "functioneren_ontwikkeling": True,
           "begeleiding": True}
# What the personas typed: notes, findings, remarks (Dutch, as a Dutch auditor writes them).
TYPED = [
    "Loonstroken over het peiljaar ingezien.", "Jaarrekening ingezien.",
    "Contract ontbreekt in het dossier.", "Alles aangetoond, op één dossier na.",
    "Inclusief rapportage. Audit op één locatie.", "Voorbeeld Groep B.V.",
    "Rapport Voorbeeld.pdf", "Offerte Keurmerk.pdf",
]


@dataclass
class FullState:
    alice: object
    charlie: object
    audrey: object
    ben: object
    otto: object
    bo: object
    organisation: object
    institution: object
    other_institution: object
    fresh: Rekentool
    quoting: Rekentool
    ready: Rekentool
    apps: dict[str, Application] = field(default_factory=dict)

    @property
    def open_request(self) -> QuoteRequest:
        """Keurmerk's unanswered request for `quoting`: the CI's quote form."""
        return self.quoting.quote_requests.get(institution=self.institution)

    @property
    def open_quote(self) -> Quote:
        """Andere Certificering's quote for `quoting`, not accepted yet."""
        return Quote.objects.get(request__rekentool=self.quoting,
                                 request__institution=self.other_institution)

    @property
    def switch_quote(self) -> Quote:
        """Andere Certificering's quote the applicant of `submitted` may switch to."""
        return Quote.objects.get(request__rekentool=self.apps["submitted"].rekentool,
                                 request__institution=self.other_institution)

    def certificate(self, name: str, kind: str = Certificate.Kind.LEVEL) -> Certificate:
        return self.apps[name].certificates.get(kind=kind)

    def user_data(self) -> list[str]:
        """Names, references and texts the personas typed: data, not the page's own words."""
        from psoportal.accounts.models import User
        from psoportal.organisations.models import CertifyingInstitution, Organisation

        data = list(TYPED)
        for organisation in Organisation.objects.all():
            data += [organisation.name, organisation.kvk, organisation.city,
                     organisation.website]
        for institution in CertifyingInstitution.objects.all():
            data += [institution.name, institution.kvk, institution.accreditation]
        for user in User.objects.all():
            data += [user.full_name, user.email, user.job_title]
        data += list(Rekentool.objects.values_list("name", flat=True))
        data += list(TargetGroupEmployee.objects.values_list("ref", flat=True))
        data += list(Certificate.objects.values_list("number", flat=True))
        return [str(value) for value in data if value]


def _rekentool(organisation, alice, name: str, extra_rows: int = 0) -> Rekentool:
    """Rule book §12 example 1 (T = 50, Trede 2), every step complete; `extra_rows` more WIA
    rows at 8 hours a week (with T = 500, so the level stays)."""
    tool = Rekentool.objects.create(
        organisation=organisation, name=name, peiljaar_start=dt.date(2024, 1, 1),
        total_fte=Decimal("500" if extra_rows else "50"), average_headcount=Decimal("55"),
        created_by=alice, qualitative=ALL_YES,
    )
    rows = [("D-001", "wia", "40", "2018-01-01"), ("D-002", "wia", "40", "2018-01-01"),
            ("D-003", "ww", "32", "2022-05-01")]
    rows += [(f"X-{number:03}", "wia", "8", "2018-01-01") for number in range(extra_rows)]
    TargetGroupEmployee.objects.bulk_create(
        TargetGroupEmployee(
            rekentool=tool, ref=ref, category=category, contract="regular",
            hours_per_week=Decimal(hours), employed_from=dt.date.fromisoformat(start),
            inflow_date=dt.date.fromisoformat(start),
        )
        for ref, category, hours, start in rows
    )
    return tool


def _quote(tool, institution, auditor) -> Quote:
    [request] = quote_request_create(rekentool=tool, user=None, institutions=[institution])
    return quote_answer(request=request, user=auditor, man_days=Decimal("1.5"),
                        day_rate=Decimal("1095"), registration_fee=Decimal("150"),
                        travel=Decimal("85"),
                        valid_until=timezone.localdate() + dt.timedelta(days=60),
                        remarks="Inclusief rapportage. Audit op één locatie.")


def _submitted(state: FullState, name: str, *, days_ago: int = 0, extra_rows: int = 0
               ) -> Application:
    tool = _rekentool(state.organisation, state.alice, f"Aanvraag {name}", extra_rows)
    quote_accept(quote=_quote(tool, state.institution, state.audrey), user=state.alice)
    application = application_submit(rekentool=tool, user=state.alice,
                                     submission_key=uuid.uuid4().hex, authorised=True,
                                     agreement_accepted=True)
    if days_ago:
        day = timezone.localdate() - dt.timedelta(days=days_ago)
        Application.objects.filter(pk=application.pk).update(submitted_at=noon(day))
        application.events.update(at=noon(day))
        application.refresh_from_db()
    return application


def _certified(state: FullState, application: Application, **award) -> Application:
    if application.state == "submitted":
        report_filed(application, audited_result=award.pop("audited_result", None),
                     findings="Alles aangetoond, op één dossier na.", recommended="trede_2")
        # The report as the audit workspace files it: a PDF under the name it was uploaded with.
        audit = application.audit
        audit.report_filename = "Rapport Voorbeeld.pdf"
        audit.report_file.save("report.pdf", ContentFile(PDF), save=False)
        audit.save(update_fields=["report_filename", "report_file"])
    application_award(application=application, level=award.get("level", "trede_2"),
                      pso30plus=award.get("pso30plus", False), user=state.bo)
    return application_transition(application=application, name="payment_received",
                                  actor=state.bo, party=Party.PSO_NEDERLAND)


def _planned(state: FullState, application: Application, first_day: dt.date,
             last_day: dt.date) -> Audit:
    return audit_plan(application=application, first_day=first_day, last_day=last_day,
                      user=state.audrey, party=Party.INSTITUTION)


def _judge(state: FullState, audit: Audit, *, all_met: bool) -> None:
    checks = list(audit.checks.order_by("kind", "id"))
    outcomes = {check.pk: (AuditCheck.Outcome.MET, "") for check in checks
                if all_met or check.sampled or check.kind == AuditCheck.Kind.ASPECT}
    if not all_met:
        # One sampled row not met, with the auditor's note; one aspect still open.
        sampled = [c for c in checks if c.kind == AuditCheck.Kind.EMPLOYEE and c.sampled]
        outcomes[sampled[0].pk] = (AuditCheck.Outcome.NOT_MET, "Contract ontbreekt in het dossier.")
        aspect = next(c for c in checks if c.kind == AuditCheck.Kind.ASPECT)
        outcomes.pop(aspect.pk)
    audit_checks_save(audit=audit, party=Party.INSTITUTION, user=state.audrey, outcomes=outcomes)


def build_full_state() -> FullState:
    organisation = OrganisationFactory(name="Voorbeeld B.V.", kvk="12345678")
    alice = UserFactory(email="alice@voorbeeld.example", full_name="Alice Accounthouder")
    MembershipFactory(organisation=organisation, user=alice, role=Membership.Role.ACCOUNTHOUDER)
    charlie = UserFactory(email="charlie@anderbedrijf.example", full_name="Charlie Buitenstaander")
    MembershipFactory(organisation=OrganisationFactory(name="Ander Bedrijf B.V.", kvk="99887766"),
                      user=charlie, role=Membership.Role.ACCOUNTHOUDER)
    institution = CertifyingInstitutionFactory(name="Keurmerk Certificering B.V.")
    other_institution = CertifyingInstitutionFactory(name="Andere Certificering B.V.")
    audrey = UserFactory(email="audrey@keurmerk.example", full_name="Audrey Auditor")
    InstitutionMembershipFactory(institution=institution, user=audrey)
    ben = UserFactory(email="ben@keurmerk.example", full_name="Ben Beheerder")
    InstitutionMembershipFactory(institution=institution, user=ben,
                                 role=InstitutionMembership.Role.BEHEERDER)
    otto = UserFactory(email="otto@ander-ci.example", full_name="Otto Andere")
    InstitutionMembershipFactory(institution=other_institution, user=otto)
    bo = UserFactory(email="bo@pso-nederland.example", full_name="Bo Backoffice", is_staff=True)
    institution_invitation_create(request=None, actor=ben, institution=institution,
                                  email="ilse@keurmerk.example", role="auditor")

    fresh = _rekentool(organisation, alice, "Peiljaar 2024")
    quoting = _rekentool(organisation, alice, "Peiljaar 2024 offertes")
    [open_request, answered] = quote_request_create(
        rekentool=quoting, user=alice, institutions=[institution, other_institution])
    quote_answer(request=answered if answered.institution == other_institution else open_request,
                 user=otto, man_days=Decimal("2"), day_rate=Decimal("1000.50"),
                 valid_until=timezone.localdate() + dt.timedelta(days=30),
                 remarks="Inclusief rapportage. Audit op één locatie.")

    ready = _rekentool(organisation, alice, "Peiljaar 2024 klaar")
    quote_accept(quote=_quote(ready, institution, audrey), user=alice)

    state = FullState(alice=alice, charlie=charlie, audrey=audrey, ben=ben, otto=otto, bo=bo,
                      organisation=organisation, institution=institution,
                      other_institution=other_institution, fresh=fresh, quoting=quoting,
                      ready=ready)
    apps = state.apps
    today = timezone.localdate()

    # Ingetrokken: certified, then withdrawn by the applicant.
    apps["revoked"] = _certified(state, _submitted(state, "ingetrokken", days_ago=700))
    apps["revoked"] = application_transition(application=apps["revoked"], name="withdraw",
                                             actor=alice, party=Party.APPLICANT)
    # Vervallen once `awarded` is certified.
    apps["lapsed"] = _certified(state, _submitted(state, "vervallen", days_ago=400))
    # Cancelled by PSO-Nederland on a ground of the fee table.
    apps["cancelled"] = application_transition(
        application=_submitted(state, "geannuleerd", days_ago=60), name="cancel", actor=bo,
        party=Party.PSO_NEDERLAND, reason="cancel_personal_data")
    # Geldig: Trede 3 with PSO 30+ (the audited result made so, as awarding.audited does).
    awarded = _submitted(state, "toegekend", days_ago=40)
    apps["awarded"] = _certified(
        state, awarded, level="trede_3", pso30plus=True,
        audited_result=audited(awarded, level="trede_3", pso30plus=True))
    # Awarded, waiting for payment; a partial name change after the audit.
    awaiting = _submitted(state, "betaling", days_ago=30)
    audit = _planned(state, awaiting, today - dt.timedelta(days=20), today - dt.timedelta(days=20))
    _judge(state, audit, all_met=True)
    audit_report_file(audit=audit, party=Party.INSTITUTION, user=audrey,
                      findings="Alles aangetoond, op één dossier na.", recommended_level="trede_2",
                      upload=SimpleUploadedFile("Rapport Voorbeeld.pdf", PDF,
                                                content_type="application/pdf"),
                      today=today)
    awaiting.refresh_from_db()
    application_award(application=awaiting, level="trede_2", pso30plus=False, user=bo)
    application_change_name(application=awaiting, kind=Kind.PARTIAL_NAME,
                            new_name="Voorbeeld Groep B.V.", actor=alice)
    apps["awaiting"] = Application.objects.get(pk=awaiting.pk)
    # The report filed, with a correction: PSO-Nederland's award page.
    filed = _submitted(state, "rapport", days_ago=25)
    audit = _planned(state, filed, today - dt.timedelta(days=10), today - dt.timedelta(days=9))
    _judge(state, audit, all_met=True)
    audit_correct(audit=audit, party=Party.INSTITUTION, user=audrey,
                  changes={workforce_path("total_fte"): Decimal("52.5")},
                  note="Jaarrekening ingezien.")
    audit_report_file(audit=audit, party=Party.INSTITUTION, user=audrey,
                      findings="Alles aangetoond, op één dossier na.", recommended_level="trede_2",
                      upload=SimpleUploadedFile("Rapport Voorbeeld.pdf", PDF,
                                                content_type="application/pdf"),
                      today=today)
    apps["filed"] = Application.objects.get(pk=filed.pk)
    # Z = 100, the audit days past and the report overdue; corrections of both kinds.
    planned = _submitted(state, "audit", days_ago=45, extra_rows=97)
    audit = _planned(state, planned, today - dt.timedelta(days=40), today - dt.timedelta(days=39))
    _judge(state, audit, all_met=False)
    audit_correct(audit=audit, party=Party.INSTITUTION, user=audrey,
                  changes={workforce_path("total_fte"): Decimal("497.25")},
                  note="Jaarrekening ingezien.")
    audit_correct(audit=audit, party=Party.INSTITUTION, user=audrey,
                  changes={row_path(1, "hours_per_week"): Decimal("36.5")},
                  note="Loonstroken over het peiljaar ingezien.")
    apps["planned"] = Application.objects.get(pk=planned.pk)
    # Just submitted (with the half credit of the cancellation); another institution's quote
    # to switch to.
    submitted = _submitted(state, "ingediend")
    other = QuoteRequest.objects.create(
        organisation=organisation, rekentool=submitted.rekentool, institution=other_institution,
        state=QuoteRequest.State.QUOTED, summary=submitted.accepted_quote.request.summary)
    Quote.objects.create(request=other, man_days=Decimal("2"), day_rate=Decimal("1000.50"),
                         valid_until=today + dt.timedelta(days=30), quoted_by=otto)
    # The accepted quote came with the institution's PDF.
    quote = submitted.accepted_quote
    quote.pdf_filename = "Offerte Keurmerk.pdf"
    quote.pdf.save("quote.pdf", ContentFile(PDF), save=False)
    quote.save(update_fields=["pdf", "pdf_filename"])
    apps["submitted"] = submitted
    return state
