import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from psoportal.assessments.document import rekentool_document

pytestmark = pytest.mark.django_db


def _snapshot(rekentool):
    rekentool.refresh_from_db()
    document = rekentool_document(rekentool, on=rekentool.updated_at.date())
    document.pop("date")
    return document


def test_a_json_export_imports_back_without_loss(login, alice, rekentool, all_yes, organisation):
    rekentool.qualitative = all_yes
    rekentool.save()
    client = login(alice)
    response = client.get(reverse("mijnpso:export", args=[rekentool.pk, "json"]))
    assert response["Content-Disposition"].startswith('attachment; filename="rekentool-')
    assert response["Cache-Control"] == "no-store"
    exported = response.content
    assert json.loads(exported)["format"] == "pso-assessment/1"

    target = organisation.rekentools.create(name="Doel")
    upload = SimpleUploadedFile("export.json", exported, content_type="application/json")
    response = client.post(reverse("mijnpso:import", args=[target.pk]), {"file": upload})
    assert response.status_code == 302
    assert _snapshot(target) == _snapshot(rekentool)


def test_an_excel_export_imports_back_without_loss(login, alice, rekentool, all_yes,
                                                   organisation):
    rekentool.qualitative = all_yes
    rekentool.purchases.create(
        supplier="Groen B.V.", kvk="11223344", kind="pso_certified", amount=100000,
        supplier_turnover=2000000, supplier_weighted_fte=20,
    )
    rekentool.save()
    client = login(alice)
    exported = client.get(reverse("mijnpso:export", args=[rekentool.pk, "xlsx"])).content
    assert openpyxl.load_workbook(io.BytesIO(exported)).sheetnames[:2] == ["Rekentool", "Doelgroep"]
    target = organisation.rekentools.create(name="Doel")
    upload = SimpleUploadedFile("export.xlsx", exported)
    response = client.post(reverse("mijnpso:import", args=[target.pk]), {"file": upload})
    assert response.status_code == 302
    assert _snapshot(target) == _snapshot(rekentool)


def test_a_broken_import_changes_nothing_and_says_why(login, alice, rekentool):
    client = login(alice)
    exported = client.get(reverse("mijnpso:export", args=[rekentool.pk, "json"])).content
    document = json.loads(exported)
    document["target_group"][0]["hours_per_week"] = "95"
    document["target_group"][1]["ref"] = "111222333"
    upload = SimpleUploadedFile("bad.json", json.dumps(document).encode())
    response = client.post(reverse("mijnpso:import", args=[rekentool.pk]), {"file": upload})
    content = response.content.decode()
    assert response.status_code == 400
    assert "target_group[0].hours_per_week" in content
    assert "target_group[1].ref" in content
    assert rekentool.employees.filter(ref="D-001", hours_per_week=40).exists()


def test_a_file_that_is_not_json_or_excel_is_refused(login, alice, rekentool):
    upload = SimpleUploadedFile("foto.json", b"\x89PNG\r\n\x1a\n....")
    response = login(alice).post(reverse("mijnpso:import", args=[rekentool.pk]), {"file": upload})
    assert response.status_code == 400
    assert rekentool.employees.count() == 3


def _target_group_xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Referentie", "Categorie", "Contractvorm", "Uren per week", "In dienst vanaf",
                  "In dienst tot", "Instroomdatum", "LKS tot", "Indicatie tot",
                  "Schoolverlaten", "Indicatie 30+"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_clean_target_group_file_imports_every_row(login, alice, rekentool):
    contract = "Regulier dienstverband (vast of tijdelijk)"  # the Dutch label, not the code
    rows = [
        [f"X-{n:03d}", "Wajong", contract, 32, "01-01-2023", None, None, None, None, None, "Nee"]
        for n in range(50)
    ]
    upload = SimpleUploadedFile("doelgroep.xlsx", _target_group_xlsx(rows))
    response = login(alice).post(
        reverse("mijnpso:target_group_import", args=[rekentool.pk]), {"file": upload}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert rekentool.employees.count() == 53


def test_a_target_group_file_with_one_bad_row_imports_nothing(login, alice, rekentool):
    rows = [[f"X-{n:03d}", "wajong", "regular", 32, "01-01-2023", None, None, None, None, None,
             "nee"] for n in range(10)]
    rows[6][0] = "123456782"  # passes the BSN eleven-test
    upload = SimpleUploadedFile("doelgroep.xlsx", _target_group_xlsx(rows))
    response = login(alice).post(
        reverse("mijnpso:target_group_import", args=[rekentool.pk]), {"file": upload}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Rij 8" in content
    assert "niets geïmporteerd" in content
    assert rekentool.employees.count() == 3


def test_the_template_downloads_as_excel_and_csv(login, alice, rekentool):
    client = login(alice)
    xlsx = client.get(reverse("mijnpso:target_group_template", args=[rekentool.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    csv = client.get(reverse("mijnpso:target_group_template", args=[rekentool.pk, "csv"]))
    assert "Referentie" in csv.content.decode("utf-8-sig")


def test_the_proefaanvraag_is_a_real_pdf_with_the_result(login, alice, rekentool, all_yes):
    import pypdf

    rekentool.qualitative = all_yes
    rekentool.save()
    response = login(alice).get(reverse("mijnpso:proefaanvraag", args=[rekentool.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    text = "".join(page.extract_text() for page in pages)
    assert "Voorbeeld B.V." in text
    assert "Trede 2" in text
    assert "D-003" in text
