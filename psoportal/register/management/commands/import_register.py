"""manage.py import_register FILE [--apply]: the register import of the web page, for large
loads and scripts. A dry run by default; --apply reads, checks and writes in one transaction."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from psoportal.register.import_file import MAX_BYTES
from psoportal.register.register_import import Plan, import_plan, register_import_run

# Changes printed per kind; all are counted (and applied).
SHOWN = 20


class Command(BaseCommand):
    help = ("Import certificates of the old portal's register from a .csv or .xlsx file (the "
            "format of the import page). Without --apply: a dry run that lists what would "
            "change and every error, and writes nothing. With --apply: the same checks, then "
            "everything is written in one transaction, or nothing when there is any error. "
            "Exit status 1 on errors.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--apply", action="store_true",
                            help="write the changes (default: dry run)")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as source:
                data = source.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        # The messages are the page's: Dutch, like the file's column names.
        with translation.override("nl"):
            started = time.perf_counter()
            if options["apply"]:
                plan = register_import_run(data=data, file_name=path.name, actor=None)
            else:
                plan = import_plan(data, path.name)
            seconds = time.perf_counter() - started
            self._report(plan, applied=options["apply"], seconds=seconds)
        if plan.errors:
            raise CommandError(f"{plan.errors.count} error(s); nothing imported")

    def _report(self, plan: Plan, *, applied: bool, seconds: float) -> None:
        write = self.stdout.write
        for error in plan.errors.lines():
            where = ", ".join(str(part) for part in (
                f"rij {error.row}" if error.row else None, error.column) if part)
            self.stderr.write(f"{where}: {error.message}" if where else error.message)
        for planned in plan.of("new")[:SHOWN]:
            write(f"new      row {planned.row}: {planned.facts.number} "
                  f"{planned.facts.organisation_name}")
        for planned in plan.of("updated")[:SHOWN]:
            changed = ", ".join(f"{c.field}: {c.old} -> {c.new}" for c in planned.changes)
            write(f"updated  row {planned.row}: {planned.facts.number} ({changed})")
        for lapse in plan.lapses[:SHOWN]:
            write(f"lapse    {lapse.number}: {lapse.old} -> {lapse.new}")
        counts = plan.counts
        rate = plan.data_rows / seconds if seconds else 0
        verb = "imported" if applied and not plan.errors else "dry run"
        write(f"{verb}: {plan.data_rows} rows, {counts['new']} new, {counts['updated']} updated, "
              f"{counts['unchanged']} unchanged, {counts['lapsed']} lapse changes, "
              f"{plan.errors.count} errors in {seconds:.2f} s ({rate:,.0f} rows/s)")
