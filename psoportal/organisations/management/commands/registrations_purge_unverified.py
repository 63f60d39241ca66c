from django.core.management.base import BaseCommand

from psoportal.organisations.unverified import PURGE_AFTER, unverified_purge


class Command(BaseCommand):
    help = (
        f"Daily: delete registrations whose e-mail address was not confirmed within "
        f"{PURGE_AFTER.days} days (the account and the organisation only it belongs to), which "
        "frees the KvK number. Safe to run more than once."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"purged unconfirmed registrations: {unverified_purge()}")
