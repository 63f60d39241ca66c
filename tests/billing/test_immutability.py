"""An issued invoice never changes: its number, dates and amounts are refused by the model, its
lines cannot be saved again; payments and the status are the only things that move."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from psoportal.billing.invoices import Line, invoice_issue
from psoportal.billing.models import Invoice, InvoiceImmutable


@pytest.fixture
def invoice(organisation):
    return invoice_issue(organisation=organisation, application=None, kind=Invoice.Kind.FEE,
                         period="x", on=dt.date(2026, 3, 1),
                         lines=[Line("change_of_ci", "Wijziging", Decimal("100"))])


@pytest.mark.parametrize(("field", "value"), [
    ("total", Decimal("1.00")), ("subtotal", Decimal("1.00")), ("vat", Decimal("0")),
    ("vat_rate", Decimal("9")), ("number", "2026-99999"), ("due_date", dt.date(2030, 1, 1)),
    ("organisation_name", "Iemand anders"),
])
def test_saving_an_issued_invoice_with_other_amounts_is_refused(invoice, field, value):
    setattr(invoice, field, value)
    with pytest.raises(InvoiceImmutable, match=field):
        invoice.save()
    stored = Invoice.objects.get(pk=invoice.pk)
    assert getattr(stored, field) != value


def test_an_invoice_line_cannot_be_saved_again(invoice):
    line = invoice.lines.get()
    line.amount = Decimal("1")
    with pytest.raises(InvoiceImmutable):
        line.save()


def test_status_and_payment_may_change(invoice):
    invoice.status = Invoice.Status.PAID
    invoice.paid_amount = invoice.total
    invoice.save()
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID


def test_totals_add_vat_from_the_handbook_to_the_cent(invoice):
    assert (invoice.subtotal, invoice.vat_rate, invoice.vat, invoice.total) == (
        Decimal("100.00"), Decimal("21.00"), Decimal("21.00"), Decimal("121.00"))
