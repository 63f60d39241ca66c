"""Load demo data for `make run`. Idempotent: running it again changes nothing.

Each capability adds its own demo data in a `seed_demo_<app>` function registered below, so
this command grows with the product without becoming one long script.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from psoportal.core.demo import DEMO_PASSWORD, seed_everything


class Command(BaseCommand):
    help = "Load demo users, certifying institutions and a demo applicant organisation."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            logins = seed_everything()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo logins (password for all: "
                                             f"{DEMO_PASSWORD}):"))
        for role, email in logins:
            self.stdout.write(f"  {role:<32} {email}")
