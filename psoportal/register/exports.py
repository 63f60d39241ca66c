"""The register's search result as .csv and .xlsx: the whole result set, not one page, with
the columns of the page's table (display.Row) and the address of each verification page.

.csv is what Dutch Excel opens by double-click: UTF-8 with a byte-order mark (else Excel reads
it as Windows-1252), ";" between fields (Dutch Excel's list separator, since "," is the decimal
comma) and dates as dd-mm-jjjj. .xlsx is written by openpyxl in write-only mode, row by row.
Both read the certificates with a server-side iterator in chunks, so memory stays flat, and
both are bounded by EXPORT_MAX_ROWS.

A text cell starting with = + - @ (or a tab or carriage return) gets a leading ' so a
spreadsheet never runs it as a formula: an organisation chooses its own name.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from psoportal.certification.models import Certificate
from psoportal.core.lib.xlsx import xlsx_table
from psoportal.register.display import Row, row_of
from psoportal.register.selectors import register_entries

# The most rows one download holds. The whole register is a few thousand certificates; a
# bigger result is a mistake or a scraper, and a refined search (or the API) serves it.
EXPORT_MAX_ROWS = 20_000
# Certificates read from the database per round trip (their scope prefetched per chunk).
CHUNK_SIZE = 500

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_BOM = "\ufeff"
CSV_DELIMITER = ";"


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def header() -> list[str]:
    return [_("Naam"), _("Plaats"), _("KvK-nummers"), _("Trede"), _("PSO 30+"),
            _("Ingangsdatum"), _("Einddatum"), _("Certificaatnummer"),
            _("Certificerende instelling"), _("Status"), _("Controlepagina")]


def _values(row: Row) -> list[object]:
    url = settings.SITE_URL.rstrip("/") + reverse("verify_certificate",
                                                  args=[row.verification_code])
    return [row.name, row.place, ", ".join(row.kvks), row.level,
            _("ja") if row.pso30plus else _("nee"), row.start, row.end, row.number,
            row.institution, row.status.label, url]


def _rows(certificates: QuerySet[Certificate], *, on: dt.date) -> Iterator[list[object]]:
    """The rows of at most EXPORT_MAX_ROWS certificates; the iterator fetches them, and their
    scope, CHUNK_SIZE at a time."""
    for certificate in certificates[:EXPORT_MAX_ROWS].iterator(chunk_size=CHUNK_SIZE):
        [entry] = register_entries([certificate], on=on)
        yield [neutralise(value) for value in _values(row_of(entry, on=on))]


class _Line:
    """A file-like target for csv.writer that hands back what was written."""

    def write(self, text: str) -> str:
        return text


def csv_lines(certificates: QuerySet[Certificate], *, on: dt.date) -> Iterator[str]:
    """The .csv, one line at a time (for a StreamingHttpResponse)."""
    writer = csv.writer(_Line(), delimiter=CSV_DELIMITER)
    yield CSV_BOM + writer.writerow(header())
    for row in _rows(certificates, on=on):
        yield writer.writerow([f"{v:%d-%m-%Y}" if isinstance(v, dt.date) else v for v in row])


def xlsx_bytes(certificates: QuerySet[Certificate], *, on: dt.date) -> bytes:
    return xlsx_table(_("PSO-register"), header(), _rows(certificates, on=on))
