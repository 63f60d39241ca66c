import html
import io
import json
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from psoportal.assessments.document import rekentool_document
from psoportal.assessments.selectors import rekentool_handbook
from psoportal.methodology.limits import REF_MAX_LENGTH
from psoportal.methodology.rounding import plain

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


def test_an_excel_export_imports_back_without_loss(login, alice, rekentool, all_yes, organisation):
    rekentool.qualitative = all_yes
    rekentool.purchases.create(
        supplier="Groen B.V.",
        kvk="11223344",
        kind="pso_certified",
        amount=100000,
        supplier_turnover=2000000,
        supplier_weighted_fte=20,
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
    content = html.unescape(response.content.decode())
    assert response.status_code == 400
    limits = rekentool_handbook(rekentool).limits
    low, high = plain(limits.hours_per_week_min), plain(limits.hours_per_week_max)
    assert (
        "Doelgroep, medewerker 1, Uren per week: moet tussen "
        f"{low} en {high} liggen." in content
    )
    assert (
        "Doelgroep, medewerker 2, Referentie: deze referentie lijkt een "
        "BSN; gebruik een anonieme code." in content
    )
    assert rekentool.employees.filter(ref="D-001", hours_per_week=40).exists()


def test_a_file_that_is_not_json_or_excel_is_refused(login, alice, rekentool):
    upload = SimpleUploadedFile("foto.json", b"\x89PNG\r\n\x1a\n....")
    response = login(alice).post(reverse("mijnpso:import", args=[rekentool.pk]), {"file": upload})
    assert response.status_code == 400
    assert rekentool.employees.count() == 3


def _target_group_xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Referentie",
            "Categorie",
            "Contractvorm",
            "Uren per week",
            "In dienst vanaf",
            "In dienst tot",
            "Instroomdatum",
            "LKS tot",
            "Indicatie tot",
            "Schoolverlaten",
            "Indicatie 30+",
        ]
    )
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
    rows = [
        [f"X-{n:03d}", "wajong", "regular", 32, "01-01-2023", None, None, None, None, None, "nee"]
        for n in range(10)
    ]
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


# -- what the engine refuses in an imported document: a Dutch error naming the field ------------
# These depend on the engine's number, text and staff checks (psoportal/methodology).


