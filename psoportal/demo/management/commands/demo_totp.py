"""Print the current TOTP code of the demo users (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from psoportal.accounts.demo import demo_totp_code


class Command(BaseCommand):
    help = "Print the current verification code for the demo users' shared authenticator key."

    def handle(self, *args, **options) -> None:
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Development only.")
        self.stdout.write(demo_totp_code())
