"""The proefaanvraag PDF: sections numbered by step, the calculation steps in words, the step-5
answers, and a tagged PDF (PDF/UA-1) with language and title (issue 9 §7 and §16)."""

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


def _text(reader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_sections_are_numbered_by_step_in_order(login, alice, rekentool):
    text = _text(_pdf(login(alice), rekentool))
    headings = ["1. Organisatie", "2. Rekentool", "3A/3B Peiljaar en personeel",
                "3C PSO-doelgroep", "3D Inkopen", "4. Voorlopige score",
                "5. Kwalitatieve vragen"]
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions, dict(zip(headings, positions, strict=True))
    assert positions == sorted(positions)


def test_the_calculation_steps_are_labelled_lines_not_engine_keys(login, alice, rekentool):
    text = _text(_pdf(login(alice), rekentool))
    assert "Alle rekenstappen" in text
    assert "Gewogen doelgroep-fte (D)" in text
    assert "Handboek §5.3" in text
    for raw in ("direct_fte.", "quantitative_level", "trede_2", "null", "regular"):
        assert raw not in text


def test_the_step_5_answers_are_in_it(login, alice, rekentool):
    rekentool.qualitative = {"passend_werk": [True, False]}
    rekentool.save()
    text = _text(_pdf(login(alice), rekentool))
    step5 = text[text.index("5. Kwalitatieve vragen"):]
    assert "Passend werk" in step5
    assert "Ja" in step5 and "Nee" in step5 and "niet beantwoord" in step5


def test_with_step_5_open_the_pdf_does_not_claim_a_final_level(login, alice, rekentool):
    text = _text(_pdf(login(alice), rekentool))
    assert "Op basis van de cijfers: Trede 2" in text
    assert "Geen trede" not in text


def test_it_is_a_tagged_pdf_with_language_and_title(login, alice, rekentool):
    reader = _pdf(login(alice), rekentool)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "nl"
    assert catalog["/MarkInfo"]["/Marked"]
    assert "Proefaanvraag" in reader.metadata.title


def test_the_pdf_names_the_handbook_version(login, alice, rekentool):
    text = _text(_pdf(login(alice), rekentool))
    assert "Handboekversie 2.2" in text


def test_many_entities_are_listed_up_to_the_table_limit_with_the_rest_counted(
    login, alice, rekentool
):
    """A table row per entity cost 3 s at 500 entities; beyond the limit they are counted."""
    from psoportal.assessments.pdf import ROWS_IN_FULL

    organisation = rekentool.organisation
    for n in range(ROWS_IN_FULL + 3):
        organisation.entities.create(name=f"Entiteit {n:03d}", kvk=f"{20_000_000 + n:08d}")
    text = _text(_pdf(login(alice), rekentool))
    assert f"Onderliggende entiteiten ({ROWS_IN_FULL + 3})" in text
    assert "en nog 3 (de volledige lijst staat in de export)" in text