@pytest.fixture
def memory_ceiling():
    """Cap this process's address space for one test, so a value that makes the code build a
    gigabyte string fails the test with MemoryError instead of exhausting the machine."""
    resource = pytest.importorskip("resource")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    status = Path("/proc/self/status").read_text()
    size_kb = int(next(line.split()[1] for line in status.splitlines()
                       if line.startswith("VmSize:")))  # fmt: skip
    resource.setrlimit(resource.RLIMIT_AS, (size_kb * 1024 + 768 * 1024 * 1024, hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


STAFF_ABOVE_TOTAL = (
    "Doelgroep: de doelgroepmedewerkers tellen samen op tot 2,0000 fte, meer dan "
    "het totaal fte (1,0000) waar zij deel van uitmaken"
)


def _exported(client, rekentool) -> str:
    return client.get(reverse("mijnpso:export", args=[rekentool.pk, "json"])).content.decode()


def _import_text(client, rekentool, text: str):
    upload = SimpleUploadedFile("rekentool.json", text.encode())
    start = time.process_time()
    response = client.post(reverse("mijnpso:import", args=[rekentool.pk]), {"file": upload})
    return response, time.process_time() - start


def _assert_refused(response, seconds, rekentool, before, *fields):
    content = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Het bestand is niet ingelezen; er is niets gewijzigd." in content
    for field in fields:
        assert field in content, field
    assert seconds < 1, seconds
    assert _snapshot(rekentool) == before


@pytest.mark.parametrize("number", ["0E-999999999", "1e999999999999999999999"])
def test_a_bare_number_with_a_huge_exponent_is_a_form_error_naming_the_field(
    login, alice, rekentool, memory_ceiling, number
):
    client = login(alice)
    before = _snapshot(rekentool)
    document = json.loads(_exported(client, rekentool))
    document["target_group"][0]["hours_per_week"] = "NUMBER"
    text = json.dumps(document).replace('"NUMBER"', number)  # a bare JSON number
    response, seconds = _import_text(client, rekentool, text)
    _assert_refused(
        response,
        seconds,
        rekentool,
        before,
        "Doelgroep, medewerker 1, Uren per week: ",
    )


@pytest.mark.parametrize(
    "ref", ["D-\u0000-1", "R" * (REF_MAX_LENGTH + 1)], ids=["nul byte", "one too long"]
)
def test_a_reference_with_a_nul_byte_or_too_long_is_a_form_error_naming_the_field(
    login, alice, rekentool, ref
):
    client = login(alice)
    before = _snapshot(rekentool)
    document = json.loads(_exported(client, rekentool))
    document["target_group"][0]["ref"] = ref
    response, seconds = _import_text(client, rekentool, json.dumps(document))
    _assert_refused(
        response,
        seconds,
        rekentool,
        before,
        "Doelgroep, medewerker 1, Referentie: ",
    )


def test_target_group_fte_above_the_total_fte_is_a_form_error(login, alice, rekentool):
    """Rule: the target group is part of the workforce, so the unweighted Σ fte of its staff is
    at most the total fte T. T = 1.00 and two full-time BBL/BOL 3-4 employees: weighted only
    0.25 each (D = 0.5 ≤ T), but 2 fte of staff."""
    client = login(alice)
    before = _snapshot(rekentool)
    document = json.loads(_exported(client, rekentool))
    document["workforce"]["total_fte"] = "1.00"
    full_time = str(document["organisation"]["fulltime_hours"])
    document["target_group"] = [
        {**document["target_group"][0], "ref": ref, "category": "bbl_bol_3_4",
         "contract": "regular", "hours_per_week": full_time}
        for ref in ("B-1", "B-2")
    ]  # fmt: skip
    response, seconds = _import_text(client, rekentool, json.dumps(document))
    _assert_refused(response, seconds, rekentool, before, STAFF_ABOVE_TOTAL)


def _target_group_rows(count, prefix="X"):
    return [[f"{prefix}-{n:03d}", "wajong", "secondment", 40, "01-01-2020", None, None, None,
             None, None, "nee"] for n in range(count)]  # fmt: skip


def test_a_target_group_file_that_would_pass_the_row_cap_imports_nothing(
    login, alice, rekentool, monkeypatch
):
    from psoportal.assessments.views import transfer

    monkeypatch.setattr(transfer, "MAX_TARGET_GROUP_ROWS", 4)
    upload = SimpleUploadedFile("doelgroep.xlsx", _target_group_xlsx(_target_group_rows(2)))
    response = login(alice).post(
        reverse("mijnpso:target_group_import", args=[rekentool.pk]), {"file": upload}
    )
    content = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Met dit bestand erbij heeft de rekentool 5 doelgroepmedewerkers; hoogstens 4" in content
    assert rekentool.employees.count() == 3


def test_a_target_group_file_whose_fte_exceeds_the_total_fte_imports_nothing(
    login, alice, rekentool
):
    """Rule: Σ fte of the target group ≤ total fte T (unweighted). T = 1 and two full-time
    BBL/BOL 3-4 employees (weighted 0.25 each) replacing the three employees."""
    rekentool.total_fte = Decimal("1.00")
    rekentool.fulltime_hours = 40
    rekentool.save()
    rows = [[f"B-{n}", "bbl_bol_3_4", "regular", 40, "01-01-2020", None, None, None, None,
             None, "nee"] for n in range(2)]  # fmt: skip
    upload = SimpleUploadedFile("doelgroep.xlsx", _target_group_xlsx(rows))
    response = login(alice).post(
        reverse("mijnpso:target_group_import", args=[rekentool.pk]),
        {"file": upload, "replace": "on"},
    )
    content = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert STAFF_ABOVE_TOTAL in content
    assert "niets geïmporteerd" in content
    assert sorted(rekentool.employees.values_list("ref", flat=True)) == ["D-001", "D-002", "D-003"]


def test_import_problems_are_dutch_and_name_the_field_as_the_excel_export_does(
    login, alice, rekentool
):
    client = login(alice)
    document = json.loads(_exported(client, rekentool))
    document["peiljaar"]["end"] = "2024-06-30"
    document["organisation"]["kvk"] = "123"
    document["purchases"] = [{"supplier": "Groen B.V.", "kind": "pso_certified", "amount": "-5"}]
    document["qualitative"] = {"bestaat_niet": True}
    response, _seconds = _import_text(client, rekentool, json.dumps(document))
    content = html.unescape(response.content.decode())
    assert response.status_code == 400
    digits = rekentool_handbook(rekentool).limits.kvk_digits
    for line in [
        "Peiljaar eind: moet 31-12-2024 zijn: zo lang is een peiljaar volgens "
        "het handboek.",
        f"KvK-nummer: moet een KvK-nummer van {digits} cijfers zijn.",
        "Inkopen, inkoop 1, Bedrag: mag niet negatief zijn.",
        "Kwalitatief, aspect bestaat_niet: is geen veld van een "
        "rekentool; verwijder het.",
    ]:
        assert line in content, line
