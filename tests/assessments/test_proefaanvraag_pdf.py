"""The proefaanvraag PDF: tagged (PDF/UA), sections numbered by step, step-5 answers included."""

import io
import re

import pypdf
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _pdf(client, rekentool) -> pypdf.PdfReader:
    response = client.get(reverse("mijnpso:proefaanvraag", args=[rekentool.pk]))
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content))


def _text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_is_tagged_with_a_language_and_a_title(login, alice, rekentool):
    reader = _pdf(login(alice), rekentool)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) == "nl"
    assert reader.metadata.title.startswith("Proefaanvraag – Voorbeeld B.V.")
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_the_sections_are_numbered_by_step_in_order(login, alice, rekentool):
    text = _text(_pdf(login(alice), rekentool))
    headings = ["1 Organisatie", "2 Rekentool", "3A/3B Peiljaar en personeel",
                "3C PSO-doelgroep", "4 Voorlopige score", "5 Kwalitatieve vragen"]
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions, dict(zip(headings, positions, strict=True))
    assert positions == sorted(positions)
    assert not re.search(r"^\d\. ", text, re.MULTILINE)  # no more "1." / "3." numbering


def test_the_pdf_names_the_handbook_version(login, alice, rekentool):
    assert re.search(r"Handboek\s*2\.2", _text(_pdf(login(alice), rekentool)))


def test_the_step5_answers_are_in_the_pdf(login, alice, rekentool):
    rekentool.qualitative = {"passend_werk": True, "integratie": [True, False]}
    rekentool.save()
    text = _text(_pdf(login(alice), rekentool))
    section = text[text.index("5 Kwalitatieve vragen"):]
    assert "Passend werk" in section or "passend werk" in section.lower()
    assert section.count("Ja") >= 2
    assert "Nee" in section
    # begeleiding and the others: no answer yet
    assert "nog niet beantwoord" in " ".join(section.split())


def test_an_incomplete_rekentool_says_when_the_step5_questions_follow(login, alice, organisation):
    tool = organisation.rekentools.create(name="Leeg")
    text = _text(_pdf(login(alice), tool))
    assert "5 Kwalitatieve vragen" in text
    assert "zodra de gegevens van stap 3 compleet zijn" in text


def test_many_entities_are_listed_up_to_the_table_limit_with_the_rest_counted(
    login, alice, rekentool
):
    from psoportal.assessments.pdf import ROWS_IN_FULL

    organisation = rekentool.organisation
    for n in range(ROWS_IN_FULL + 3):
        organisation.entities.create(name=f"Entiteit {n:03d}", kvk=f"{20_000_000 + n:08d}")
    text = " ".join(_text(_pdf(login(alice), rekentool)).split())
    assert f"Onderliggende entiteiten ({ROWS_IN_FULL + 3})" in text
    assert "en nog 3 (de volledige lijst staat in de export)" in text
