"""The upload page of a new handbook version (issue 14 §1): a .toml file with its size limit;
a good file leads to the version's page, a refused one is told on the form in Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from psoportal.handbooks.models import HandbookVersion
from psoportal.methodology.handbook import HANDBOOK_TEXT_MAX_BYTES

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = (ROOT / "docs/handbooks/2.3-synthetisch.toml").read_bytes()
UPLOAD = reverse("handbooks:upload")


def _post(client, content: bytes, name: str = "2.3-synthetisch.toml"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content,
                                                           content_type="application/toml")})


def test_the_form_asks_for_a_toml_file_and_names_the_size_limit(client, login, bo):
    login(bo)
    response = client.get(UPLOAD)
    assert response.status_code == 200
    assert b'accept=".toml"' in response.content
    assert f"hoogstens {HANDBOOK_TEXT_MAX_BYTES // 1024} KB" in response.content.decode()


def test_the_list_links_to_the_upload_and_to_each_uploaded_version(client, login, bo):
    login(bo)
    _post(client, SYNTHETIC)
    row = HandbookVersion.objects.get()
    page = client.get(reverse("handbooks:list")).content.decode()
    assert reverse("handbooks:upload") in page and "Nieuwe versie uploaden" in page
    assert reverse("handbooks:detail", args=[row.pk]) in page


def test_a_good_file_leads_to_the_versions_page(client, login, bo):
    login(bo)
    response = _post(client, SYNTHETIC)
    row = HandbookVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("handbooks:detail", args=[row.pk])
    assert "Versie 2.3 is ingelezen" in client.get(response["Location"]).content.decode()


def test_an_invalid_file_is_refused_with_the_dutch_message_naming_the_place(client, login, bo):
    login(bo)
    broken = SYNTHETIC.replace(b'weight = "0.9"', b"weight = 0.9", 1)
    response = _post(client, broken)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Het bestand is niet ingelezen" in page
    assert "De sleutel contracts[2].weight (de 3e [[contracts]] van boven) moet een getal" in (
        page)
    assert '<code lang="en">contracts[2].weight: expected a decimal string</code>' in page
    assert not HandbookVersion.objects.exists()


def test_a_file_that_is_not_toml_is_refused_naming_the_line(client, login, bo):
    login(bo)
    response = _post(client, SYNTHETIC.replace(b'title_nl = "', b'title_nl "', 1))
    assert response.status_code == 400
    assert "op regel 13, kolom 10 klopt de opmaak niet" in response.content.decode()


def test_a_file_of_the_shipped_version_is_refused(client, login, bo):
    login(bo)
    shipped = ROOT / "psoportal/methodology/handbooks/2.2.toml"
    response = _post(client, shipped.read_bytes(), name="2.2.toml")
    assert response.status_code == 400
    assert "Versie 2.2 is al in gebruik" in response.content.decode()


def test_a_file_above_the_limit_is_refused_by_its_size(client, login, bo, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("read")

    monkeypatch.setattr("psoportal.handbooks.views_upload.handbook_version_upload", never)
    login(bo)
    response = _post(client, b"#" * (HANDBOOK_TEXT_MAX_BYTES + 1))
    assert response.status_code == 400
    assert f"groter dan {HANDBOOK_TEXT_MAX_BYTES // 1024} KB" in response.content.decode()


def test_a_file_that_is_not_toml_by_its_name_is_refused(client, login, bo):
    login(bo)
    response = _post(client, SYNTHETIC, name="handboek.xlsx")
    assert response.status_code == 400
    assert "eindigt op .toml" in response.content.decode()


def test_the_uploaded_file_can_be_downloaded_under_a_server_made_name(client, login, bo):
    login(bo)
    _post(client, SYNTHETIC, name="../../etc/x.toml")
    row = HandbookVersion.objects.get()
    response = client.get(reverse("handbooks:file", args=[row.pk]))
    assert response.content == SYNTHETIC
    assert response["Content-Disposition"] == 'attachment; filename="pso-handboek-2.3.toml"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
