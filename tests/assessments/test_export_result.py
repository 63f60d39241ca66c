"""Exports name the handbook version they follow and carry the result beside the inputs."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from psoportal.assessments.selectors import rekentool_handbook
from psoportal.methodology.assessment import parse_assessment
from psoportal.methodology.output import score_to_dict
from psoportal.methodology.scoring import score

pytestmark = pytest.mark.django_db


def _export(client, rekentool, fmt):
    return client.get(reverse("mijnpso:export", args=[rekentool.pk, fmt])).content


def test_the_json_export_names_the_handbook_version_in_force(login, alice, rekentool):
    document = json.loads(_export(login(alice), rekentool, "json"))
    assert document["format"] == "pso-assessment/1"
    assert document["handbook"] == rekentool_handbook(rekentool).version == "2.2"


def test_the_excel_export_names_the_handbook_version_in_force(login, alice, rekentool):
    workbook = openpyxl.load_workbook(io.BytesIO(_export(login(alice), rekentool, "xlsx")))
    cells = {row[0]: row[1] for row in workbook["Rekentool"].iter_rows(values_only=True)}
    assert cells["Handboek"] == "2.2"


def test_the_excel_export_has_an_uitslag_sheet_with_the_result(login, alice, rekentool):
    workbook = openpyxl.load_workbook(io.BytesIO(_export(login(alice), rekentool, "xlsx")))
    assert "Uitslag" in workbook.sheetnames
    cells = {row[0]: row[1] for row in workbook["Uitslag"].iter_rows(values_only=True)}
    assert cells["Handboek"] == "2.2"
    assert cells["Trede op basis van de cijfers"] == "Trede 2"  # rule book §12 example 1
    assert float(cells["Totale sociale bijdrage (%)"]) == pytest.approx(5.2)
    assert cells["Aantal doelgroepmedewerkers (Z)"] == 3


def test_the_result_download_is_what_pso_score_prints_for_the_json_export(
    login, alice, rekentool
):
    client = login(alice)
    document = json.loads(_export(client, rekentool, "json"))
    response = client.get(reverse("mijnpso:result_export", args=[rekentool.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.uitslag.json"')
    result = json.loads(response.content)
    assert result == score_to_dict(score(parse_assessment(document)))
    assert result["handbook"] == "2.2"
    assert result["total_pct"] == "5.20"


def test_the_result_download_of_an_incomplete_rekentool_says_why(login, alice, organisation):
    tool = organisation.rekentools.create(name="Leeg")
    response = login(alice).get(reverse("mijnpso:result_export", args=[tool.pk]))
    assert response.status_code == 409
    assert "onvolledig" in response.content.decode()


def test_an_outsider_gets_404_for_the_result_download(login, charlie, rekentool):
    response = login(charlie).get(reverse("mijnpso:result_export", args=[rekentool.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_reimporting_an_export_keeps_following_the_version_in_force(
    login, alice, rekentool, fmt
):
    client = login(alice)
    upload = SimpleUploadedFile(f"export.{fmt}", _export(client, rekentool, fmt))
    response = client.post(reverse("mijnpso:import", args=[rekentool.pk]), {"file": upload})
    assert response.status_code == 302
    rekentool.refresh_from_db()
    assert rekentool.handbook_version == ""
    assert json.loads(_export(client, rekentool, "json"))["handbook"] == "2.2"


def test_a_rekentool_pinned_to_a_version_keeps_it_through_export_and_import(
    login, alice, rekentool
):
    rekentool.handbook_version = "2.2"
    rekentool.save()
    client = login(alice)
    exported = _export(client, rekentool, "json")
    target = rekentool.organisation.rekentools.create(name="Doel", handbook_version="2.2")
    upload = SimpleUploadedFile("export.json", exported)
    response = client.post(reverse("mijnpso:import", args=[target.pk]), {"file": upload})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.handbook_version == "2.2"


def test_an_import_naming_an_unknown_handbook_version_is_refused(login, alice, rekentool):
    client = login(alice)
    document = json.loads(_export(client, rekentool, "json"))
    document["handbook"] = "9.9"
    upload = SimpleUploadedFile("export.json", json.dumps(document).encode())
    response = client.post(reverse("mijnpso:import", args=[rekentool.pk]), {"file": upload})
    assert response.status_code == 400
    assert "dit handboek is onbekend" in response.content.decode()
    rekentool.refresh_from_db()
    assert rekentool.handbook_version == ""
