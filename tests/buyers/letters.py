"""Helpers of the supplier-letter tests (issue 13 §6): a certified Voorbeeld B.V. and reading
the letter back from the PDF and the .docx as a reader would."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pypdf
from django.urls import reverse
from django.utils import timezone

from tests.register.factories import certificate


def certify(*, kvk: str = "12345678", name: str = "Voorbeeld B.V.", level: str = "trede_2",
            days_ago: int = 60, **fields):
    """A certificate of the old register (no application) in force today, the organisation's
    KvK number its main one."""
    return certificate(name=name, kvks=[kvk], level=level,
                       start=timezone.localdate() - dt.timedelta(days=days_ago), **fields)


def download(client, organisation, kind: str, **data):
    return client.post(reverse(f"buyers:letter_{kind}", args=[organisation.pk]), data)


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    # A word hyphenated at a line end ("PSO-" / "certificering") is one word again.
    return re.sub(r"(?<=\w-) (?=[a-z])", "", text)


def docx_document(response) -> docx.document.Document:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return docx.Document(io.BytesIO(response.content))


def docx_text(document) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def docx_rows(document) -> list[list[str]]:
    [table] = document.tables
    return [[cell.text for cell in row.cells] for row in table.rows]
