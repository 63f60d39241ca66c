"""Print the current TOTP code of the demo users (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from psoportal.accounts import totp
from psoportal.core.demo import DEMO_TOTP_SEED_B32


class Command(BaseCommand):
    help = "Print the current verification code for the demo users' shared authenticator key."

    def handle(self, *args, **options) -> None:
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Development only.")
        self.stdout.write(totp.code_at(totp.from_b32(DEMO_TOTP_SEED_B32), totp.time_step()))
