"""The letter as a Word document (python-docx), for an organisation that puts it on its own
letterhead: the same `Letter` as the PDF, as paragraphs, headings and one real table.

python-docx writes text as XML text nodes, so whatever the sender typed stays text.
"""

from __future__ import annotations

import io

import segno
from docx import Document
from docx.shared import Cm, Pt

from psoportal.buyers.letter import Letter

QR_WIDTH = Cm(2.6)


def _qr_png(url: str) -> io.BytesIO:
    stream = io.BytesIO()
    segno.make(url, error="m").save(stream, kind="png", scale=8, border=4)
    stream.seek(0)
    return stream


def letter_docx(letter: Letter) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    properties = document.core_properties
    properties.title = f"{letter.subject} – {letter.organisation.name}"
    properties.language = "nl-NL"
    properties.author = letter.organisation.name

    organisation = letter.organisation
    sender = document.add_paragraph()
    sender.add_run(organisation.name).bold = True
    for line in (organisation.street, f"{organisation.postcode} {organisation.city}".strip()):
        if line:
            sender.add_run().add_break()
            sender.add_run(line)
    document.add_paragraph(letter.place_and_date)
    subject = document.add_paragraph()
    subject.add_run(f"{letter.subject_label}: {letter.subject}").bold = True
    document.add_paragraph(letter.salutation)
    for paragraph in letter.opening:
        document.add_paragraph(paragraph)
    document.add_paragraph(letter.intro)
    for line in letter.certificate_lines:
        document.add_paragraph(line)
    document.add_paragraph(f"{letter.verify} {letter.certificate.verification_url}")
    document.add_picture(_qr_png(letter.certificate.verification_url), width=QR_WIDTH)

    for section in letter.sections:
        document.add_heading(section.heading, level=2)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
        if section.table:
            _table(document, letter)

    document.add_paragraph(letter.closing)
    document.add_paragraph(letter.regards)
    signature = document.add_paragraph()
    for line in (letter.signer_name, letter.signer_function):
        if line:
            signature.add_run(line)
            signature.add_run().add_break()
    signature.add_run(organisation.name)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document, letter: Letter) -> None:
    caption = document.add_paragraph()
    caption.add_run(letter.table_caption).bold = True
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, letter.table_headers, strict=True):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
    for row in letter.table.rows:
        cells = table.add_row().cells
        cells[0].text = row.label
        cells[1].text = row.text
        cells[2].text = ", ".join(row.categories) if row.categories else letter.table_empty
