"""Downloading the (filtered) supplier table as .csv and .xlsx, formulas neutralised."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from psoportal.buyers.models import Niveau, Supplier
from tests.register.factories import certificate


@pytest.fixture
def suppliers(buyer):
    category = buyer.categories.filter(niveau=Niveau.CONDITION).first()
    made = certificate(name="Zeker B.V.", kvks=["01111111"], level="trede_2",
                       start=dt.date.today() - dt.timedelta(days=10))
    Supplier.objects.create(buyer=buyer, kvk="01111111", name="Zeker B.V.", category=category,
                            contract_value=Decimal("1575.00"),
                            contract_end=dt.date(2026, 8, 15))
    Supplier.objects.create(buyer=buyer, kvk="02222222", name="=HYPERLINK(\"http://x\")",
                            category=category)
    return made


def _download(client, buyer, fmt, query=""):
    url = reverse("buyers:suppliers_export", args=[buyer.organisation_id, fmt])
    return client.get(url + query)


def test_the_csv_is_dutch_excel_ready_and_neutralises_formulas(login, alice, buyer, suppliers):
    response = _download(login(alice), buyer, "csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffNaam;KvK-nummer;")
    assert "'=HYPERLINK" in text
    assert "\n=" not in text and ";=" not in text
    line = next(line for line in text.splitlines() if line.startswith("Zeker"))
    assert "01111111" in line and "15-08-2026" in line and "1575,00" in line
    assert "Trede 2" in line and suppliers.number in line
    assert f"/certificaat/{suppliers.verification_code}/" in line


def test_the_xlsx_keeps_text_as_text_and_neutralises_formulas(login, alice, buyer, suppliers):
    response = _download(login(alice), buyer, "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Naam"
    by_name = {row[0]: row for row in rows[1:]}
    assert "'=HYPERLINK(\"http://x\")" in by_name
    assert by_name["Zeker B.V."][1] == "01111111"  # the leading zero stays
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_download_follows_the_filters(login, alice, buyer, suppliers):
    response = _download(login(alice), buyer, "xlsx", "?status=niveau1-zonder-certificaat")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["'=HYPERLINK(\"http://x\")"]


def test_an_unknown_format_is_not_found(login, alice, buyer):
    assert _download(login(alice), buyer, "pdf").status_code == 404


def test_bad_filters_send_the_buyer_back_to_the_table(login, alice, buyer):
    response = _download(login(alice), buyer, "csv", "?status=x")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("buyers:suppliers",
                                                   args=[buyer.organisation_id]))
