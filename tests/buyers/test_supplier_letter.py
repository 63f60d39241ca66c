"""The supplier letter "Socialer inkopen met het PSO-keurmerk" (issue 13 §6, seed 004): a
certified organisation downloads it as a PDF and a .docx, filled with its certificate, its
level and its procurement table (its own buyer policy, else the handreiking's lists)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from psoportal.buyers.models import PurchasingCategory
from tests.buyers.letters import certify, docx_document, docx_rows, docx_text, download, pdf_text
from tests.certification.pdf_qr import qr_texts

pytestmark = pytest.mark.django_db


def test_the_pdf_holds_the_organisation_its_certificate_and_the_handreiking_table(
        login, alice, organisation):
    made = certify()
    text = pdf_text(download(login(alice), organisation, "pdf"))
    for fact in ("Voorbeeld B.V.", made.number, "Trede 2", f"{made.start:%d-%m-%Y}",
                 f"{made.end:%d-%m-%Y}", "Socialer inkopen met het PSO-keurmerk",
                 "Geachte leverancier", "Niveau 1: PSO is een voorwaarde",
                 "Zonder PSO-certificering kan een organisatie niet meedoen aan een tender.",
                 "Niveau 2: PSO is dringend advies", "Niveau 3: PSO wordt aangeraden",
                 "Schoonmaak", "Callcenters", "Vastgoed", "Wij danken u hartelijk"):
        assert fact in text, fact
    assert "PSO 30+-certificaat" not in text


def test_the_ladder_in_the_letter_is_the_handbooks_not_the_handreikings_four_levels(
        login, alice, organisation):
    certify()
    text = pdf_text(download(login(alice), organisation, "pdf"))
    assert "Aspirant-status, Basistrede, Trede 1, Trede 2 en Trede 3" in text
    assert "vier prestatieniveaus" not in text


def test_the_qr_code_in_the_pdf_opens_the_public_verification_page(login, alice, organisation):
    made = certify()
    response = download(login(alice), organisation, "pdf")
    url = settings.SITE_URL.rstrip("/") + reverse("verify_certificate",
                                                  args=[made.verification_code])
    # WeasyPrint lists the one image in the resources of every page.
    assert set(qr_texts(response.content)) == {url}
    assert url in pdf_text(response).replace(" ", "")


def test_the_docx_reads_back_with_the_letter_and_the_three_niveaus_in_a_table(
        login, alice, organisation):
    made = certify()
    document = docx_document(download(login(alice), organisation, "docx"))
    text = docx_text(document)
    assert "Voorbeeld B.V." in text
    assert made.number in text and "Trede 2" in text
    assert f"geldig van {made.start:%d-%m-%Y} tot en met {made.end:%d-%m-%Y}" in text
    assert made.verification_code in text
    rows = docx_rows(document)
    assert rows[0] == ["Niveau", "Wat dit betekent", "Inkoopcategorieën"]
    assert [row[0] for row in rows[1:]] == ["Niveau 1: PSO is een voorwaarde",
                                           "Niveau 2: PSO is dringend advies",
                                           "Niveau 3: PSO wordt aangeraden"]
    assert rows[1][1] == "Zonder PSO-certificering kan een organisatie niet meedoen aan een tender."
    assert "Schoonmaak" in rows[1][2] and "Vervoer en opslag" in rows[1][2]
    assert "Telecom" in rows[2][2]
    assert "Verhuur van goederen" in rows[3][2]
    assert document.core_properties.language == "nl-NL"
    assert len(document.inline_shapes) == 1  # the QR code


def test_the_table_is_the_buyers_own_policy_when_the_workspace_is_on(login, alice, buyer,
                                                                    organisation):
    certify()
    buyer.categories.filter(name="Schoonmaak").delete()
    PurchasingCategory.objects.create(buyer=buyer, name="Drukwerk", niveau=1)
    buyer.categories.filter(name="Telecom").update(niveau=3)
    client = login(alice)
    rows = docx_rows(docx_document(download(client, organisation, "docx")))
    assert "Drukwerk" in rows[1][2] and "Schoonmaak" not in rows[1][2]
    assert "Telecom" in rows[3][2] and "Telecom" not in rows[2][2]
    text = pdf_text(download(client, organisation, "pdf"))
    assert "Drukwerk" in text and "Schoonmaak" not in text
    page = client.get(reverse("buyers:letter", args=[organisation.pk])).content.decode()
    assert "inkoopbeleid van uw inkoopwerkruimte" in page


def test_a_niveau_without_categories_says_so(login, alice, buyer, organisation):
    certify()
    buyer.categories.filter(niveau=3).delete()
    rows = docx_rows(docx_document(download(login(alice), organisation, "docx")))
    assert rows[3][2] == "Geen inkoopcategorieën op dit niveau."


def test_a_pso30plus_certificate_is_named_in_the_letter(login, alice, organisation):
    certify()
    plus = certify(pso30plus=True)
    text = pdf_text(download(login(alice), organisation, "pdf"))
    assert f"PSO 30+-certificaat {plus.number}" in text


def test_the_signature_place_date_and_opening_are_in_the_letter(login, alice, organisation):
    certify()
    document = docx_document(download(
        login(alice), organisation, "docx", signer_name="Alice Accounthouder",
        signer_function="Directeur", place="Utrecht", date="2025-08-15",
        opening="Beste leverancier, dank voor de prettige samenwerking.\n\nTweede alinea."))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Utrecht, 15-08-2025" in paragraphs
    assert "Beste leverancier, dank voor de prettige samenwerking." in paragraphs
    assert "Tweede alinea." in paragraphs
    assert paragraphs.index("Tweede alinea.") < paragraphs.index(
        next(p for p in paragraphs if p.startswith("Steeds meer organisaties")))
    assert "Alice Accounthouder\nDirecteur\nVoorbeeld B.V." in paragraphs


def test_the_preview_shows_the_letter_with_the_senders_fields(login, alice, organisation):
    made = certify()
    client = login(alice)
    page = client.get(reverse("buyers:letter", args=[organisation.pk])).content.decode()
    assert made.number in page and "Niveau 1: PSO is een voorwaarde" in page
    assert "Download PDF" in page and "Download Word (.docx)" in page
    page = client.post(reverse("buyers:letter", args=[organisation.pk]),
                       {"signer_name": "Alice Accounthouder", "place": "Zeist",
                        "date": "2025-08-15"}).content.decode()
    assert "Zeist, 15-08-2025" in page and "Alice Accounthouder<br>" in page


def test_the_senders_text_and_the_name_are_escaped_everywhere(login, alice, organisation):
    certify()
    organisation.name = "<b>Voorbeeld</b> B.V."
    organisation.save()
    script = "<script>alert(1)</script>"
    client = login(alice)
    data = {"opening": f"Hallo {script}", "signer_name": script}
    page = client.post(reverse("buyers:letter", args=[organisation.pk]), data).content.decode()
    assert script not in page and "<b>Voorbeeld</b>" not in page
    assert "Hallo &lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Shown as text in the PDF: a real <script> element would not be printed at all.
    text = pdf_text(download(client, organisation, "pdf", **data))
    assert f"Hallo {script}" in text and "<b>Voorbeeld</b> B.V." in text
    paragraphs = [p.text for p in docx_document(download(client, organisation, "docx",
                                                         **data)).paragraphs]
    assert f"Hallo {script}" in paragraphs


def test_the_downloads_are_attachments_with_our_own_name_never_cached(login, alice,
                                                                     organisation):
    certify()
    organisation.name = 'Voorbeeld "B.V."\r\nX-Evil: 1'
    organisation.save()
    client = login(alice)
    for kind in ("pdf", "docx"):
        response = download(client, organisation, kind)
        assert response["Content-Disposition"] == (
            f'attachment; filename="leveranciersbrief-voorbeeld-bv-x-evil-1.{kind}"')
        assert response["Cache-Control"] == "no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "X-Evil" not in response.headers


def test_a_too_long_opening_is_refused_with_a_message_and_no_download(login, alice,
                                                                      organisation):
    certify()
    response = download(login(alice), organisation, "pdf", opening="x" * 1501)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Maak de inleiding korter" in response.content.decode()


def test_the_letter_is_dutch_on_an_english_page(login, alice, organisation):
    certify()
    client = login(alice)
    client.cookies["pso_language"] = "en"
    text = pdf_text(download(client, organisation, "pdf"))
    assert "Niveau 1: PSO is een voorwaarde" in text and "Trede 2" in text
    assert "Level 2" not in text
