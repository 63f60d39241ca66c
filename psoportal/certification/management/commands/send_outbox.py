from django.core.management.base import BaseCommand

from psoportal.certification.outbox import MAX_ATTEMPTS, outbox_send_unsent


class Command(BaseCommand):
    help = (
        "Every few minutes: send the notifications the worker left unsent (a failed or lost "
        f"task), oldest first, each at most {MAX_ATTEMPTS} times in all. Safe to run beside the "
        "worker and more than once: a sent notification is never sent again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=200, help="at most this many per run")

    def handle(self, *args, **options) -> None:
        sent = outbox_send_unsent(limit=options["limit"])
        self.stdout.write(f"notifications sent: {sent}")
