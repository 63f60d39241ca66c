import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from psoportal.schedule import jobs  # noqa: F401 (registers the jobs)
from psoportal.schedule.registry import JOBS, schedule_run


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--as-of: {value!r} is not a date; give it as YYYY-MM-DD, e.g. 2026-03-01"
        ) from None


class Command(BaseCommand):
    help = (
        "Every minute (cron, a systemd timer, or `make run` in development): do what is due "
        "today, or on --as-of. Safe to run twice, or two at once: every effect happens once. "
        "Jobs: " + "; ".join(f"{j.name} ({j.description})" for j in JOBS)
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # A string, parsed in handle(): argparse's own error for a bad type names no format.
        parser.add_argument("--as-of", help="the day to run for, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options) -> None:
        as_of = timezone.localdate() if options["as_of"] is None else _date(options["as_of"])
        outcomes = schedule_run(as_of)
        for outcome in outcomes:
            line = f"{outcome.job}: {outcome.error or outcome.count}"
            self.stdout.write(line if not outcome.error else self.style.ERROR(f"{line} FAILED"))
        failed = [o.job for o in outcomes if o.error]
        if failed:
            raise CommandError(f"failed jobs (the others ran): {', '.join(failed)}")
