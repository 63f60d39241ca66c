"""PSO-Nederland's import pages: upload → dry run (nothing written) → Importeren; the errors with
row and column; the template files."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from psoportal.certification.models import Certificate
from psoportal.register.import_file import COLUMNS
from psoportal.register.models import RegisterImport
from psoportal.register.register_import import register_import_run
from tests.register.import_support import csv_file, row

pytestmark = pytest.mark.django_db

START = reverse("register_import:start")


def _text(response) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()))


def _upload(client, data: bytes, name: str = "register.csv"):
    return client.post(START, {"file": SimpleUploadedFile(name, data)})


def _rows():
    return [row(), row(certificaatnummer="P24-0002", organisatie="Groenwerk Bos B.V.",
                       kvk_nummers="64000201", ingangsdatum="01-05-2024",
                       einddatum="30-04-2026")]


@pytest.fixture
def staff(client, bo, login):
    return login(bo)


def test_the_start_page_documents_every_column_and_the_limits(staff):
    text = _text(staff.get(START))
    for column in COLUMNS:
        assert column.header in text
    assert "hoogstens 16 MB, 50.000 certificaten en 20 kolommen per bestand" in text
    assert "Aspirant-status, Basistrede, Trede 1, Trede 2, Trede 3" in text


def test_the_workspace_links_to_the_import(staff):
    assert START in staff.get(reverse("certification:pso_workspace")).content.decode()


def test_a_dry_run_shows_what_would_change_and_writes_nothing(staff):
    response = _upload(staff, csv_file(_rows()))
    batch = RegisterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("register_import:batch", args=[batch.pk])
    page = staff.get(response["Location"])
    text = _text(page)
    assert "Proefimport van het register" in text
    assert "Nieuw 2" in text and "Gewijzigd 0" in text
    assert "P24-0002 Groenwerk Bos B.V. PSO-certificaat Trede 2 01-05-2024 t/m 30-04-2026" in text
    assert Certificate.objects.count() == 0
    assert f'value="{batch.plan_digest}"' in page.content.decode()


def test_importeren_applies_the_dry_run(staff, bo):
    _upload(staff, csv_file(_rows()))
    batch = RegisterImport.objects.get()
    response = staff.post(reverse("register_import:batch", args=[batch.pk]),
                          {"digest": batch.plan_digest}, follow=True)
    assert Certificate.objects.count() == 2
    text = _text(response)
    assert "Geïmporteerd: 2 nieuw, 0 gewijzigd" in text
    assert "Registerimport" in text and "Importeren" not in text.split("Nieuwe certificaten")[0]
    batch.refresh_from_db()
    assert (batch.status, batch.applied_by) == (RegisterImport.Status.APPLIED, bo)


def test_an_update_is_shown_field_by_field(staff):
    register_import_run(data=csv_file(_rows()), file_name="r.csv", actor=None)
    changed = _rows()
    changed[1].update({"einddatum": "31-07-2026", "omzet": "1.500.000",
                       "gewogen doelgroep-fte": "7,25"})
    page = staff.get(_upload(staff, csv_file(changed))["Location"])
    text = _text(page)
    assert "Gewijzigd 1" in text and "Ongewijzigd 1" in text
    assert "einddatum: 30-04-2026 → 31-07-2026" in text
    assert "omzet: – → € 1.500.000,00" in text
    assert "gewogen doelgroep-fte: – → 7,25" in text


def test_a_register_changed_since_the_dry_run_shows_the_new_dry_run_and_imports_nothing(staff):
    _upload(staff, csv_file(_rows()))
    batch = RegisterImport.objects.get()
    register_import_run(data=csv_file([row(plaats="Tilburg")]), file_name="r.csv", actor=None)
    response = staff.post(reverse("register_import:batch", args=[batch.pk]),
                          {"digest": batch.plan_digest}, follow=True)
    text = _text(response)
    assert "Het register is veranderd sinds de proefimport" in text
    assert "plaats: Tilburg → Breda" in text
    assert Certificate.objects.get(number="P23-0001").city == "Tilburg"
    assert Certificate.objects.count() == 1


def test_a_file_with_errors_lists_each_with_row_and_column_and_keeps_nothing(staff):
    rows = [*_rows(), row(certificaatnummer="P24-0003", kvk_nummers="123", trede="Trede 9")]
    response = _upload(staff, csv_file(rows))
    assert response.status_code == 400
    text = _text(response)
    assert "Het bestand bevat 2 fouten; er is niets ingelezen" in text
    assert "Rij 4, kvk-nummers : '123' is geen KvK-nummer" in text
    assert "Rij 4, trede : 'Trede 9' is geen trede van handboekversie 2.2" in text
    assert RegisterImport.objects.count() == 0 and Certificate.objects.count() == 0


def test_a_file_above_the_upload_cap_is_refused_by_the_form(staff, monkeypatch):
    from psoportal.register import forms_import

    monkeypatch.setattr(forms_import, "MAX_BYTES", 10)
    response = _upload(staff, csv_file(_rows()))
    assert response.status_code == 400
    assert "Het bestand is groter dan 0 MB" in _text(response)


def test_the_xlsx_template_has_the_documented_headers_as_text_columns(staff):
    response = staff.get(reverse("register_import:template", args=["xlsx"]))
    assert response["Content-Disposition"] == 'attachment; filename="pso-register-sjabloon.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Register"]
    assert [c.value for c in sheet[1]] == [column.header for column in COLUMNS]
    assert sheet.column_dimensions["D"].number_format == "@"  # KvK numbers keep leading zeros
    assert workbook["Toelichting"]["A2"].value == "certificaatnummer"


def test_the_csv_template_is_the_header_line_and_reads_back_as_an_empty_register(staff):
    response = staff.get(reverse("register_import:template", args=["csv"]))
    assert response.content.startswith(b"\xef\xbb\xbfcertificaatnummer;organisatie;")
    text = _text(_upload(staff, response.content))
    assert "alleen een kopregel" in text


def test_an_unknown_template_format_is_404(staff):
    assert staff.get(reverse("register_import:template", args=["pdf"])).status_code == 404
