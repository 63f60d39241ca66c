"""The ``pso`` command: score assessment files, show handbooks, compute application dates.

    pso score [--explain] FILE [FILE ...]     (- reads standard input)
    pso handbook list [--json]
    pso handbook show VERSION [--json]
    pso dates --submitted YYYY-MM-DD [--handbook VERSION] [--json]

Bad input exits with status 2, prints nothing on standard output and one line per problem on
standard error, naming the field path (assessment-format.md). Several files are all-or-nothing:
one bad file means no output for any, so a script never reads half a batch.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from .dates import (
    application_dates,
    cancellation_window,
    three_month_rule_window,
)
from .handbook import (
    Handbook,
    HandbookError,
    HandbookNotFound,
    handbook_for,
    handbook_get,
    handbook_list,
)
from .limits import MAX_DOCUMENT_BYTES
from .output import score_document
from .problems import InvalidAssessment, Problem
from .rounding import plain

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, sys.stdout, sys.stderr))
    except HandbookError as e:
        print(f"pso: broken handbook: {e}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pso", description="PSO rekentool (rule book §4-§9).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("score", help="score pso-assessment/1 files")
    p.add_argument("files", nargs="+", metavar="FILE", help="assessment file; - for stdin")
    p.add_argument("--explain", action="store_true", help="add the explanation trace")
    p.set_defaults(run=_score)

    p = commands.add_parser("handbook", help="list or show handbook versions")
    handbook = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = handbook.add_parser("list", help="the known versions")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_handbook_list)
    p = handbook.add_parser("show", help="norms, weights, fees and dates of one version")
    p.add_argument("version", metavar="VERSION")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_handbook_show)

    p = commands.add_parser("dates", help="certificate and invoice dates of an application")
    p.add_argument("--submitted", required=True, type=_iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--handbook", metavar="VERSION", help="default: the one in force that day")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_dates)
    return parser


def _iso_date(text: str) -> dt.date:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"must be an ISO date (YYYY-MM-DD): {text!r}")


# -- score -------------------------------------------------------------------------------------


def _read(name: str) -> bytes:
    """At most one byte more than a document may have, so the parser can refuse a larger one
    by its size: ``pso score /dev/zero`` reads 32 MB, not until memory runs out."""
    if name == "-":
        return sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
    with Path(name).open("rb") as file:
        return file.read(MAX_DOCUMENT_BYTES + 1)


def _score_one(name: str, explain: bool) -> dict[str, Any]:
    try:
        data = _read(name)
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise InvalidAssessment([Problem("", "unreadable", f"cannot read: {reason}")]) from None
    return score_document(data, explain=explain)


def _score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    results = []
    failed = False
    several = len(args.files) > 1
    for name in args.files:
        label = "<stdin>" if name == "-" else name
        try:
            results.append(_score_one(name, args.explain))
        except InvalidAssessment as e:
            failed = True
            for problem in e.problems:
                # Problems without a path concern the whole file: always say which one.
                prefix = f"{label}: " if several or not problem.path else ""
                print(f"{prefix}{problem}", file=err)
        except HandbookNotFound as e:
            failed = True
            print(f"{label}: handbook: {e}", file=err)
    if failed:
        return EXIT_BAD_INPUT
    if several:
        for result in results:
            out.write(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n")
    else:
        out.write(json.dumps(results[0], ensure_ascii=False, indent=1) + "\n")
    return EXIT_OK


# -- handbook ----------------------------------------------------------------------------------


def _handbook_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    today = dt.date.today()
    try:
        current = handbook_for(today).version
    except HandbookNotFound:
        current = None
    rows = [
        {
            "version": h.version,
            "effective": h.effective.isoformat(),
            "title_nl": h.title_nl,
            "title_en": h.title_en,
            "in_force": h.version == current,
        }
        for h in handbook_list()
    ]
    if args.json:
        out.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return EXIT_OK
    for row in rows:
        mark = "  (in force)" if row["in_force"] else ""
        out.write(f"{row['version']:<6} from {row['effective']}  {row['title_nl']}{mark}\n")
    return EXIT_OK


def _handbook_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        hb = handbook_get(args.version)
    except HandbookNotFound as e:
        print(f"pso: {e.args[0]}", file=err)
        return EXIT_BAD_INPUT
    if args.json:
        out.write(json.dumps(_jsonable(hb), ensure_ascii=False, indent=1) + "\n")
    else:
        out.write(handbook_text(hb))
    return EXIT_OK


def _jsonable(value: Any) -> Any:
    """Handbook dataclasses as plain JSON values (Decimals as strings, sets sorted)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def handbook_text(hb: Handbook) -> str:
    """A human-readable summary of a handbook version."""
    lines = [f"Handbook {hb.version}, in force from {hb.effective.isoformat()}", hb.title_nl, ""]
    columns = [lv.code for lv in hb.normed_levels]
    provisional = [lv.code for lv in hb.normed_levels if lv.norm_provisional]
    lines.append("Norms (total %, by size = total fte rounded half-up; * = interpolated)")
    lines.append("  size " + "".join(f"{c:>12}" for c in columns))
    for row in hb.norm_rows:
        mark = " " if row.published else "*"
        cells = "".join(f"{plain(row.norms[c]):>12}" for c in columns)
        lines.append(f"  {row.size:>4}{mark}{cells}")
    if provisional:
        lines.append(f"  provisional columns: {', '.join(provisional)}")
    lines.append(f"  not certifiable below {plain(hb.minimum_fte)} fte")
    lines += ["", "Categories (weight, counting period)"]
    for cat in hb.categories.values():
        mark = " (provisional)" if cat.provisional else ""
        lines.append(f"  {cat.code:<22}{plain(cat.weight):>6}{mark}  {cat.period_en}")
    lines += ["", "Contract types (weight)"]
    for con in hb.contracts.values():
        limit = f"  at most {con.max_years} years from employment start" if con.max_years else ""
        lines.append(f"  {con.code:<22}{plain(con.weight):>6}{limit}")
    lines += [
        "",
        f"Indirect: at most {plain(hb.indirect_max_share_pct)} % of the total",
        f"Banenafspraak: {', '.join(sorted(hb.banenafspraak.categories))}; "
        f"1 baan = {plain(hb.banenafspraak.hours_per_baan)} hours a week",
        f"PSO 30+: level {hb.pso30plus.level}, at least {plain(hb.pso30plus.minimum_pct)} %",
        f"  counted: {', '.join(sorted(hb.pso30plus.categories_auto))}",
        f"  with indication: {', '.join(sorted(hb.pso30plus.categories_indicated))}",
        f"  never: {', '.join(sorted(hb.pso30plus.categories_never))}",
        f"  contracts: {', '.join(sorted(hb.pso30plus.contracts))}",
        "",
        "Qualitative aspects",
    ]
    for aspect in hb.aspects:
        lines.append(f"  {aspect.code} ({', '.join(aspect.levels)}): {aspect.label_en}")
        lines += [f"    - {q.text_en}" for q in aspect.questions]
    for table in hb.fee_tables:
        lines += [
            "",
            f"Fees from {table.effective.isoformat()} (excl. {plain(hb.vat_rate_pct)} % VAT)",
        ]
        for band in table.annual_contribution:
            upper = f"< {plain(band.upper)}" if band.upper is not None else "and more"
            lines.append(
                f"  fte {plain(band.lower):>5} {upper:<10} € {plain(band.value):>9} a year"
            )
        lines.append(f"  PSO 30+ once                € {plain(table.pso30plus_fee):>9}")
        lines += [f"  {e.code:<27} € {plain(e.amount):>9}" for e in table.events.values()]
    lines += ["", "Audit man-days"]
    for name, bands in (("aspirant (by headcount)", hb.mandays.aspirant),
                        ("trede (by Z)", hb.mandays.trede)):  # fmt: skip
        for band in bands:
            upper = f"< {plain(band.upper)}" if band.upper is not None else "and more"
            lines.append(f"  {name:<24} {plain(band.lower):>4} {upper:<9} {plain(band.value)}")
    lines += ["", "Dates"]
    lines += [f"  {f.name:<28} {getattr(hb.dates, f.name)}" for f in fields(hb.dates)]
    return "\n".join(lines) + "\n"


