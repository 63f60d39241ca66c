"""PSO-Nederland's billing overview: open, overdue, paid per month, credited; exports to .xlsx
and .csv with formula injection neutralised; staff only, everyone else gets 404."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from psoportal.billing.exports import neutralise
from psoportal.billing.models import Invoice
from psoportal.billing.services import invoice_mark_paid, invoices_issue_due
from tests.billing.support import audit_corrects_fte, dates_of
from tests.certification.awarding import submitted_on

PAGES = [("billing:overview", []), ("billing:export", ["xlsx"]), ("billing:export", ["csv"]),
         ("billing:discount_codes", [])]


@pytest.fixture
def books(application):
    """A first-year invoice never paid (overdue), a credit note after the audit, and a
    second-year invoice paid in March 2026."""
    submitted_on(application, timezone.localdate() - dt.timedelta(days=400))
    dates = dates_of(application)
    invoices_issue_due(dates.first_invoice)
    audit_corrects_fte(application, "30")
    invoices_issue_due(dates.first_invoice)
    [second] = invoices_issue_due(dates.second_invoice)
    invoice_mark_paid(second, second.total, dt.date(2026, 3, 5))
    return Invoice.objects.order_by("number")


def test_the_overview_shows_overdue_paid_per_month_and_credited(books, bo, login):
    page = login(bo).get(reverse("billing:overview")).content.decode()
    first, credit, second = books
    overdue = page.split('id="overdue-title"')[1].split('id="open-title"')[0]
    assert first.number in overdue and second.number not in overdue
    paid = page.split('id="paid-title"')[1].split('id="credited-title"')[0]
    assert "maart 2026" in paid and "1.206,98" in paid
    credited = page.split('id="credited-title"')[1]
    assert credit.number in credited


def test_the_pso_workspace_links_to_the_billing_overview(bo, login):
    page = login(bo).get(reverse("certification:pso_workspace")).content.decode()
    assert reverse("billing:overview") in page and reverse("billing:discount_codes") in page


@pytest.mark.parametrize(("name", "args"), PAGES)
@pytest.mark.parametrize("persona", ["alice", "charlie", "auditor"])
def test_billing_pages_are_404_for_everyone_but_staff(books, name, args, persona, request,
                                                      login):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse(name, args=args)).status_code == 404


def test_an_unknown_export_format_is_404(bo, login):
    assert login(bo).get(reverse("billing:export", args=["pdf"])).status_code == 404


def _hostile(organisation):
    organisation.name = "=HYPERLINK(\"http://evil.example\",\"klik\")"
    organisation.save()


def test_the_xlsx_export_lists_every_invoice_with_formulas_neutralised(application, bo, login):
    _hostile(application.organisation)
    [invoice] = invoices_issue_due(dates_of(application).first_invoice)
    response = login(bo).get(reverse("billing:export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Factuurnummer"
    assert rows[1][0] == invoice.number
    assert rows[1][6] == "'=HYPERLINK(\"http://evil.example\",\"klik\")"
    assert float(rows[1][10]) == 1905.75
    assert sheet.cell(row=2, column=7).data_type == "s"


def test_the_csv_export_lists_every_invoice_with_formulas_neutralised(application, bo, login):
    _hostile(application.organisation)
    [invoice] = invoices_issue_due(dates_of(application).first_invoice)
    response = login(bo).get(reverse("billing:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == invoice.number
    assert rows[1][6].startswith("'=")
    assert rows[1][10] == "1905.75"


@pytest.mark.parametrize("text", ["=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_every_formula_start(text):
    assert neutralise(text) == "'" + text


def test_neutralise_leaves_plain_text_and_numbers(text="Voorbeeld B.V."):
    assert neutralise(text) == text and neutralise(-5) == -5
