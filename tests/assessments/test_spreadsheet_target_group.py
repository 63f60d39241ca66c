"""Step 3C: the target-group template and its import (rule book §2 privacy, §5 fields)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from psoportal.assessments.spreadsheet import (
    read_target_group,
    sources,
    target_group,
    target_group_template,
)
from psoportal.assessments.spreadsheet.columns import TARGET_GROUP_COLUMNS
from psoportal.assessments.spreadsheet.errors import MAX_SHOWN_ERRORS
from psoportal.assessments.spreadsheet.privacy import looks_like_name
from psoportal.methodology.handbook import Handbook, handbook_for, handbook_list
from psoportal.methodology.limits import REF_MAX_LENGTH
from psoportal.methodology.rounding import plain

HEADERS = [c.header for c in TARGET_GROUP_COLUMNS]
GOOD = ["D-001", "wia", "regular", 32, dt.date(2020, 1, 1), None, None, None, None, None, "Nee"]
EXPECTED = {
    "ref": "D-001",
    "category": "wia",
    "contract": "regular",
    "hours_per_week": "32",
    "employed_from": "2020-01-01",
    "employed_until": None,
    "inflow_date": None,
    "lks_until": None,
    "indication_until": None,
    "school_left": None,
    "indicated_30plus": False,
}
# Both pass the eleven-test (9·1+8·1+7·1+6·2+5·2+4·2+3·3+2·3−3 = 66 = 6·11).
BSN = "111222333"
BSN_WITH_ZERO = "012345672"


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return handbook_for(dt.date(2025, 8, 15))


def xlsx(rows: list[list[object]], *, title: str = "Doelgroep") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[object]], delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def read(rows: list[list[object]], handbook: Handbook, **kwargs: object):
    return read_target_group(xlsx(rows), "doelgroep.xlsx", handbook, **kwargs)


def codes(result) -> list[str]:
    return [e.code for e in result.errors]


def with_cell(column: str, value: object, base: list[object] = GOOD) -> list[object]:
    row = list(base)
    row[HEADERS.index(column)] = value
    return row


def test_the_bsn_constants_pass_the_eleven_test() -> None:
    from psoportal.methodology.bsn import is_valid_bsn

    assert is_valid_bsn(BSN)
    assert is_valid_bsn(BSN_WITH_ZERO)


# -- the template ------------------------------------------------------------------------------


def test_the_xlsx_template_re_imports_cleanly_once_filled(handbook: Handbook) -> None:
    workbook = load_workbook(io.BytesIO(target_group_template(handbook, "xlsx")))
    assert workbook.sheetnames[:2] == ["Doelgroep", "Toelichting"]
    sheet = workbook["Doelgroep"]
    assert [c.value for c in sheet[1]] == HEADERS
    wia, regular = handbook.categories["wia"].label_nl, handbook.contracts["regular"].label_nl
    sheet.append(
        ["D-001", wia, regular, 32, dt.date(2020, 1, 1), None, None, None, None, None, "Nee"]
    )
    sheet.append(
        [
            "D-002",
            "wsw",
            "secondment",
            "24,5",
            "01-02-2021",
            "31-12-2024",
            None,
            None,
            "2025-06-30",
            None,
            "Ja",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = read_target_group(buffer.getvalue(), "ingevuld.xlsx", handbook)

    assert result.errors == []
    assert result.kind == "xlsx"
    assert result.rows == [
        EXPECTED,
        {
            **EXPECTED,
            "ref": "D-002",
            "category": "wsw",
            "contract": "secondment",
            "hours_per_week": "24.5",
            "employed_from": "2021-02-01",
            "employed_until": "2024-12-31",
            "indication_until": "2025-06-30",
            "indicated_30plus": True,
        },
    ]


def test_the_csv_template_is_semicolon_separated_utf8_with_bom_and_re_imports(
    handbook: Handbook,
) -> None:
    template = target_group_template(handbook, "csv")
    assert template.startswith(b"\xef\xbb\xbf")
    assert template.decode("utf-8-sig").strip() == ";".join(HEADERS)

    filled = (
        template + b"D-001;WIA/WAO/WAZ (incl. art. 29b Ziektewet, particuliere AOV);"
        b"regular;32;1-1-2020;;;;;;nee\r\n"
    )
    result = read_target_group(filled, "doelgroep.csv", handbook)

    assert result.errors == []
    assert result.kind == "csv"
    assert result.rows == [EXPECTED]


def test_the_template_lists_categories_and_contracts_with_drop_downs(handbook: Handbook) -> None:
    workbook = load_workbook(io.BytesIO(target_group_template(handbook, "xlsx")))
    help_values = {c for row in workbook["Toelichting"].iter_rows(values_only=True) for c in row}
    for code, item in [*handbook.categories.items(), *handbook.contracts.items()]:
        assert code in help_values
        assert item.label_nl in help_values
    validations = workbook["Doelgroep"].data_validations.dataValidation
    formulas = {v.formula1 for v in validations}
    assert any(f and f.startswith("'Toelichting'!") for f in formulas)
    assert '"Ja,Nee"' in formulas


def test_an_unknown_template_format_is_a_programming_error(handbook: Handbook) -> None:
    with pytest.raises(ValueError, match="xls"):
        target_group_template(handbook, "xls")


# -- accepted forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "contract"),
    [
        ("wia", "regular"),
        ("WIA", " Regular "),
        (
            "WIA/WAO/WAZ (incl. art. 29b Ziektewet, particuliere AOV)",
            "Regulier dienstverband (vast of tijdelijk)",
        ),
        (
            "  wia/wao/waz   (INCL. art. 29b ziektewet, particuliere aov) ",
            "regulier  dienstverband (vast of tijdelijk)",
        ),
    ],
)
def test_it_accepts_dutch_labels_and_codes_in_any_case_and_spacing(
    handbook: Handbook, category: str, contract: str
) -> None:
    row = with_cell("Contractvorm", contract, with_cell("Categorie", category))
    result = read([HEADERS, row], handbook)
    assert result.errors == []
    assert result.rows == [EXPECTED]


def test_it_accepts_a_label_with_a_plain_dash_for_an_en_dash(handbook: Handbook) -> None:
    result = read(
        [HEADERS, with_cell("Categorie", "BBL/BOL niveau 3-4 met stage-/leerwerkplek")], handbook
    )
    assert result.errors == []
    assert result.rows[0]["category"] == "bbl_bol_3_4"


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2020, 3, 7),
        dt.datetime(2020, 3, 7),
        "07-03-2020",
        "7-3-2020",
        "7/3/2020",
        "07.03.2020",
        "2020-03-07",
        (dt.date(2020, 3, 7) - dt.date(1899, 12, 30)).days,  # an unformatted Excel date serial
    ],
)
def test_it_accepts_excel_dutch_and_iso_dates(handbook: Handbook, value: object) -> None:
    result = read([HEADERS, with_cell("In dienst vanaf", value)], handbook)
    assert result.errors == []
    assert result.rows[0]["employed_from"] == "2020-03-07"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(32, "32"), (32.5, "32.5"), ("32,5", "32.5"), ("32.50", "32.5"), (" 8 ", "8"), (0, "0")],
)
def test_it_reads_decimals_with_comma_or_dot(
    handbook: Handbook, value: object, expected: str
) -> None:
    result = read([HEADERS, with_cell("Uren per week", value)], handbook)
    assert result.errors == []
    assert result.rows[0]["hours_per_week"] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ja", True),
        ("nee", False),
        ("yes", True),
        ("No", False),
        ("1", True),
        (0, False),
        (True, True),
        (None, False),
    ],
)
def test_it_reads_ja_nee_yes_no_and_one_zero(
    handbook: Handbook, value: object, expected: bool
) -> None:
    result = read([HEADERS, with_cell("Indicatie 30+", value)], handbook)
    assert result.errors == []
    assert result.rows[0]["indicated_30plus"] is expected


def test_it_ignores_empty_trailing_and_blank_rows(handbook: Handbook) -> None:
    rows = [HEADERS, GOOD, [None] * 11, ["  ", None, ""], with_cell("Referentie", "D-002")]
    rows += [[None] * 11] * 20
    result = read(rows, handbook)
    assert result.errors == []
    assert [r["ref"] for r in result.rows] == ["D-001", "D-002"]


def test_it_accepts_english_headers_and_format_keys_and_optional_columns_may_be_left_out(
    handbook: Handbook,
) -> None:
    headers = ["ref", "Category", "contract", "hours_per_week", "Employed from"]
    result = read([headers, GOOD[:5]], handbook)
    assert result.errors == []
    assert result.rows == [EXPECTED]


def test_it_sniffs_a_comma_separated_csv_in_windows_1252(handbook: Handbook) -> None:
    row = with_cell("Categorie", "Wsw-geïndiceerd")
    row[HEADERS.index("In dienst vanaf")] = "01-01-2020"
    data = csv_bytes([HEADERS, row], delimiter=",", encoding="cp1252")
    result = read_target_group(data, "export.csv", handbook)
    assert result.errors == []
    assert result.rows[0]["category"] == "wsw"


def test_a_numeric_reference_keeps_its_digits(handbook: Handbook) -> None:
    result = read([HEADERS, with_cell("Referentie", 1001)], handbook)
    assert result.rows[0]["ref"] == "1001"


def test_a_50_row_generated_xlsx_imports(handbook: Handbook) -> None:
    categories, contracts = list(handbook.categories), list(handbook.contracts)
    rows: list[list[object]] = [HEADERS]
    for i in range(50):
        rows.append(
            [
                f"D-{i:03d}",
                categories[i % len(categories)],
                contracts[i % len(contracts)],
                8 + i % 33,
                dt.date(2015 + i % 9, 1 + i % 12, 1 + i % 28),
                None,
                dt.date(2015 + i % 9, 1 + i % 12, 1 + i % 28),
                None,
                None,
                None,
                i % 2 == 0,
            ]
        )
    result = read(rows, handbook)
    assert result.errors == []
    assert len(result.rows) == 50
    assert result.rows[7]["ref"] == "D-007"


# -- refused files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
            "doelgroep.xlsx",
            "not_spreadsheet",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "doelgroep.xls", "xls"),
        (bytes(range(256)) * 40, "doelgroep.csv", "not_spreadsheet"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "foto.xlsx", "not_spreadsheet"),
        (b"", "leeg.csv", "empty"),
        (b"Referentie;Categorie", "doelgroep.xlsx", "not_spreadsheet"),
    ],
    ids=["pdf-renamed", "old-xls", "binary-junk", "png", "empty", "csv-named-xlsx"],
)
def test_it_refuses_a_file_that_is_not_an_xlsx_or_csv_by_content(
    handbook: Handbook, data: bytes, filename: str, code: str
) -> None:
    result = read_target_group(data, filename, handbook)
    assert codes(result) == [code]
    assert result.rows == []
    assert result.errors[0].row is None
    assert result.errors[0].message


def test_it_refuses_a_zip_that_is_no_workbook(handbook: Handbook) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    result = read_target_group(buffer.getvalue(), "doelgroep.xlsx", handbook)
    assert codes(result) == ["not_spreadsheet"]


def test_it_refuses_a_truncated_xlsx(handbook: Handbook) -> None:
    data = xlsx([HEADERS, GOOD])
    result = read_target_group(data[: len(data) // 2], "doelgroep.xlsx", handbook)
    assert codes(result) == ["not_spreadsheet"]


def test_it_refuses_a_file_that_is_too_large(handbook: Handbook) -> None:
    data = b"Referentie;Categorie\r\n" + b"x" * sources.MAX_BYTES
    result = read_target_group(data, "groot.csv", handbook)
    assert codes(result) == ["too_large"]
    assert "20 MB" in result.errors[0].message


def test_it_refuses_too_many_rows(handbook: Handbook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(target_group, "MAX_ROWS", 5)
    rows = [HEADERS] + [with_cell("Referentie", f"D-{i}") for i in range(5)]
    result = read(rows, handbook)
    assert codes(result) == ["too_many_rows"]
    assert result.errors[0].message.startswith(
        "Het werkblad 'Doelgroep' heeft meer dan 5 regels (lege regels tellen mee)."
    )
    assert result.rows == []


def test_empty_rows_count_against_the_row_cap(
    handbook: Handbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(target_group, "MAX_ROWS", 5)
    rows = [HEADERS, GOOD, [], [], [], with_cell("Referentie", "D-002")]
    assert codes(read(rows, handbook)) == ["too_many_rows"]
    assert codes(read(rows[:5], handbook)) == []


def test_it_names_missing_and_unknown_headers(handbook: Handbook) -> None:
    headers = ["Referentie", "Categorie", "Uren", "In dienst vanaf", "Opmerking"]
    result = read([headers, ["D-001", "wia", 32, dt.date(2020, 1, 1), ""]], handbook)
    found = {(e.code, e.column) for e in result.errors}
    assert ("unknown_header", "Uren") in found
    assert ("unknown_header", "Opmerking") in found
    assert ("missing_header", "Contractvorm") in found
    assert ("missing_header", "Uren per week") in found
    assert all(e.row == 1 for e in result.errors)
    assert result.rows == []
    missing = next(e for e in result.errors if e.column == "Contractvorm")
    assert "Contractvorm" in missing.message


def test_it_refuses_a_header_that_appears_twice(handbook: Handbook) -> None:
    result = read([[*HEADERS, "categorie"], [*GOOD, "wia"]], handbook)
    assert codes(result) == ["duplicate_header"]


def test_an_empty_sheet_is_refused(handbook: Handbook) -> None:
    result = read([], handbook)
    assert codes(result) == ["empty"]


@pytest.mark.parametrize(
    "header",
    [
        "Naam",
        "BSN",
        "Achternaam",
        "Voornaam",
        "naam medewerker",
        "Burgerservicenummer",
        "Geboortedatum",
        "Last name",
    ],
)
def test_it_refuses_a_header_asking_for_personal_data(handbook: Handbook, header: str) -> None:
    result = read([[*HEADERS, header], [*GOOD, "x"]], handbook)
    assert "personal_header" in codes(result)
    error = next(e for e in result.errors if e.code == "personal_header")
    assert error.column == header
    assert "persoonsgegevens" in error.message
    assert result.rows == []


# -- refused values ----------------------------------------------------------------------------


@pytest.mark.parametrize("column", HEADERS)
def test_it_refuses_a_bsn_in_any_column(handbook: Handbook, column: str) -> None:
    result = read(
        [HEADERS, GOOD, with_cell(column, f"nr {BSN}", with_cell("Referentie", "D-2"))], handbook
    )
    assert [(e.code, e.row, e.column) for e in result.errors] == [("bsn", 3, column)]
    assert BSN not in result.errors[0].message  # the message does not repeat personal data
    assert result.rows == []


@pytest.mark.parametrize(
    "value",
    [
        BSN,
        int(BSN),
        f"medewerker-{BSN}",
        "1112.22.333",
        "111 222 333",
        int(BSN_WITH_ZERO),
        BSN_WITH_ZERO[1:],
        float(BSN),
    ],
    ids=[
        "text",
        "number",
        "embedded",
        "dotted",
        "spaced",
        "number-lost-zero",
        "text-lost-zero",
        "float",
    ],
)
def test_it_finds_a_bsn_in_every_usual_form(handbook: Handbook, value: object) -> None:
    result = read([HEADERS, with_cell("Referentie", value)], handbook)
    assert codes(result) == ["bsn"]


def test_it_finds_a_bsn_in_a_column_without_header(handbook: Handbook) -> None:
    result = read([HEADERS, [*GOOD, None, BSN]], handbook)
    assert [(e.code, e.column) for e in result.errors] == [("bsn", "kolom M")]


def test_a_nine_digit_number_failing_the_eleven_test_is_no_bsn(handbook: Handbook) -> None:
    result = read([HEADERS, with_cell("Referentie", "D-123456789")], handbook)
    assert result.errors == []


@pytest.mark.parametrize(
    "ref",
    [
        "Jan de Vries",
        "Piet Jansen",
        "J. Jansen",
        "Vries, Jan de",
        "Anne-Marie van den Berg",
        "Özil Mesut",
    ],
)
def test_it_refuses_a_reference_that_looks_like_a_name(handbook: Handbook, ref: str) -> None:
    result = read([HEADERS, with_cell("Referentie", ref)], handbook)
    assert [(e.code, e.row, e.column) for e in result.errors] == [("name_like", 2, "Referentie")]
    assert "naam" in result.errors[0].message


@pytest.mark.parametrize(
    "ref", ["D-001", "TEAM NOORD", "medewerker 12", "Noord", "dg 7", "MW-Jansen-01", "x y"]
)
def test_codes_and_single_words_are_not_taken_for_names(ref: str) -> None:
    assert not looks_like_name(ref)


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("In dienst vanaf", "31-02-2020", "bad_date"),
        ("In dienst vanaf", "gisteren", "bad_date"),
        ("In dienst tot", "2020/13/01", "bad_date"),
        ("Instroomdatum", 12, "bad_date"),
        ("Uren per week", "veel", "bad_number"),
        ("Uren per week", dt.date(2020, 1, 1), "bad_number"),
        ("Indicatie 30+", "misschien", "bad_boolean"),
        ("Categorie", "onbekend", "unknown_category"),
        ("Contractvorm", "freelance", "unknown_contract"),
        ("Uren per week", 81, "hours_range"),
        ("Uren per week", "-1", "hours_range"),
        ("Uren per week", "32,125", "hours_digits"),
        ("Referentie", "R" * (REF_MAX_LENGTH + 1), "too_long"),
        ("Referentie", None, "required"),
        ("Categorie", None, "required"),
        ("In dienst vanaf", None, "required"),
    ],
)
def test_it_refuses_a_bad_value_with_a_message_for_that_cell(
    handbook: Handbook, column: str, value: object, code: str
) -> None:
    result = read(
        [HEADERS, GOOD, with_cell(column, value, with_cell("Referentie", "D-9"))], handbook
    )
    if column == "Referentie":
        result = read([HEADERS, GOOD, with_cell(column, value)], handbook)
    assert [(e.code, e.row, e.column) for e in result.errors] == [(code, 3, column)]
    assert result.errors[0].message
    assert result.rows == []  # nothing is imported until the whole file is clean


def test_it_refuses_an_employment_end_before_its_start(handbook: Handbook) -> None:
    row = with_cell("In dienst tot", "31-12-2019")
    result = read([HEADERS, row], handbook)
    assert [(e.code, e.column) for e in result.errors] == [("end_before_start", "In dienst tot")]


def test_it_refuses_a_reference_that_appears_twice_naming_the_other_row(handbook: Handbook) -> None:
    result = read([HEADERS, GOOD, with_cell("Referentie", "D-002"), GOOD], handbook)
    assert [(e.code, e.row) for e in result.errors] == [("duplicate_ref", 4)]
    assert "rij 2" in result.errors[0].message


def test_it_refuses_a_reference_already_in_the_rekentool(handbook: Handbook) -> None:
    result = read([HEADERS, GOOD], handbook, existing_refs={"D-001", "D-007"})
    assert [(e.code, e.row, e.column) for e in result.errors] == [("existing_ref", 2, "Referentie")]


def test_it_reports_every_bad_cell_of_a_row(handbook: Handbook) -> None:
    row = ["D-001", "onbekend", "regular", "veel", "gisteren", None, None, None, None, None, "?"]
    result = read([HEADERS, row], handbook)
    assert {e.column for e in result.errors} == {
        "Categorie",
        "Uren per week",
        "In dienst vanaf",
        "Indicatie 30+",
    }


def test_a_value_in_a_column_without_header_is_refused(handbook: Handbook) -> None:
    result = read([HEADERS, [*GOOD, "iets"]], handbook)
    assert [(e.code, e.column) for e in result.errors] == [("unlabelled_column", "kolom L")]


def test_the_first_hundred_messages_are_shown_and_the_rest_counted(handbook: Handbook) -> None:
    rows = [HEADERS] + [
        with_cell("Uren per week", "veel", with_cell("Referentie", f"D-{i}")) for i in range(150)
    ]
    result = read(rows, handbook)
    assert len(result.errors) == MAX_SHOWN_ERRORS + 1 == 101
    assert result.errors[99].row == 101
    assert result.errors[-1].code == "too_many_errors"
    assert result.errors[-1].message == (
        "… en nog 50 fouten (alleen de eerste 100 staan hierboven)."
    )


def test_a_csv_row_error_names_the_row_as_excel_shows_it(handbook: Handbook) -> None:
    good = ["D-001", "wia", "regular", "32", "01-01-2020", "", "", "", "", "", ""]
    bad = ["D-002", "wia", "regular", "99", "01-01-2020", "", "", "", "", "", ""]
    data = csv_bytes([HEADERS, good, [], bad])
    result = read_target_group(data, "doelgroep.csv", handbook)
    assert [(e.code, e.row, e.sheet) for e in result.errors] == [("hours_range", 4, None)]
    assert str(result.errors[0]).startswith("rij 4, Uren per week: ")


# -- the template follows the handbook in force (categories, numbers) ---------------------------


def _validation_values(data: bytes, header: str) -> list[object]:
    """The values the drop-down of a Doelgroep column offers (its list range in Toelichting)."""
    workbook = load_workbook(io.BytesIO(data))
    letter = get_column_letter(HEADERS.index(header) + 1)
    (validation,) = [
        v
        for v in workbook["Doelgroep"].data_validations.dataValidation
        if any(str(r).startswith(f"{letter}2:") for r in v.sqref.ranges)
    ]
    sheet, cells = validation.formula1.split("!")
    assert sheet == "'Toelichting'"
    return [row[0].value for row in workbook["Toelichting"][cells.replace("$", "")]]


@pytest.mark.parametrize("book", handbook_list(), ids=lambda b: b.version)
def test_every_category_of_every_handbook_is_in_the_template_drop_down(book: Handbook) -> None:
    data = target_group_template(book, "xlsx")
    assert _validation_values(data, "Categorie") == [
        c.label_nl for c in book.categories.values()
    ]
    assert _validation_values(data, "Contractvorm") == [
        c.label_nl for c in book.contracts.values()
    ]


def _with_extra_category(book: Handbook) -> Handbook:
    model = next(iter(book.categories.values()))
    extra = dataclasses.replace(
        model, code="test_nieuw", label_nl="Nieuwe testcategorie", label_en="New test category"
    )
    return dataclasses.replace(book, categories={**book.categories, "test_nieuw": extra})


def test_a_category_added_to_the_handbook_appears_in_the_template_and_imports(
    handbook: Handbook,
) -> None:
    book = _with_extra_category(handbook)
    template = target_group_template(book, "xlsx")
    assert "Nieuwe testcategorie" in _validation_values(template, "Categorie")
    rows = [HEADERS, with_cell("Categorie", "nieuwe testcategorie"),
            with_cell("Referentie", "D-002", with_cell("Categorie", "test_nieuw"))]  # fmt: skip
    result = read_target_group(xlsx(rows), "doelgroep.xlsx", book)
    assert result.errors == []
    assert [r["category"] for r in result.rows] == ["test_nieuw", "test_nieuw"]


def test_the_column_help_gives_the_hours_of_the_handbook_in_force(handbook: Handbook) -> None:
    limits = dataclasses.replace(
        handbook.limits, hours_per_week_min=Decimal("4"), hours_per_week_max=Decimal("60.5")
    )
    book = dataclasses.replace(handbook, limits=limits)
    workbook = load_workbook(io.BytesIO(target_group_template(book, "xlsx")))
    column = HEADERS.index("Uren per week") + 1
    comment = workbook["Doelgroep"].cell(row=1, column=column).comment.text
    help_rows = {
        row[0]: row[2] for row in workbook["Toelichting"].iter_rows(values_only=True) if row
    }
    for text in (comment, help_rows["Uren per week"]):
        assert "4 tot en met 60,5" in text
        assert str(handbook.limits.hours_per_week_max) not in text


def test_no_column_help_holds_a_number_of_the_handbook(handbook: Handbook) -> None:
    limits = handbook.limits
    numbers = {
        plain(n) for n in (limits.hours_per_week_min, limits.hours_per_week_max,
                           limits.fulltime_hours_min, limits.fulltime_hours_max)
    } | {str(limits.kvk_digits), str(limits.peiljaar_months)}  # fmt: skip
    for column in TARGET_GROUP_COLUMNS:
        written = set(re.findall(r"\d+(?:[.,]\d+)?", column.help_nl))
        assert not written & numbers, (column.header, written & numbers)


def test_a_reference_of_the_longest_allowed_length_is_read(handbook: Handbook) -> None:
    result = read([HEADERS, with_cell("Referentie", "R" * REF_MAX_LENGTH)], handbook)
    assert result.errors == []


@pytest.mark.parametrize("char", ["\x00", "\x01", "\t", "\x7f", "\x85"])
def test_a_control_character_in_a_cell_is_refused_naming_the_cell(
    handbook: Handbook, char: str
) -> None:
    # Past the first 64 KB, where a NUL or many control characters would mark a binary file.
    good = [[f"D-{n}", "wia", "regular", "32", "01-01-2020"] for n in range(2000)]
    row = ["D-0" + char + "1", "wia", "regular", "32", "01-01-2020"]
    data = csv_bytes([HEADERS[:5], *good, row])
    result = read_target_group(data, "doelgroep.csv", handbook)
    assert [(e.code, e.row, e.column) for e in result.errors] == [
        ("control_characters", 2002, "Referentie")
    ]
    assert result.rows == []
