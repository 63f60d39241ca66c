"""Every invoice for the bookkeeping, as .xlsx and .csv. A text cell starting with = + - @ (or a
tab or carriage return) is prefixed with ' so a spreadsheet never runs it as a formula (an
organisation chooses its own name)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from psoportal.billing.models import Invoice

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _header() -> list[str]:
    return [_("Factuurnummer"), _("Soort"), _("Status"), _("Te laat"), _("Factuurdatum"),
            _("Vervaldatum"), _("Organisatie"), _("KvK-nummer"), _("Subtotaal"), _("Btw"),
            _("Totaal"), _("Ontvangen"), _("Betaald op"), _("Crediteert factuur")]


def _row(invoice: Invoice, today) -> list[object]:
    return [invoice.number, invoice.get_kind_display(), invoice.get_status_display(),
            _("ja") if invoice.is_overdue(today) else _("nee"), invoice.invoice_date,
            invoice.due_date, invoice.organisation_name, invoice.organisation_kvk,
            invoice.subtotal, invoice.vat, invoice.total, invoice.paid_amount, invoice.paid_on,
            invoice.credits.number if invoice.credits else ""]


def export_rows(invoices: Iterable[Invoice]) -> Iterator[list[object]]:
    today = timezone.localdate()
    with translation.override("nl"):
        yield _header()
        for invoice in invoices:
            yield [neutralise(value) for value in _row(invoice, today)]


def export_csv(invoices: Iterable[Invoice]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in export_rows(invoices):
        writer.writerow(["" if v is None else f"{v:%Y-%m-%d}" if hasattr(v, "strftime")
                         else str(v) if isinstance(v, Decimal) else v for v in row])
    return out.getvalue()


def export_xlsx(invoices: Iterable[Invoice]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Facturen"
    for row in export_rows(invoices):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, whatever it starts with
            elif isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
            elif hasattr(cell.value, "strftime"):
                cell.number_format = "DD-MM-YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
