"""Benchmark: hostile upload files against every import path (seconds and peak MB each).

Run: ``.venv/bin/python bench/hostile_files.py [--runs N]``. For each hostile file and each
import path it prints the wall time (best of ``--runs``, without tracing) and the tracemalloc
peak of one traced run, plus the message the user gets. Target: every file refused in < 2 s
with < 100 MB extra memory.

The files are made here, in memory, small enough to keep in a test (see
``tests/assessments/test_hostile_imports.py``, which imports the generators):

- ``row_bomb_xlsx``: ~1 KB xlsx whose only cell sits in row 10^12 (openpyxl in read-only mode
  fills the gap with empty rows, forever);
- ``million_rows_xlsx``: 1,000,000 rows of ``zzz`` in one sheet (~150 KB compressed);
- ``semicolon_csv``: one line of 19,000,000 semicolons (19 MB, under the 20 MB upload cap);
- ``json_array_bomb``: a JSON document whose target group is 9.9 million zeros (19.8 MB).

Import paths: the step-3C target-group import (xlsx and CSV, ``read_target_group``) and the
whole-rekentool import (Excel export or JSON document, ``transfer._read_document``).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>"
)
_SHEET_END = "</sheetData></worksheet>"


def _xlsx(sheet_name: str, rows_xml: Iterator[str]) -> bytes:
    """A minimal one-sheet workbook written part by part (openpyxl cannot write these)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=sheet_name))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_SHEET_START.encode())
            chunk: list[str] = []
            for row in rows_xml:
                chunk.append(row)
                if len(chunk) >= 10_000:
                    sheet.write("".join(chunk).encode())
                    chunk.clear()
            sheet.write("".join(chunk).encode())
            sheet.write(_SHEET_END.encode())
    return buffer.getvalue()


def row_bomb_xlsx(sheet_name: str = "Rekentool", row: int = 10**12) -> bytes:
    """The only data cell sits in row ``row``: every row above it is an empty row."""
    cell = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>zzz</t></is></c></row>'
    return _xlsx(sheet_name, iter([cell]))


def million_rows_xlsx(sheet_name: str = "Rekentool", rows: int = 1_000_000) -> bytes:
    """``rows`` identical rows of ``zzz`` in column A, without row numbers (each row follows the
    previous one), so the file packs to a couple of hundred KB."""
    row = '<row><c t="inlineStr"><is><t>zzz</t></is></c></row>'
    return _xlsx(sheet_name, (row for _ in range(rows)))


def wide_row_xlsx(sheet_name: str = "Rekentool", cells: int = 2_000_000) -> bytes:
    """One row of ``cells`` cells (~230 KB packed): openpyxl parses every cell of a row, also
    those right of the columns it is asked for (112 s and 1.9 GB before the raw scan)."""
    row = '<row r="1">' + '<c t="inlineStr"><is><t>zzz</t></is></c>' * cells + "</row>"
    return _xlsx(sheet_name, iter([row]))


def wide_sheet_xlsx(sheet_name: str = "Rekentool", rows: int = 2_500, cells: int = 1_000) -> bytes:
    """``rows`` rows of ``cells`` cells each: every row under the per-row cap, the sheet far
    over what a rekentool can fill."""
    row = "<row>" + '<c t="inlineStr"><is><t>zzz</t></is></c>' * cells + "</row>"
    return _xlsx(sheet_name, (row for _ in range(rows)))


def semicolon_csv(count: int = 19_000_000) -> bytes:
    """One line of ``count`` semicolons: as many empty fields."""
    return b";" * count + b"\r\n"


def json_array_bomb(count: int = 9_900_000) -> bytes:
    """A JSON document whose target group is ``count`` zeros (19.8 MB)."""
    return b'{"target_group": [' + b"0," * (count - 1) + b"0]}"


HOSTILE_FILES: dict[str, Callable[[], bytes]] = {
    "row bomb (cell in row 10^12)": row_bomb_xlsx,
    "1,000,000 rows of zzz": million_rows_xlsx,
    "one row of 2,000,000 cells": wide_row_xlsx,
    "2,500 rows of 1,000 cells": wide_sheet_xlsx,
    "19 MB line of semicolons": semicolon_csv,
    "JSON list of 9.9 million zeros": json_array_bomb,
}


def _measure(call: Callable[[], list[str]], runs: int) -> tuple[float, float, list[str]]:
    best = float("inf")
    messages: list[str] = []
    for _ in range(runs):
        start = time.perf_counter()
        messages = call()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak / 1024 / 1024, messages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psoportal.settings")
    import datetime as dt

    import django

    django.setup()
    from django.utils import translation

    from psoportal.assessments.spreadsheet import read_target_group
    from psoportal.assessments.views.transfer import _read_document
    from psoportal.methodology.handbook import handbook_for

    translation.activate("nl")
    handbook = handbook_for(dt.date(2025, 8, 15))

    class _Rekentool:  # what _read_document needs of a rekentool: its handbook
        peiljaar_start = dt.date(2024, 1, 1)
        handbook_version = handbook.version

    import psoportal.assessments.views.transfer as transfer

    transfer.rekentool_handbook = lambda rekentool: handbook  # no database needed

    def target_group(data: bytes, name: str) -> Callable[[], list[str]]:
        return lambda: [e.message for e in read_target_group(data, name, handbook).errors]

    def rekentool(data: bytes) -> Callable[[], list[str]]:
        return lambda: _read_document(data, _Rekentool())[0]

    # The baseline, in the same run: a well-formed 1,000-row target-group workbook through the
    # same import path; each refusal is shown as a ratio to it.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from import_xlsx import generate

    good = generate(1_000)
    baseline, baseline_peak, _ = _measure(target_group(good, "doelgroep.xlsx"), args.runs)
    print(f"baseline: a valid 1,000-row target-group xlsx ({len(good) / 1024:,.0f} KB) imported "
          f"in {baseline:.3f} s, peak {baseline_peak:.1f} MB")
    print(f"{'file':32} {'import path':34} {'size':>9} {'seconds':>8} {'× base':>7} "
          f"{'peak MB':>8}  message")
    for label, make in HOSTILE_FILES.items():
        data = make()
        is_csv = not data.startswith(b"PK")
        paths = {
            "target group (step 3C) " + ("CSV" if is_csv else "xlsx"): target_group(
                data, "doelgroep.csv" if is_csv else "doelgroep.xlsx"
            ),
            "rekentool import " + ("(JSON)" if is_csv else "(Excel)"): rekentool(data),
        }
        for path, call in paths.items():
            seconds, peak, messages = _measure(call, args.runs)
            size = f"{len(data) / 1024:,.0f} KB"
            message = (messages[0] if messages else "(accepted!)")[:90]
            print(f"{label:32} {path:34} {size:>9} {seconds:8.3f} {seconds / baseline:7.1f} "
                  f"{peak:8.1f}  {message}")


if __name__ == "__main__":
    main()
