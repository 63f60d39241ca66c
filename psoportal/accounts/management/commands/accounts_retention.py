from django.core.management.base import BaseCommand

from psoportal.accounts.events import SECURITY_EVENT_RETENTION, security_events_expired_delete
from psoportal.accounts.ratelimit import buckets_expired_delete


class Command(BaseCommand):
    help = (
        "Daily: delete rate-limit buckets that are full again and security events older than "
        f"{SECURITY_EVENT_RETENTION.days} days. Safe to run more than once."
    )

    def handle(self, *args, **options) -> None:
        buckets = buckets_expired_delete()
        events = security_events_expired_delete()
        self.stdout.write(
            f"rate-limit buckets deleted: {buckets}, security events deleted: {events}"
        )
