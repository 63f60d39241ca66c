"""The register's result as .csv and .xlsx (issue 12 §1): every entry of the search, not only
the page shown, with the table's columns; .csv as Dutch Excel opens it; bounded in rows."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from psoportal.register import exports
from psoportal.register.views import PAGE_SIZE
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db

HEADER = ["Naam", "Plaats", "KvK-nummers", "Trede", "PSO 30+", "Ingangsdatum", "Einddatum",
          "Certificaatnummer", "Certificerende instelling", "Status", "Controlepagina"]


def _download(client, fmt: str, **params):
    return client.get(reverse("register:export", args=[fmt]), params)


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming  # read from the database in chunks, never held whole
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())  # UTF-8 with BOM: Excel reads the é
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _xlsx(response) -> list[list[object]]:
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


@pytest.fixture
def entries(today):
    groen = certificate(name="Groen & Schoon B.V.", city="Utrecht", level="trede_3",
                        kvks=["01234567", "87654321"], start=dt.date(2025, 1, 1),
                        number="PSO-2025-000010")
    certificate(name="Groen & Schoon B.V.", city="Utrecht", level="trede_3", pso30plus=True,
                kvks=["01234567", "87654321"], start=dt.date(2025, 1, 1),
                number="PSO-2025-000011")
    certificate(name="Café Één", city="Ede", level="trede_1", kvks=["11112222"],
                start=dt.date(2023, 11, 1), number="PSO-2023-000003")  # ends within 3 months
    return groen


def test_the_csv_holds_the_tables_columns_as_dutch_excel_reads_them(client, entries):
    response = _download(client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pso-register-2025-08-15.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = _csv(response)
    assert rows[0] == HEADER
    url = settings.SITE_URL.rstrip("/") + reverse("verify_certificate",
                                                  args=[entries.verification_code])
    assert rows[1:] == [
        ["Café Één", "Ede", "11112222", "Trede 1", "nee", "01-11-2023", "31-10-2025",
         "PSO-2023-000003", "Keurmerk Certificering B.V.", "verloopt binnenkort", rows[1][10]],
        ["Groen & Schoon B.V.", "Utrecht", "01234567, 87654321", "Trede 3", "nee", "01-01-2025",
         "31-12-2026", "PSO-2025-000010", "Keurmerk Certificering B.V.", "geldig", url],
        ["Groen & Schoon B.V.", "Utrecht", "01234567, 87654321", "Trede 3", "ja", "01-01-2025",
         "31-12-2026", "PSO-2025-000011", "Keurmerk Certificering B.V.", "geldig",
         rows[3][10]],
    ]


def test_the_xlsx_holds_the_same_rows_with_real_dates_and_kvk_numbers_as_text(client, entries):
    response = _download(client, "xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response["Content-Disposition"] == (
        'attachment; filename="pso-register-2025-08-15.xlsx"')
    rows = _xlsx(response)
    assert rows[0] == HEADER
    groen = rows[2]
    assert groen[:5] == ["Groen & Schoon B.V.", "Utrecht", "01234567, 87654321", "Trede 3", "nee"]
    assert groen[5] == dt.datetime(2025, 1, 1) and groen[6] == dt.datetime(2026, 12, 31)
    assert groen[7:10] == ["PSO-2025-000010", "Keurmerk Certificering B.V.", "geldig"]
    assert [row[7] for row in rows[1:]] == ["PSO-2023-000003", "PSO-2025-000010",
                                           "PSO-2025-000011"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.active["F3"].number_format == "DD-MM-YYYY"


def test_a_download_holds_every_entry_of_the_search_not_only_the_page(client, today):
    for n in range(PAGE_SIZE + 5):
        certificate(name=f"Bedrijf {n:02d}", kvks=[f"{40000000 + n:08d}"])
    assert len(_csv(_download(client, "csv"))) == 1 + PAGE_SIZE + 5
    assert len(_xlsx(_download(client, "xlsx"))) == 1 + PAGE_SIZE + 5


def test_a_download_follows_the_filters_sort_and_date(client, entries):
    rows = _csv(_download(client, "csv", plaats="utrecht", sortering="-nummer"))
    assert [row[7] for row in rows[1:]] == ["PSO-2025-000011", "PSO-2025-000010"]
    rows = _csv(_download(client, "csv", pso30plus="ja"))
    assert [row[7] for row in rows[1:]] == ["PSO-2025-000011"]
    earlier = _download(client, "xlsx", datum="01-12-2023")
    assert earlier["Content-Disposition"].endswith('pso-register-2023-12-01.xlsx"')
    assert [row[7] for row in _xlsx(earlier)[1:]] == ["PSO-2023-000003"]


def test_the_page_links_the_downloads_with_its_search(client, entries):
    text = client.get(reverse("register:search"), {"plaats": "Utrecht", "naam": ""}).text
    assert f'href="{reverse("register:export", args=["csv"])}?plaats=Utrecht"' in text
    assert f'href="{reverse("register:export", args=["xlsx"])}?plaats=Utrecht"' in text


def test_a_name_that_starts_like_a_formula_stays_text(client, today):
    certificate(name='=HYPERLINK("https://kwaad.example","klik")', kvks=["11112222"])
    certificate(name="-1+1 Schoonmaak", kvks=["22223333"])
    names = sorted(row[0] for row in _csv(_download(client, "csv"))[1:])
    assert names == ["'-1+1 Schoonmaak", '\'=HYPERLINK("https://kwaad.example","klik")']
    names = sorted(row[0] for row in _xlsx(_download(client, "xlsx"))[1:])
    assert names == ["'-1+1 Schoonmaak", '\'=HYPERLINK("https://kwaad.example","klik")']


def test_more_rows_than_the_cap_are_refused_with_a_clear_message(client, entries, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_MAX_ROWS", 2)
    for fmt in ("csv", "xlsx"):
        response = _download(client, fmt)
        assert response.status_code == 400
        assert "Deze zoekopdracht vindt 3 certificaten; een download bevat er hoogstens 2." in (
            response.text)
    # The page says so instead of offering the links; a narrower search may download again.
    text = client.get(reverse("register:search")).text
    assert "Downloaden kan tot 2 regels." in text
    assert reverse("register:export", args=["csv"]) not in text
    assert len(_csv(_download(client, "csv", plaats="Utrecht"))) == 3


def test_the_cap_is_a_named_constant_of_twenty_thousand_rows():
    assert exports.EXPORT_MAX_ROWS == 20_000


def test_a_download_with_invalid_filters_goes_back_to_the_search_that_explains(client, entries):
    response = _download(client, "csv", kvk="123", plaats="Ede")
    assert response.status_code == 302
    assert response["Location"] == reverse("register:search") + "?kvk=123&plaats=Ede"


def test_an_unknown_format_is_404(client, entries):
    assert _download(client, "pdf").status_code == 404


def test_the_headers_follow_the_visitors_language(client, entries):
    client.cookies["pso_language"] = "en"
    rows = _csv(_download(client, "csv"))
    assert rows[0][:4] == ["Name", "Town", "KvK numbers", "Level"]
    assert rows[2][3] == "Level 3" and rows[2][9] == "valid"
