"""Load demo data for `make run`. Idempotent: running it again changes nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from psoportal.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SEED_B32, demo_totp_uri
from psoportal.certification.certificates import verification_url
from psoportal.certification.demo import demo_certificate
from psoportal.demo.seeding import seed_everything

# The synthetic next version to try the handbook back office with (not loaded by the engine).
SYNTHETIC_HANDBOOK = "docs/handbooks/2.3-synthetisch.toml"


class Command(BaseCommand):
    help = "Load demo users, certifying institutions and a demo applicant with a rekentool."

    def handle(self, *args, **options) -> None:
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data (with a published TOTP seed) is for development only.")
        with transaction.atomic():
            logins = seed_everything()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo logins (password for all: "
                                             f"{DEMO_PASSWORD}):"))
        for role, email in logins:
            self.stdout.write(f"  {role:<48} {email}")
        certificate = demo_certificate()
        if certificate is not None:
            self.stdout.write(f"Demo certificate {certificate.number}, public verification page:\n"
                              f"  {verification_url(certificate)}")
            kvk = certificate.scope.filter(is_main=True).values_list("kvk", flat=True).first()
            self.stdout.write(
                f"Public register: {settings.SITE_URL}{reverse('register:search')}\n"
                f"Open API: {settings.SITE_URL}/api/v1/docs  (e.g. "
                f"{settings.SITE_URL}/api/v1/check?kvk={kvk})"
            )
        self.stdout.write(
            "A new handbook version (issue 14): log in as PSO-Nederland, open "
            f"{settings.SITE_URL}{reverse('handbooks:list')}, upload "
            f"{SYNTHETIC_HANDBOOK}, see the diff and the impact preview, publish it; then\n"
            f"  .venv/bin/python manage.py run_schedule --as-of <its effective date>\n"
            "  moves the drafts, and the demo applicant's rekentool shows before and after."
        )
        self.stdout.write(
            "Two-factor authentication: all demo users share this authenticator key "
            f"(development only):\n  key  {DEMO_TOTP_SEED_B32}\n  uri  {demo_totp_uri()}\n"
            "  current code:  .venv/bin/python manage.py demo_totp"
        )
