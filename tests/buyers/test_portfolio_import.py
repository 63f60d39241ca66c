"""Importing a supplier list: good files (csv with ; or , with or without BOM, xlsx, English
headers), bad ones (row-level Dutch messages, nothing imported until the file is clean) and
hostile ones (a zip bomb, a million rows, formulas)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from psoportal.buyers.models import Niveau, Supplier
from psoportal.buyers.portfolio_import import MAX_ROWS

HEADER = "KvK-nummer;Naam;Inkoopcategorie;Contract tot en met;Vereiste trede"


def _csv(*lines: str, bom: bool = True, header: str = HEADER) -> bytes:
    text = "\r\n".join([header, *lines]) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _post(client, buyer, data: bytes, name: str = "leveranciers.csv"):
    return client.post(reverse("buyers:suppliers_import", args=[buyer.organisation_id]),
                       {"file": SimpleUploadedFile(name, data)}, follow=True)


def _errors(response) -> list[str]:
    return [str(error) for error in response.context["errors"] or []]


@pytest.fixture
def client_alice(login, alice, buyer):
    return login(alice)


def _niveau1(buyer):
    return buyer.categories.filter(niveau=Niveau.CONDITION).first()


def test_an_update_takes_the_same_number_of_queries_for_3_or_45_suppliers(client_alice,
                                                                         buyer):
    category = _niveau1(buyer)
    counts = []
    for size in (3, 45):  # one UPDATE_BATCH: per-row queries would show
        lines = [f"{n:08d};Leverancier {n};{category.name};31-12-2027;Trede 2"
                 for n in range(1, size + 1)]
        _post(client_alice, buyer, _csv(*lines))
        changed = [line.replace("31-12-2027", "31-12-2028") for line in lines]
        with CaptureQueriesContext(connection) as queries:
            response = _post(client_alice, buyer, _csv(*changed))
        assert f"0 nieuw, {size} bijgewerkt" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_same_file_again_changes_nothing_and_says_so(client_alice, buyer):
    category = _niveau1(buyer)
    data = _csv(f"11111111;Een B.V.;{category.name};31-12-2027;Trede 2",
                "02222222;Twee B.V.;;;")
    _post(client_alice, buyer, data)
    before = dict(Supplier.objects.filter(buyer=buyer).values_list("kvk", "updated_at"))
    response = _post(client_alice, buyer, data)
    assert "0 nieuw, 0 bijgewerkt, 2 ongewijzigd" in response.content.decode()
    after = dict(Supplier.objects.filter(buyer=buyer).values_list("kvk", "updated_at"))
    assert after == before


def test_a_clean_csv_is_imported_and_the_summary_counts_new_and_updated(client_alice, buyer):
    Supplier.objects.create(buyer=buyer, kvk="11111111", name="Oude naam B.V.",
                            reference="K-9")
    category = _niveau1(buyer)
    response = _post(client_alice, buyer, _csv(
        f"11111111;Nieuwe naam B.V.;{category.name.upper()};31-12-2027;Trede 2",
        f"02222222;Twee B.V.;{category.name};2028-06-30;trede_1",
        "33333333;Drie B.V.;;;",
    ))
    assert "1 nieuw" not in response.content.decode()
    assert "2 nieuw, 1 bijgewerkt" in response.content.decode()
    updated = Supplier.objects.get(buyer=buyer, kvk="11111111")
    assert updated.name == "Nieuwe naam B.V."
    assert updated.contract_end == dt.date(2027, 12, 31)
    assert updated.required_level == "trede_2"
    assert updated.category == category
    assert updated.reference == "K-9"  # no such column in the file: kept
    assert Supplier.objects.get(kvk="02222222").contract_end == dt.date(2028, 6, 30)
    assert Supplier.objects.get(kvk="33333333").category is None


def test_a_comma_separated_csv_without_bom_with_english_headers_is_read(client_alice, buyer):
    data = _csv('44444444,"Four, Ltd",,31-12-2027,Level 3,C-4,"1.250,00"', bom=False,
                header="KvK number,Supplier name,Category,Contract end,Required level,"
                       "Reference,Contract value")
    _post(client_alice, buyer, data)
    supplier = Supplier.objects.get(buyer=buyer)
    assert (supplier.name, supplier.required_level, supplier.reference) == (
        "Four, Ltd", "trede_3", "C-4")
    assert str(supplier.contract_value) == "1250.00"


def test_an_xlsx_with_excel_dates_and_a_numeric_kvk_is_read(client_alice, buyer):
    data = _xlsx([["KvK-nummer", "Naam", "Contract vanaf", "Contract tot en met"],
                  [55555555, "Vijf B.V.", dt.datetime(2025, 1, 1), dt.datetime(2026, 12, 31)]])
    _post(client_alice, buyer, data, "leveranciers.xlsx")
    supplier = Supplier.objects.get(buyer=buyer)
    assert (supplier.kvk, supplier.contract_start, supplier.contract_end) == (
        "55555555", dt.date(2025, 1, 1), dt.date(2026, 12, 31))


def test_a_bad_file_names_row_column_and_fix_and_imports_nothing(client_alice, buyer):
    category = _niveau1(buyer)
    response = _post(client_alice, buyer, _csv(
        f"11111111;Goed B.V.;{category.name};31-12-2027;Trede 1",
        "1234567;Kort B.V.;;;",
        "22222222;Categorie B.V.;Ruimtevaart;;",
        "33333333;Trede B.V.;;;Trede 9",
        "44444444;Datum B.V.;;31-02-2027;",
        "55555555;Datum B.V.;;morgen;",
        "11111111;Dubbel B.V.;;;",
        "66666666;;;;",
    ))
    errors = _errors(response)
    assert not Supplier.objects.exists()  # the good first row too
    text = "\n".join(errors)
    assert "rij 3, KvK-nummer: '1234567' is geen KvK-nummer" in text
    assert "voorloopnul" in text
    assert "rij 4, Inkoopcategorie: Onbekende inkoopcategorie 'Ruimtevaart'" in text
    assert category.name in text  # the categories to choose from are named
    assert ("rij 5, Vereiste trede: 'Trede 9' is geen trede; gebruik een van: "
            "Aspirant-status") in text
    assert "rij 6, Contract tot en met: '31-02-2027' is geen bestaande datum" in text
    assert "rij 7, Contract tot en met: 'morgen' is geen datum (gebruik dd-mm-jjjj)" in text
    assert "rij 8, KvK-nummer: KvK-nummer 11111111 staat ook in rij 2" in text
    assert "rij 9, Naam: 'Naam' is leeg" in text
    assert "Er is niets ingelezen" in response.content.decode()


def test_a_missing_required_column_and_an_unknown_column_are_named(client_alice, buyer):
    response = _post(client_alice, buyer, _csv("Een B.V.;x", header="Naam;Kleur"))
    text = "\n".join(_errors(response))
    assert "Onbekende kolom 'Kleur'" in text
    assert "De verplichte kolom 'KvK-nummer' ontbreekt" in text


def test_the_errors_are_capped_and_the_rest_counted(client_alice, buyer):
    response = _post(client_alice, buyer, _csv(*[f"{index};X;;;" for index in range(150)]))
    errors = response.context["errors"]
    assert len(errors) == 101
    assert "… en nog 50 fouten" in errors[-1].message


def test_more_rows_than_the_limit_are_refused_whole(client_alice, buyer):
    lines = [f"{index:08d};Leverancier {index};;;" for index in range(MAX_ROWS + 1)]
    response = _post(client_alice, buyer, _csv(*lines))
    assert "Lees hoogstens 5.000 leveranciers per bestand in" in "\n".join(_errors(response))
    assert not Supplier.objects.exists()


def test_a_sheet_claiming_a_million_rows_is_refused_before_reading(client_alice, buyer):
    book = Workbook()
    sheet = book.active
    sheet.append(["KvK-nummer", "Naam"])
    sheet.cell(row=1_000_000, column=1, value="x")
    out = io.BytesIO()
    book.save(out)
    response = _post(client_alice, buyer, out.getvalue(), "groot.xlsx")
    assert response.status_code == 200
    assert "meer dan" in "\n".join(_errors(response))


def test_a_zip_bomb_is_refused_with_a_message(client_alice, buyer):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", " " * (20 * 1024 * 1024))
    response = _post(client_alice, buyer, out.getvalue(), "bom.xlsx")
    assert response.status_code == 200
    assert "uitgepakt groter dan" in "\n".join(_errors(response))


def test_a_formula_cell_counts_with_its_value_never_its_text(client_alice, buyer):
    data = _xlsx([["KvK-nummer", "Naam"], ["77777777", "=HYPERLINK(\"http://x\",\"y\")"]])
    response = _post(client_alice, buyer, data, "formule.xlsx")
    assert "'Naam' is leeg" in "\n".join(_errors(response))
    assert not Supplier.objects.exists()


def test_a_pdf_is_refused_with_what_to_do(client_alice, buyer):
    response = _post(client_alice, buyer, b"%PDF-1.4 nonsense", "leveranciers.pdf")
    assert "geen Excel- (.xlsx) of CSV-bestand" in "\n".join(_errors(response))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_has_the_headers_and_an_example_that_reads_back(client_alice, buyer, fmt):
    response = client_alice.get(reverse("buyers:suppliers_template",
                                        args=[buyer.organisation_id, fmt]))
    assert response.status_code == 200
    _post(client_alice, buyer, response.content, f"sjabloon.{fmt}")
    supplier = Supplier.objects.get(buyer=buyer)
    assert supplier.name == "Voorbeeldleverancier B.V."
    assert supplier.kvk == "01234567"
    assert supplier.category is not None and supplier.required_level


def test_the_page_states_its_limits_from_the_constants(client_alice, buyer):
    response = client_alice.get(reverse("buyers:suppliers_import", args=[buyer.organisation_id]))
    assert "hoogstens 5.000 leveranciers" in response.content.decode()
