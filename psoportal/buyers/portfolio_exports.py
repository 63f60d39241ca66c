"""The portfolio table as .csv and .xlsx, and the import's template.

Like the register's downloads (register/exports.py): .csv as Dutch Excel opens it (UTF-8 with
BOM, ";" between fields, dates dd-mm-jjjj), .xlsx written by openpyxl in write-only mode, and
every text cell neutralised (register.exports.neutralise) so that a name a buyer or a file
chose can never run as a formula in a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from psoportal.buyers.models import PurchasingCategory
from psoportal.buyers.portfolio import PortfolioRow, niveau_label
from psoportal.buyers.portfolio_import import COLUMNS, SHEET_NAME
from psoportal.core.lib.xlsx import xlsx_table
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.handbook import Handbook
from psoportal.register.exports import CSV_BOM, CSV_DELIMITER, neutralise


def header() -> list[str]:
    return [_("Naam"), _("KvK-nummer"), _("Inkoopcategorie"), _("Niveau"),
            _("Contractkenmerk"), _("Contract vanaf"), _("Contract tot en met"),
            _("Opdrachtwaarde (€)"), _("Vereiste trede"), _("Status"), _("Trede"),
            _("Voldoet aan vereiste trede"), _("PSO 30+"), _("Certificaatnummer"),
            _("Certificaat geldig tot"), _("Niveau 1 zonder geldig certificaat"),
            _("Verloopt vóór het contracteinde"), _("Controlepagina")]


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("ja") if value else _("nee")


def _values(row: PortfolioRow) -> list[object]:
    supplier = row.supplier
    url = (settings.SITE_URL.rstrip("/") + row.certificate_url) if row.certificate_url else ""
    return [supplier.name, supplier.kvk, row.category_name, niveau_label(row.niveau),
            supplier.reference, supplier.contract_start, supplier.contract_end,
            supplier.contract_value, row.required_level_label, row.status_label,
            row.level_label, _yes_no(row.meets_required), _yes_no(row.pso30plus),
            row.certificate_number, row.certificate_end, _yes_no(row.niveau1_without_valid),
            _yes_no(row.expires_before_contract_end), url]


def _rows(rows: Iterable[PortfolioRow]) -> Iterator[list[object]]:
    for row in rows:
        yield [neutralise(value) for value in _values(row)]


class _Line:
    """A file-like target for csv.writer that hands back what was written."""

    def write(self, text: str) -> str:
        return text


def _csv_value(value: object) -> object:
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")  # Dutch Excel's decimal comma
    return "" if value is None else value


def csv_lines(rows: Iterable[PortfolioRow]) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=CSV_DELIMITER)
    yield CSV_BOM + writer.writerow(header())
    for values in _rows(rows):
        yield writer.writerow([_csv_value(value) for value in values])


def xlsx_bytes(rows: Iterable[PortfolioRow]) -> bytes:
    return xlsx_table(_("Leveranciers"), header(), _rows(rows))


def template_example(categories: list[PurchasingCategory], handbook: Handbook) -> list[str]:
    """One example row, in the columns' order: a category of the buyer's own list and a
    level name of the ladder in force, so the example reads back without an error."""
    example = {
        "kvk": "01234567", "name": "Voorbeeldleverancier B.V.",
        "category": categories[0].name if categories else "",
        "reference": "CON-2025-001", "contract_start": "01-01-2025",
        "contract_end": "31-12-2027",
        "required_level": label(handbook.levels[-1]) if handbook.levels else "",
        "contract_value": "125.000,00", "social_return_percentage": "",
    }
    return [example[column.key] for column in COLUMNS]


def template_bytes(fmt: str, *, categories: list[PurchasingCategory],
                   handbook: Handbook) -> bytes:
    headers = [column.header for column in COLUMNS]
    example = [neutralise(value) for value in template_example(categories, handbook)]
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerow(example)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt != "xlsx":
        raise ValueError(f"unknown template format {fmt!r}")
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    for index, (title, value) in enumerate(zip(headers, example, strict=True), start=1):
        head = sheet.cell(row=1, column=index, value=title)
        head.font = Font(bold=True)
        cell = sheet.cell(row=2, column=index, value=value)
        cell.data_type = "s"  # dates and numbers as typed: the import reads both forms
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(16, len(title) + 4)
        sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
