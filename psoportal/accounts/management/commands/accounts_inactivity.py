from django.core.management.base import BaseCommand

from psoportal.accounts.erasure import inactivity_run


class Command(BaseCommand):
    help = (
        "Daily: warn users who have not logged in for almost 2 years (30 and 7 days before) and "
        "erase the accounts that reached 2 years. Safe to run more than once a day."
    )

    def handle(self, *args, **options) -> None:
        counts = inactivity_run()
        self.stdout.write(
            f"warned (30 days): {counts['warned_30']}, warned (7 days): {counts['warned_7']}, "
            f"erased: {counts['erased']}"
        )
