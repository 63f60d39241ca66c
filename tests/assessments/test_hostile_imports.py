"""Hostile uploads: every import path refuses them fast, in little memory, with a Dutch message.

The files are generated here (see ``bench/hostile_files.py``): a ~1 KB xlsx whose only cell
sits in row 10^12, a workbook with 1,000,000 rows of ``zzz`` and a 19 MB line of semicolons.
Each goes to both upload views: the step-3C target-group import and the rekentool import
(Excel or JSON). Nothing may be imported, the answer is the form page again (400, like every
refused form here), in < 2 s and < 100 MB of extra memory. The time is this process's CPU
time: the bound is on the work the upload causes, which a machine busy with other processes
(CI runs the SQLite and PostgreSQL suites side by side) must not make look larger.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import encode_multipart
from django.urls import reverse

from bench.hostile_files import (
    json_array_bomb,
    million_rows_xlsx,
    row_bomb_xlsx,
    semicolon_csv,
    wide_row_xlsx,
    wide_sheet_xlsx,
)
from psoportal.assessments.spreadsheet import assessment_from_xlsx, read_target_group
from psoportal.assessments.spreadsheet.columns import TARGET_GROUP_COLUMNS
from psoportal.assessments.spreadsheet.errors import MAX_COUNTED_ERRORS, MAX_SHOWN_ERRORS
from psoportal.assessments.spreadsheet.sources import MAX_CELLS_PER_ROW, MAX_CSV_LINE
from psoportal.assessments.spreadsheet.workbook import MAIN_FIELDS
from psoportal.methodology.handbook import Handbook, handbook_for
from psoportal.methodology.limits import (
    MAX_CELL_LENGTH,
    MAX_ENTITIES,
    MAX_PURCHASES,
    MAX_SPREADSHEET_COLUMNS,
    MAX_TARGET_GROUP_ROWS,
)

BOUNDARY = "HoStIlEbOuNdArY"
SECONDS = 2.0
EXTRA_MB = 100


def dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


TARGET_GROUP_CAP = (
    f"meer dan {dutch(MAX_TARGET_GROUP_ROWS + 1)} regels (lege regels tellen mee). Een "
    f"rekentool heeft hoogstens {dutch(MAX_TARGET_GROUP_ROWS)} doelgroepmedewerkers"
)
MAIN_SHEET_CAP = (
    f"Het werkblad &#x27;Rekentool&#x27; heeft meer dan {1 + len(MAIN_FIELDS) + MAX_ENTITIES} "
    "regels (lege regels tellen mee)."
)
LINE_TOO_LONG = f"Regel 1 is langer dan {dutch(MAX_CSV_LINE)} tekens"
ROW_TOO_WIDE = f"Deze regel heeft meer dan {dutch(MAX_CELLS_PER_ROW)} cellen"
SHEET_TOO_WIDE = "heeft meer cellen dan een rekentool kan vullen"
NOT_JSON = "Het bestand is geen geldige JSON en geen Excel-export."
TOO_MANY_VALUES = (
    "Het bestand bevat meer waarden dan een rekentool kan hebben (hoogstens "
    f"{dutch(MAX_TARGET_GROUP_ROWS)} doelgroepmedewerkers en {dutch(MAX_PURCHASES)} inkopen)"
)

# (file, upload name, view, what the page must say)
CASES = {
    "row bomb to the target-group import": (
        row_bomb_xlsx, "doelgroep.xlsx", "mijnpso:target_group_import", TARGET_GROUP_CAP
    ),
    "row bomb to the rekentool import": (
        row_bomb_xlsx, "rekentool.xlsx", "mijnpso:import", MAIN_SHEET_CAP
    ),
    "a million rows to the target-group import": (
        million_rows_xlsx, "doelgroep.xlsx", "mijnpso:target_group_import", TARGET_GROUP_CAP
    ),
    "a million rows to the rekentool import": (
        million_rows_xlsx, "rekentool.xlsx", "mijnpso:import", MAIN_SHEET_CAP
    ),
    "a row of two million cells to the target-group import": (
        wide_row_xlsx, "doelgroep.xlsx", "mijnpso:target_group_import", ROW_TOO_WIDE
    ),
    "a row of two million cells to the rekentool import": (
        wide_row_xlsx, "rekentool.xlsx", "mijnpso:import", ROW_TOO_WIDE
    ),
    "2,500 rows of 1,000 cells to the target-group import": (
        wide_sheet_xlsx, "doelgroep.xlsx", "mijnpso:target_group_import", SHEET_TOO_WIDE
    ),
    "2,500 rows of 1,000 cells to the rekentool import": (
        wide_sheet_xlsx, "rekentool.xlsx", "mijnpso:import", SHEET_TOO_WIDE
    ),
    "19 MB of semicolons to the target-group import": (
        semicolon_csv, "doelgroep.csv", "mijnpso:target_group_import", LINE_TOO_LONG
    ),
    "19 MB of semicolons to the rekentool import": (
        semicolon_csv, "rekentool.json", "mijnpso:import", NOT_JSON
    ),
    "a JSON list of 9.9 million zeros to the rekentool import": (
        json_array_bomb, "rekentool.json", "mijnpso:import", TOO_MANY_VALUES
    ),
    "a JSON list of 9.9 million zeros to the target-group import": (
        json_array_bomb, "doelgroep.csv", "mijnpso:target_group_import", LINE_TOO_LONG
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return handbook_for(dt.date(2025, 8, 15))


def _state(rekentool) -> list[tuple]:
    rekentool.refresh_from_db()
    employees = rekentool.employees.order_by("ref").values_list("ref", "category", "hours_per_week")
    return [(rekentool.total_fte, rekentool.updated_at), *employees]


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_is_refused_fast_in_little_memory_and_imports_nothing(
    case, login, alice, rekentool
):
    make, filename, view, message = CASES[case]
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile(filename, make())})
    client = login(alice)
    url = reverse(view, args=[rekentool.pk])
    before = _state(rekentool)

    def post():
        return client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")

    start = time.process_time()
    response = post()
    seconds = time.process_time() - start
    tracemalloc.start()
    try:
        post()
        peak_mb = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()

    print(f"{case}: {seconds:.3f} s, {peak_mb:.1f} MB peak")  # shown with pytest -s
    content = response.content.decode()
    assert response.status_code == 400
    assert message in content
    assert "niets" in content  # "er is niets geïmporteerd" / "er is niets gewijzigd"
    assert _state(rekentool) == before
    assert seconds < SECONDS, f"{case}: {seconds:.2f} s"
    # The upload itself is held twice (request body and the bytes read from it): 2 × 19 MB.
    assert peak_mb < EXTRA_MB, f"{case}: {peak_mb:.0f} MB"


# -- the bounds one by one, on the readers ------------------------------------------------------

HEADERS = [c.header for c in TARGET_GROUP_COLUMNS]
GOOD = ["D-001", "wia", "regular", 32, "01-01-2020", None, None, None, None, None, "Nee"]


def _xlsx(rows: list[list[object]], title: str = "Doelgroep") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_row_bomb_is_refused_at_the_row_cap_by_the_target_group_reader(handbook) -> None:
    result = read_target_group(row_bomb_xlsx("Doelgroep"), "bom.xlsx", handbook)
    assert [e.code for e in result.errors] == ["too_many_rows"]
    assert result.rows == []


def test_a_sheet_just_past_the_cap_with_empty_rows_is_refused_and_one_within_is_read(
    handbook,
) -> None:
    last = MAX_TARGET_GROUP_ROWS + 1  # the header row plus one row per employee
    inside = row_bomb_xlsx("Doelgroep", row=last)
    outside = row_bomb_xlsx("Doelgroep", row=last + 1)
    assert [e.code for e in read_target_group(outside, "x.xlsx", handbook).errors] == [
        "too_many_rows"
    ]
    # Within the cap the lone cell is read: it is the header, and an unknown one.
    codes = [e.code for e in read_target_group(inside, "x.xlsx", handbook).errors]
    assert "too_many_rows" not in codes
    assert "unknown_header" in codes


def test_a_csv_with_more_lines_than_the_cap_is_refused_even_when_they_are_empty(handbook) -> None:
    header = ";".join(HEADERS).encode() + b"\r\n"
    within = header + b"\r\n" * MAX_TARGET_GROUP_ROWS  # the header row and 50,000 empty ones
    assert read_target_group(within, "doelgroep.csv", handbook).errors == []
    result = read_target_group(within + b"\r\n", "doelgroep.csv", handbook)
    assert [e.code for e in result.errors] == ["too_many_rows"]
    assert result.errors[0].message.startswith(
        f"Het bestand heeft meer dan {dutch(MAX_TARGET_GROUP_ROWS + 1)} regels"
    )


def test_a_csv_line_longer_than_a_row_can_be_is_refused_without_reading_it_whole(handbook) -> None:
    data = ";".join(HEADERS).encode() + b"\r\n" + b"x" * (MAX_CSV_LINE + 1)
    result = read_target_group(data, "doelgroep.csv", handbook)
    assert [e.code for e in result.errors] == ["line_too_long"]
    assert result.errors[0].message.startswith(f"Regel 2 is langer dan {dutch(MAX_CSV_LINE)}")


def test_a_value_past_the_column_cap_refuses_the_file(handbook) -> None:
    row = GOOD + [None] * (MAX_SPREADSHEET_COLUMNS - len(GOOD)) + ["te ver"]
    result = read_target_group(_xlsx([HEADERS, row]), "doelgroep.xlsx", handbook)
    assert [(e.code, e.row) for e in result.errors] == [("too_many_columns", 2)]
    assert f"meer dan {MAX_SPREADSHEET_COLUMNS} kolommen" in result.errors[0].message


def test_a_cell_longer_than_the_cap_is_refused_naming_the_row_and_column(handbook) -> None:
    row = list(GOOD)
    row[0] = "D" * (MAX_CELL_LENGTH + 1)
    for data, name in (
        (_xlsx([HEADERS, row]), "d.xlsx"),
        (
            (
                ";".join(HEADERS) + "\r\n" + ";".join("" if v is None else str(v) for v in row)
            ).encode(),
            "d.csv",
        ),
    ):
        result = read_target_group(data, name, handbook)
        assert [(e.code, e.row, e.column) for e in result.errors] == [
            ("cell_too_long", 2, "kolom A")
        ], name
        assert f"meer dan {dutch(MAX_CELL_LENGTH)} tekens" in result.errors[0].message


def test_reading_stops_once_the_errors_are_counted_to_their_cap(handbook) -> None:
    bad = ["", "onbekend", "onbekend", "veel", "gisteren"]  # four errors per row
    rows = MAX_COUNTED_ERRORS // 4 + 10
    data = (
        "\r\n".join([";".join(HEADERS)] + [f"D-{n};" + ";".join(bad[1:]) for n in range(rows)])
    ).encode()
    result = read_target_group(data, "doelgroep.csv", handbook)
    assert len(result.errors) == MAX_SHOWN_ERRORS + 1
    assert result.errors[-1].code == "too_many_errors"
    assert result.errors[-1].message.startswith(
        f"… en nog meer dan {dutch(MAX_COUNTED_ERRORS - MAX_SHOWN_ERRORS)} fouten"
    )
    assert result.rows == []


def test_the_rekentool_workbook_counts_errors_over_all_its_sheets(handbook) -> None:
    workbook = openpyxl.Workbook()
    main = workbook.active
    main.title = "Rekentool"
    for n in range(60):
        main.append([f"Onbekend veld {n}", "x"])
    purchases = workbook.create_sheet("Inkopen")
    purchases.append(["Leverancier", "Soort", "Bedrag"])
    for n in range(60):
        purchases.append([f"L{n}", "pso_certified", "veel"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = assessment_from_xlsx(buffer.getvalue(), handbook)
    assert len(result.errors) == MAX_SHOWN_ERRORS + 1
    assert {e.sheet for e in result.errors[:-1]} == {"Rekentool", "Inkopen"}
    assert result.errors[-1].message == (
        "… en nog 20 fouten (alleen de eerste 100 staan hierboven)."
    )


@pytest.mark.django_db
def test_the_page_counts_every_error_and_lists_the_first_hundred(login, alice, rekentool) -> None:
    rows = [HEADERS] + [[f"D-{n}", "wia", "regular", "veel", "01-01-2020"] for n in range(150)]
    upload = SimpleUploadedFile("doelgroep.xlsx", _xlsx(rows))
    response = login(alice).post(
        reverse("mijnpso:target_group_import", args=[rekentool.pk]), {"file": upload}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Het bestand bevat 150 fouten; er is niets geïmporteerd." in content
    assert "Rij 101, Uren per week" in content
    assert "Rij 102," not in content
    assert "… en nog 50 fouten (alleen de eerste 100 staan hierboven)." in content
    assert rekentool.employees.count() == 3


def test_a_quote_that_never_closes_is_refused_in_dutch_naming_the_line(handbook) -> None:
    lines = [";".join(HEADERS), "D-001;wia;regular;32;01-01-2020", '"D-002;wia'] + [
        "x" * 60_000
    ] * 3
    result = read_target_group("\r\n".join(lines).encode(), "doelgroep.csv", handbook)
    assert [e.code for e in result.errors] == ["not_spreadsheet"]
    assert result.errors[0].message.startswith("Het CSV-bestand is niet te lezen rond regel ")


def test_a_part_read_whole_at_opening_is_capped_by_its_unpacked_size(handbook) -> None:
    from psoportal.assessments.spreadsheet.sources import MAX_PART_BYTES

    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(row_bomb_xlsx("Doelgroep", row=2))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        # Shared strings are read whole when a workbook opens: a small file, unpacked huge.
        target.writestr("xl/sharedStrings.xml", b" " * (MAX_PART_BYTES + 1))
    data = buffer.getvalue()
    assert len(data) < 100_000
    result = read_target_group(data, "doelgroep.xlsx", handbook)
    assert [e.code for e in result.errors] == ["too_large"]
    assert result.errors[0].message.startswith("Het Excel-bestand is uitgepakt groter dan ")


def _number_cell_xlsx(sheet: str, digits: int) -> bytes:
    from bench.hostile_files import _xlsx

    return _xlsx(
        sheet,
        iter(
            [
                '<row r="1"><c r="A1" t="inlineStr"><is><t>Referentie</t></is></c></row>',
                f'<row r="2"><c r="A2"><v>{"9" * digits}</v></c></row>',
            ]
        ),
    )


def test_a_number_cell_too_long_to_convert_refuses_the_file_instead_of_failing(handbook) -> None:
    # Python refuses to turn a number of more than 4,300 digits into an int.
    expected = "is beschadigd of bevat een ongeldige waarde na rij 1"
    result = read_target_group(_number_cell_xlsx("Doelgroep", 5000), "d.xlsx", handbook)
    assert [e.code for e in result.errors] == ["not_spreadsheet"]
    assert expected in result.errors[0].message
    result = assessment_from_xlsx(_number_cell_xlsx("Rekentool", 5000), handbook)
    assert [e.code for e in result.errors] == ["not_spreadsheet"]
    assert expected in result.errors[0].message


@pytest.mark.django_db
def test_the_rekentool_import_answers_a_broken_sheet_with_the_form(login, alice, rekentool):
    upload = SimpleUploadedFile("rekentool.xlsx", _number_cell_xlsx("Rekentool", 5000))
    response = login(alice).post(reverse("mijnpso:import", args=[rekentool.pk]), {"file": upload})
    assert response.status_code == 400
    assert "Het werkblad &#x27;Rekentool&#x27; is beschadigd" in response.content.decode()
    assert rekentool.employees.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["mijnpso:import", "mijnpso:target_group_import"])
def test_an_upload_over_the_size_limit_is_refused_by_both_views(login, alice, rekentool, view):
    from psoportal.assessments.spreadsheet.sources import MAX_BYTES

    upload = SimpleUploadedFile("groot.csv", b" " * (MAX_BYTES + 1))
    response = login(alice).post(reverse(view, args=[rekentool.pk]), {"file": upload})
    assert response.status_code == 400
    assert f"Het bestand is groter dan {MAX_BYTES // 1024 // 1024} MB." in response.content.decode()
    assert rekentool.employees.count() == 3