# -- dates -------------------------------------------------------------------------------------


def _dates(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        hb = handbook_get(args.handbook) if args.handbook else handbook_for(args.submitted)
    except HandbookNotFound as e:
        print(f"pso: {e.args[0]}", file=err)
        return EXIT_BAD_INPUT
    d = application_dates(args.submitted, hb)
    cancel = cancellation_window(args.submitted, hb)
    three = three_month_rule_window(d.certificate_start, hb)
    values = {
        "handbook": hb.version,
        "submitted": d.submitted,
        "certificate_start": d.certificate_start,
        "certificate_end": d.certificate_end,
        "expiry_notice": d.expiry_notice,
        "first_invoice": d.first_invoice,
        "first_invoice_due": d.first_invoice_due,
        "second_invoice": d.second_invoice,
        "second_invoice_due": d.second_invoice_due,
        "cancellation_window": {"first": cancel.first, "last": cancel.last},
        "three_month_rule_window": {"first": three.first, "last": three.last},
    }
    if args.json:
        out.write(json.dumps(_jsonable(values), indent=1) + "\n")
        return EXIT_OK
    for key, value in values.items():
        if isinstance(value, dict):
            value = f"{value['first'].isoformat()} to {value['last'].isoformat()}"
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out.write(f"{key.replace('_', ' '):<24} {value}\n")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
