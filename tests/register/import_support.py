"""Files for the register import tests: rows as dicts keyed by the documented headers, written as
CSV (any delimiter, with or without BOM) or xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from typing import Any

from openpyxl import Workbook

from psoportal.certification.models import Certificate, CertificateScope
from psoportal.register.import_file import COLUMNS

HEADERS = [column.header for column in COLUMNS]


def row(**changes: Any) -> dict[str, Any]:
    """A valid row of the old register (Trede 2, one KvK number); keys are the headers with
    spaces and dashes as underscores (kvk_nummers, pso_30plus …)."""
    values = {
        "certificaatnummer": "P23-0001",
        "organisatie": "Schoonmaakbedrijf Zuidwest B.V.",
        "plaats": "Breda",
        "kvk-nummers": "64000101",
        "trede": "Trede 2",
        "pso 30+": "",
        "certificaatnummer pso 30+": "",
        "ingangsdatum": "01-03-2023",
        "einddatum": "28-02-2025",
        "certificerende instelling": "Keurmerk Certificering B.V.",
        "handboekversie": "",
        "ingetrokken per": "",
        "omzet": "",
        "gewogen doelgroep-fte": "",
    }
    aliases = {name.replace(" ", "_").replace("-", "_").replace("+", "plus"): name
               for name in values}
    for key, value in changes.items():
        values[aliases.get(key, key)] = value
    return values


def csv_file(rows: list[dict[str, Any]], *, delimiter: str = ";", bom: bool = True,
             headers: list[str] | None = None) -> bytes:
    headers = headers or HEADERS
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for values in rows:
        writer.writerow(["" if values.get(h.lower()) is None else values.get(h.lower(), "")
                         for h in headers])
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_file(rows: list[dict[str, Any]], *, headers: list[str] | None = None,
              sheet: str = "Register") -> bytes:
    headers = headers or HEADERS
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(headers)
    for values in rows:
        worksheet.append([None if values.get(h.lower()) in ("", None) else values.get(h.lower())
                          for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def issued_here(number: str, kvk: str, start: dt.date, end: dt.date, **fields: Any
                ) -> Certificate:
    """A certificate as an award in this portal leaves it (source application)."""
    certificate = Certificate.objects.create(
        number=number, source=Certificate.Source.APPLICATION, level="trede_1",
        organisation_name="Eigen Aanvraag B.V.", city="Utrecht",
        institution_name="Keurmerk Certificering B.V.", handbook_version="2.2", start=start,
        end=end, verification_code=secrets.token_urlsafe(32), **fields)
    CertificateScope.objects.create(certificate=certificate, kvk=kvk,
                                    name=certificate.organisation_name, is_main=True)
    return certificate


def certificate(number: str) -> Certificate:
    return Certificate.objects.get(number=number)
