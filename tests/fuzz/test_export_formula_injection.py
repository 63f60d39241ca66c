"""No formula injection in any download (issue 15, item 4).

Every stored text value people type in the demo data (names, places, references, notes: each
such CharField and TextField of every model) is made to start with a character a spreadsheet
reads as a formula: ``=``, ``+``, ``-``, ``@``, a tab or a carriage return. Then each persona
who downloads spreadsheets clicks every download link its pages show, and every .csv and
.xlsx that comes back must be inert:

- CSV: no cell starts with a formula character (a plain number such as ``-12,50`` is data);
  the site prefixes such text with ``'`` (register/exports.neutralise);
- xlsx: no cell is a formula; text is a text cell (openpyxl would otherwise write a string
  starting with ``=`` as a formula), whether prefixed or not.

Every URL pattern with a ``fmt`` parameter (the site's way to name a download format) must be
fetched here, so a new export that nobody checks fails.
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.apps import apps
from django.db import models
from django.db.models.functions import Concat, Left
from django.urls import URLPattern, URLResolver, get_resolver

from tests.fuzz.personas import build_personas
from tests.fuzz.site_forms import crawl, url_name

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Stored values people type: names, places, references, notes (states, codes and versions stay
# what they are, or the pages that link to the downloads would not be reached).
TYPED = re.compile(r"name|place|city|ref$|note|title|description|label|contact|address|"
                   r"remark|reason|scope|supplier|comment|function|job")
# Downloads that are not spreadsheets (JSON, PDF, text) are not formula-prone.
SPREADSHEETS = ("text/csv", "spreadsheetml")
NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")


def export_url_names() -> set[str]:
    names: set[str] = set()

    def walk(resolver, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and "fmt" in entry.pattern.converters:
                names.add(f"{namespace}{entry.name}")

    walk(get_resolver(), "")
    return names


def poison_stored_text() -> int:
    """Prefix every stored text value with a formula character (cycling through them)."""
    changed = 0
    for model in apps.get_models():
        if not model.__module__.startswith("psoportal."):
            continue
        for n, field in enumerate(model._meta.concrete_fields):
            if (not isinstance(field, models.CharField | models.TextField) or field.choices
                    or field.primary_key or not TYPED.search(field.name)):
                continue
            prefix = FORMULA_STARTS[n % len(FORMULA_STARTS)]
            if not field.max_length or field.max_length >= 40:
                prefix += "SUM(1+1)*"
            # Short columns keep their start after the prefix (ends tell values apart).
            kept = Left(field.name, field.max_length - len(prefix)) if field.max_length else (
                models.F(field.name))
            value = Concat(models.Value(prefix), kept, output_field=field)
            try:
                changed += model.objects.exclude(**{field.name: ""}).update(
                    **{field.name: value})
            except TypeError:  # the audit trail is append-only (core/models.py)
                break
    return changed


def _cells(response) -> list[tuple[object, str]]:
    """(value, data type) of every cell of a .csv or .xlsx download."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in response["Content-Type"]:
        book = openpyxl.load_workbook(io.BytesIO(body))
        return [(cell.value, cell.data_type) for sheet in book.worksheets
                for row in sheet.iter_rows() for cell in row if cell.value is not None]
    text = body.decode("utf-8-sig")
    # The site writes ";" (Dutch Excel) except the invoice export's ","; csv.Sniffer would
    # take the neutralising apostrophe for a quote character.
    delimiter = ";" if ";" in text.partition("\n")[0] else ","
    return [(value, "s") for row in csv.reader(io.StringIO(text), delimiter=delimiter)
            for value in row]


def _formulas(cells: list[tuple[object, str]], xlsx: bool) -> list[object]:
    if xlsx:
        return [value for value, kind in cells if kind == "f"]
    return [value for value, _kind in cells
            if isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not NUMBER.match(value)]


@pytest.mark.django_db
def test_every_spreadsheet_download_neutralises_stored_values_that_look_like_formulas():
    personas = {p.name: p for p in build_personas()}
    assert poison_stored_text() > 100
    fetched: set[str] = set()
    for name in ("anonymous", "applicant", "PSO-Nederland", "buyer"):
        persona = personas[name]
        links = crawl(persona.client, persona.start, skip=persona.skip).links
        for link in sorted(links):
            if url_name(link) not in export_url_names():
                continue
            response = persona.client.get(link)
            assert response.status_code < 500, link
            if response.status_code != 200 or not any(
                    kind in response["Content-Type"] for kind in SPREADSHEETS):
                continue
            xlsx = "spreadsheetml" in response["Content-Type"]
            cells = _cells(response)
            assert cells, link
            assert _formulas(cells, xlsx) == [], f"{name} GET {link}"
            fetched.add(url_name(link))
    # A download nobody reaches with a spreadsheet format is a download nobody checks.
    assert export_url_names() - fetched == set()


def test_the_csv_check_tells_a_formula_from_a_negative_number():
    assert _formulas([("-12,50", "s"), ("'=SUM(1+1)", "s"), ("+31 20", "s")], False) == [
        "+31 20"]
