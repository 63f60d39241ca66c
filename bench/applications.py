"""Benchmark: submitting and awarding definitive applications (issue 10 "Done when").

Seeds N organisations, each with a complete rekentool (rule book §12 example 1 with every
step-5 question answered yes) and an accepted quote, then times per application, through the
same services the pages use:
- the submission (preconditions, the engine's result, the frozen pso-assessment/1 document,
  the freeze, the outbox rows of the notifications);
- the audit (plan the days and build the checklist with its sample, judge every check, file
  the report with its PDF);
- the award (PSO-Nederland's award, then the payment that issues the certificate, numbered and
  scoped, with supersession checked);
- the certificate PDF (WeasyPrint, tagged, with the QR code), for the first --pdfs certificates.
The baseline, measured in the same run, is scoring the same rekentool once (what every step-4
page does). Prints p50/p95 in milliseconds and the ratio to the baseline.

    .venv/bin/python bench/applications.py [--count 1000] [--pdfs 100]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/applications.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psoportal.settings_test")

import django

import psoportal.settings_test as bench_settings

# The request path queues its e-mails as a production server does (a task row in the database);
# the worker's part, rendering and sending them, is timed on its own below. Set before
# django.setup(): django-tasks builds its backends once, at the first task's import.
bench_settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

django.setup()

from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402


def _seed(count: int):
    from ready_rekentool import complete_rekentool, quote_accepted

    from psoportal.accounts.models import User
    from psoportal.organisations.models import (
        CertifyingInstitution,
        InstitutionMembership,
        Membership,
        Organisation,
    )

    institution = CertifyingInstitution.objects.create(name="Bench CI B.V.", kvk="90000000")
    auditor = User.objects.create(email="auditor@bench-ci.example", full_name="Bench Auditor")
    InstitutionMembership.objects.create(institution=institution, user=auditor,
                                         role=InstitutionMembership.Role.AUDITOR)
    staff = User.objects.create(email="bo@bench.example", full_name="Bench Bo", is_staff=True)
    tools = []
    for n in range(count):
        organisation = Organisation.objects.create(name=f"Bench {n} B.V.",
                                                   kvk=f"{30_000_000 + n:08d}")
        user = User.objects.create(email=f"user{n}@bench{n}.example", full_name=f"Bench {n}")
        Membership.objects.create(organisation=organisation, user=user,
                                  role=Membership.Role.ACCOUNTHOUDER)
        tool = complete_rekentool(organisation)
        quote_accepted(tool, user, institution, auditor)
        tools.append((tool, user))
    return tools, auditor, staff


def _report_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<html lang='nl'><head><title>Auditrapport</title></head>"
                       "<body><h1>Auditrapport</h1></body></html>").write_pdf()


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--pdfs", type=int, default=100,
                        help="certificate PDFs to render (about 0.1–0.3 s each)")
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from psoportal.assessments.selectors import (
            _register_figures_of,
            _score_and_store,
            rekentool_handbook,
        )
        from psoportal.certification.audits import (
            audit_checks_save,
            audit_plan,
            audit_report_file,
        )
        from psoportal.certification.award import application_award
        from psoportal.certification.certificate_pdf import certificate_pdf
        from psoportal.certification.models import Certificate, Notification
        from psoportal.certification.notifications import SUBMITTED_TEMPLATE
        from psoportal.certification.outbox import notification_deliver
        from psoportal.certification.services import application_submit, application_transition
        from psoportal.certification.transitions import Party

        start = time.perf_counter()
        tools, auditor, staff = _seed(args.count)
        print(f"seeded {args.count} complete rekentools with accepted quotes in "
              f"{time.perf_counter() - start:.1f} s")
        today = timezone.localdate()
        baseline = []
        for tool, _user in tools[: min(200, len(tools))]:
            t0 = time.perf_counter()
            _score_and_store(tool, rekentool_handbook(tool), on=today, key=f"bench-{tool.pk}",
                             register=_register_figures_of([tool]).get(tool.pk, {}))
            baseline.append(time.perf_counter() - t0)
        submits, audits, awards, applications = [], [], [], []
        for n, (tool, user) in enumerate(tools):
            t0 = time.perf_counter()
            applications.append(application_submit(
                rekentool=tool, user=user, submission_key=f"bench-{n}", authorised=True,
                agreement_accepted=True))
            submits.append(time.perf_counter() - t0)
        report = _report_pdf()
        for application in applications:
            t0 = time.perf_counter()
            audit = audit_plan(application=application, first_day=today, last_day=today,
                               user=auditor, party=Party.INSTITUTION)
            audit_checks_save(audit=audit, party=Party.INSTITUTION, user=auditor,
                              outcomes=dict.fromkeys(
                                  audit.checks.values_list("pk", flat=True), ("met", "")))
            audit_report_file(audit=audit, party=Party.INSTITUTION, user=auditor,
                              findings="Voldoet.", recommended_level=application.result["level"],
                              upload=SimpleUploadedFile("rapport.pdf", report,
                                                        "application/pdf"))
            audits.append(time.perf_counter() - t0)
        for application in applications:
            application.refresh_from_db()
            t0 = time.perf_counter()
            application_award(application=application, level=application.result["level"],
                              pso30plus=False, user=staff)
            application_transition(application=application, name="payment_received",
                                   actor=staff, party=Party.PSO_NEDERLAND)
            awards.append(time.perf_counter() - t0)
        mails, confirmations = [], []
        unsent = Notification.objects.filter(sent_at__isnull=True).order_by("pk")
        for notification in unsent.filter(template=SUBMITTED_TEMPLATE)[: args.pdfs]:
            t0 = time.perf_counter()
            notification_deliver(notification.pk)
            confirmations.append(time.perf_counter() - t0)
        for notification in unsent.exclude(template=SUBMITTED_TEMPLATE)[: args.pdfs]:
            t0 = time.perf_counter()
            notification_deliver(notification.pk)
            mails.append(time.perf_counter() - t0)
        pdfs = []
        for certificate in Certificate.objects.order_by("pk")[: args.pdfs]:
            t0 = time.perf_counter()
            certificate_pdf(certificate)
            pdfs.append(time.perf_counter() - t0)
        base50, base95 = _ms(baseline)
        print(f"{'per application':<44} {'p50 ms':>8} {'p95 ms':>8} {'× baseline':>11}")
        print(f"{'scoring one rekentool (baseline)':<44} {base50:8.1f} {base95:8.1f} {1:11.1f}")
        for label, values in (("submission (frozen snapshot)", submits),
                              ("audit (plan, checklist, report with PDF)", audits),
                              ("award + payment (certificate issued)", awards),
                              ("certificate PDF (WeasyPrint, QR)", pdfs),
                              ("worker: confirmation + agreement PDF", confirmations),
                              ("worker: one status e-mail", mails)):
            p50, p95 = _ms(values)
            print(f"{label:<44} {p50:8.1f} {p95:8.1f} {p50 / base50:11.1f}")
        print(f"{args.count} submissions in {sum(submits):.1f} s, {args.count} audits in "
              f"{sum(audits):.1f} s, {args.count} awards in {sum(awards):.1f} s, "
              f"{len(pdfs)} certificate PDFs in {sum(pdfs):.1f} s; "
              f"{Certificate.objects.count()} certificates issued")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
