"""What the register import refuses, each with the row, the column and a Dutch message saying
what to fix; and the bounds of one file: bytes, rows, columns and listed errors."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from psoportal.certification.models import Certificate
from psoportal.methodology.limits import MAX_SPREADSHEET_COLUMNS
from psoportal.register import import_file
from psoportal.register.register_import import import_plan, register_import_run
from tests.register.import_support import HEADERS, csv_file, issued_here, row, xlsx_file

pytestmark = pytest.mark.django_db

D = dt.date

# (what is wrong, the rows, the expected error: row, column, code, part of the message)
CASES = [
    ("bad KvK", [row(kvk_nummers="64000101 1234ABCD")],
     (2, "kvk-nummers", "bad_kvk",
      "'1234ABCD' is geen KvK-nummer: een KvK-nummer heeft 8 cijfers")),
    ("KvK that lost its leading zero", [row(kvk_nummers="4000101")],
     (2, "kvk-nummers", "bad_kvk", "Is er een voorloopnul weggevallen?")),
    ("KvK twice in one cell", [row(kvk_nummers="64000101;64000101")],
     (2, "kvk-nummers", "duplicate_kvk", "KvK-nummer 64000101 staat twee keer in deze cel")),
    ("unknown level", [row(trede="Trede 9")],
     (2, "trede", "unknown_level",
      "'Trede 9' is geen trede van handboekversie 2.2; gebruik een van: Aspirant-status, "
      "Basistrede")),
    ("end before start", [row(einddatum="28-02-2022")],
     (2, "einddatum", "end_before_start",
      "De einddatum (28-02-2022) ligt vóór de ingangsdatum (01-03-2023)")),
    ("duplicate number in the file", [row(), row(kvk_nummers="64000999")],
     (3, "certificaatnummer", "duplicate_number",
      "Certificaatnummer P23-0001 staat ook in rij 2")),
    ("PSO 30+ number used as another row's number",
     [row(), row(certificaatnummer="P24-0002", kvk_nummers="64000999", trede="Trede 3",
                 pso_30plus="ja", certificaatnummer_pso_30plus="p23-0001")],
     (3, "certificaatnummer pso 30+", "duplicate_number", "staat ook in rij 2")),
    ("a date that does not exist", [row(ingangsdatum="31-02-2023")],
     (2, "ingangsdatum", "bad_date", "'31-02-2023' is geen bestaande datum")),
    ("no date at all", [row(einddatum="binnenkort")],
     (2, "einddatum", "bad_date", "gebruik dd-mm-jjjj")),
    ("required cell empty", [row(organisatie="  ")],
     (2, "organisatie", "required", "'organisatie' is leeg; vul het in")),
    ("KvK numbers cell of separators only", [row(kvk_nummers=" ; , ")],
     (2, "kvk-nummers", "required", "'kvk-nummers' is leeg; vul het in")),
    ("PSO 30+ without its number", [row(trede="Trede 3", pso_30plus="ja")],
     (2, "certificaatnummer pso 30+", "pso30plus_number_missing", "vul ook het certificaatnummer")),
    ("a PSO 30+ number without PSO 30+",
     [row(trede="Trede 3", pso_30plus="nee", certificaatnummer_pso_30plus="P23-0001-30")],
     (2, "certificaatnummer pso 30+", "pso30plus_number_without", "maar PSO 30+ is niet ja")),
    ("PSO 30+ below its level",
     [row(pso_30plus="ja", certificaatnummer_pso_30plus="P23-0001-30")],
     (2, "pso 30+", "pso30plus_level", "PSO 30+ hoort alleen bij Trede 3; deze regel heeft "
                                       "Trede 2")),
    ("PSO 30+ with the level certificate's number",
     [row(trede="Trede 3", pso_30plus="ja", certificaatnummer_pso_30plus="P23-0001")],
     (2, "certificaatnummer pso 30+", "pso30plus_same_number", "een eigen nummer")),
    ("yes/no that is neither", [row(pso_30plus="misschien")],
     (2, "pso 30+", "bad_boolean", "'misschien' is geen ja/nee-waarde")),
    ("unknown handbook version", [row(handboekversie="1.0")],
     (2, "handboekversie", "unknown_version", "Handboekversie '1.0' bestaat niet; bekend zijn: "
                                              "versie 2.2")),
    ("revoked before the start", [row(ingetrokken_per="01-01-2023")],
     (2, "ingetrokken per", "revoked_before_start", "ligt vóór de ingangsdatum")),
    ("revoked after the end", [row(ingetrokken_per="01-03-2025")],
     (2, "ingetrokken per", "revoked_after_end", "ligt na de einddatum (28-02-2025)")),
    ("turnover without fte", [row(omzet="100000")],
     (2, "gewogen doelgroep-fte", "figures_incomplete", "allebei in, of laat beide leeg")),
    ("turnover of zero", [row(omzet="0", gewogen_doelgroep_fte="1")],
     (2, "omzet", "not_positive", "De omzet moet groter dan 0 zijn")),
    ("negative fte", [row(omzet="1000", gewogen_doelgroep_fte="-1")],
     (2, "gewogen doelgroep-fte", "negative", "kan niet negatief zijn")),
    ("too many decimals", [row(omzet="1000,123", gewogen_doelgroep_fte="1")],
     (2, "omzet", "bad_number", "hoogstens 2 decimalen")),
    ("turnover that is no number", [row(omzet="veel", gewogen_doelgroep_fte="1")],
     (2, "omzet", "bad_number", "'veel' is geen getal")),
    ("bad certificate number", [row(certificaatnummer="P23#1")],
     (2, "certificaatnummer", "bad_number", "'P23#1' is geen geldig certificaatnummer")),
    ("a number shaped like this portal's but not quite", [row(certificaatnummer="PSO-2021-17")],
     (2, "certificaatnummer", "own_number_shape", "met 6 cijfers na het jaar")),
    ("a name too long", [row(organisatie="B" * 201)],
     (2, "organisatie", "too_long", "201 tekens lang; hoogstens 200")),
    ("control characters", [row(plaats="Bre\x07da")],
     (2, "plaats", "control_characters", "onzichtbare stuurtekens")),
    ("two certificates of one KvK number starting the same day",
     [row(), row(certificaatnummer="P23-0002", kvk_nummers="64000777 64000101")],
     (3, "ingangsdatum", "same_start", "KvK-nummer 64000101 heeft in rij 2 ook een certificaat "
                                       "met ingangsdatum 01-03-2023")),
]


@pytest.mark.parametrize(("rows", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_each_error_names_its_row_column_and_what_to_fix(rows, expected):
    plan = register_import_run(data=csv_file(rows), file_name="r.csv", actor=None)
    found = [(e.row, e.column, e.code, e.message) for e in plan.errors.lines()]
    row_number, column, code, text = expected
    assert [f[:3] for f in found] == [(row_number, column, code)], found
    assert text in found[0][3]
    assert Certificate.objects.count() == 0


def test_a_row_with_several_problems_reports_each():
    plan = import_plan(csv_file([row(kvk_nummers="123", trede="Trede 9",
                                     einddatum="01-01-2020")]), "r.csv")
    assert {e.code for e in plan.errors.lines()} == {"bad_kvk", "unknown_level",
                                                     "end_before_start"}


@pytest.mark.parametrize(("headers", "code", "column", "text"), [
    ([*HEADERS, "status"], "unknown_column", "status",
     "Onbekende kolom 'status'. Gebruik deze kolomnamen: certificaatnummer, organisatie"),
    ([*HEADERS, "Trede"], "duplicate_column", "Trede", "De kolom 'trede' staat twee keer"),
    ([h for h in HEADERS if h != "einddatum"], "missing_column", "einddatum",
     "De verplichte kolom 'einddatum' ontbreekt"),
])
def test_a_wrong_header_is_named(headers, code, column, text):
    plan = import_plan(csv_file([row()], headers=headers), "r.csv")
    [error] = plan.errors.lines()
    assert (error.row, error.column, error.code) == (1, column, code)
    assert text in error.message


def test_a_value_in_a_column_without_header_is_an_error():
    data = csv_file([row(**{"": "zomaar"})], headers=[*HEADERS, ""])
    [error] = import_plan(data, "r.csv").errors.lines()
    assert (error.row, error.column, error.code) == (2, "kolom O", "no_header")


@pytest.mark.parametrize(("data", "code", "text"), [
    (b"", "empty", "Het bestand is leeg"),
    (b"\n\n", "empty", "Het bestand is leeg"),
    (csv_file([]), "no_rows", "alleen een kopregel"),
    (b"%PDF-1.7 ...", "not_spreadsheet", "geen Excel- (.xlsx) of CSV-bestand"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "xls", "oud Excel-bestand"),
    (b"PK\x03\x04 broken", "not_spreadsheet", "beschadigd"),
])
def test_a_file_that_is_no_register_is_refused_as_a_whole(data, code, text):
    plan = import_plan(data, "register.xlsx" if data.startswith(b"PK") else "register.csv")
    [error] = plan.errors.lines()
    assert (error.row, error.code) == (None, code)
    assert text in error.message


# -- bounds ------------------------------------------------------------------------------------


def test_a_file_above_the_byte_cap_is_refused_before_it_is_read(monkeypatch):
    data = csv_file([row()])
    monkeypatch.setattr(import_file, "MAX_BYTES", len(data) - 1)
    [error] = import_plan(data, "r.csv").errors.lines()
    assert error.code == "too_large" and "de grens is" in error.message


def test_a_csv_with_more_data_rows_than_the_cap_is_refused(monkeypatch):
    monkeypatch.setattr(import_file, "MAX_DATA_ROWS", 3)
    rows = [row(certificaatnummer=f"P23-{n:04d}", kvk_nummers=f"6400{n:04d}") for n in range(3)]
    assert not import_plan(csv_file(rows), "r.csv").errors
    rows.append(row(certificaatnummer="P23-0999", kvk_nummers="64000999"))
    [error] = import_plan(csv_file(rows), "r.csv").errors.lines()
    assert error.code == "too_many_rows"
    assert "hoogstens 3 certificaten" in error.message


def test_empty_rows_count_against_the_row_cap(monkeypatch):
    monkeypatch.setattr(import_file, "MAX_DATA_ROWS", 3)
    data = csv_file([row()]) + b";;;;;;;;;;;;;\r\n" * 5
    [error] = import_plan(data, "r.csv").errors.lines()
    assert error.code == "too_many_rows"


def test_an_xlsx_is_read_in_bounds_whatever_row_or_column_its_cells_claim(monkeypatch):
    monkeypatch.setattr(import_file, "MAX_DATA_ROWS", 10)
    far_down = Workbook()
    far_down.active.title = "Register"
    far_down.active.append(HEADERS)
    far_down.active.cell(row=1_000_000, column=1, value="P23-0001")
    [error] = import_plan(_saved(far_down), "r.xlsx").errors.lines()
    assert error.code == "too_many_rows"
    # Cells are read up to one column past the readers' width: a value there refuses the file,
    # one further right is never read (the row is empty as far as the import is concerned).
    just_right = Workbook()
    just_right.active.append(HEADERS)
    just_right.active.cell(row=2, column=MAX_SPREADSHEET_COLUMNS + 1, value="x")
    [error] = import_plan(_saved(just_right), "r.xlsx").errors.lines()
    assert (error.row, error.code) == (2, "too_many_columns")
    far_right = Workbook()
    far_right.active.append(HEADERS)
    far_right.active.cell(row=2, column=16_000, value="x")
    [error] = import_plan(_saved(far_right), "r.xlsx").errors.lines()
    assert error.code == "no_rows"


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_more_named_columns_than_the_cap_is_refused():
    headers = HEADERS + [f"extra {n}" for n in range(import_file.MAX_COLUMNS - len(HEADERS) + 1)]
    [error] = import_plan(csv_file([row()], headers=headers), "r.csv").errors.lines()
    assert (error.row, error.code) == (1, "too_many_columns")
    assert f"hoogstens {import_file.MAX_COLUMNS}" in error.message


def test_errors_past_the_listed_number_are_counted_in_one_line(monkeypatch):
    monkeypatch.setattr(import_file, "MAX_LISTED_ERRORS", 3)
    rows = [row(certificaatnummer=f"P23-{n:04d}", kvk_nummers="1") for n in range(5)]
    plan = import_plan(csv_file(rows), "r.csv")
    lines = plan.errors.lines()
    assert plan.errors.count == 5 and len(lines) == 4
    assert [line.row for line in lines[:3]] == [2, 3, 4]
    assert lines[3].message == "… en nog 2 fouten (alleen de eerste 3 staan hierboven)."


def test_an_xlsx_error_points_at_the_row_excel_shows():
    rows = [row(), row(certificaatnummer="P23-0002", kvk_nummers="64000102",
                       trede="Trede 9")]
    [error] = import_plan(xlsx_file(rows), "r.xlsx").errors.lines()
    assert (error.row, error.column, error.code) == (3, "trede", "unknown_level")


# -- the register's own checks -------------------------------------------------------------------


def test_a_certificate_starting_while_one_issued_here_is_in_force_is_an_error():
    issued_here("PSO-2024-000001", "64000101", D(2024, 1, 1), D(2025, 12, 31))
    plan = register_import_run(data=csv_file([row(ingangsdatum="01-06-2024",
                                                   einddatum="31-05-2026")]),
                               file_name="r.csv", actor=None)
    [error] = plan.errors.lines()
    assert (error.row, error.column, error.code) == (2, "ingangsdatum", "issued_here_in_force")
    assert "certificaat PSO-2024-000001 uit MijnPSO, dat op de ingangsdatum 01-06-2024 geldig" \
        in error.message
    assert Certificate.objects.count() == 1


def test_a_second_imported_certificate_with_the_same_start_is_an_error():
    register_import_run(data=csv_file([row()]), file_name="r.csv", actor=None)
    plan = import_plan(csv_file([row(certificaatnummer="P23-0002")]), "r.csv")
    [error] = plan.errors.lines()
    assert (error.code, error.column) == ("same_start_register", "ingangsdatum")
    assert "al certificaat P23-0001 met ingangsdatum 01-03-2023" in error.message
    # Named in the file as revoked from its start, it no longer counts.
    fixed = import_plan(csv_file([row(ingetrokken_per="01-03-2023"),
                                  row(certificaatnummer="P23-0002")]), "r.csv")
    assert not fixed.errors


CELLS = st.sampled_from(["", " ", "ja", "nee", "x", "P23-0001", "p23-0002", "64000101",
                         "6400010", "64000101 64000102", ";", "Trede 2", "trede_3", "Aspirant",
                         "01-03-2023", "2024-02-29", "31-02-2023", "1.000,50", "-1", "0",
                         "Keurmerk B.V.", "2.2", "9.9", "\x07"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(HEADERS), CELLS), min_size=1, max_size=8))
def test_every_row_of_any_file_is_read_or_has_an_error(changes):
    """Valid rows with one cell each changed to a value from CELLS: no row is ever dropped
    without an error naming it."""
    rows = []
    for number, (column, value) in enumerate(changes):
        values = row(certificaatnummer=f"P20-{number:04d}", kvk_nummers=f"6400{number:04d}")
        values[column] = value
        rows.append(values)
    result = import_file.read_register_file(csv_file(rows), "r.csv")
    read = {file_row.row for file_row in result.rows}
    if any(error.row is None for error in result.errors.lines()):
        assert read == set()  # refused as a whole
        return
    failed = {error.row for error in result.errors.lines() if error.row}
    assert read | failed == set(range(2, len(rows) + 2))
    assert not read & failed
