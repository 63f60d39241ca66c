"""Rule book §9: the first-year contribution two weeks after the definitive application (with
the PSO 30+ fee when applied for), the second-year contribution one year after it, the band
from the audited total fte, and the tariff table of the agreement date for the whole
certification."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from psoportal.billing.models import Invoice
from psoportal.billing.services import invoices_issue_due
from psoportal.certification.models import Application
from psoportal.methodology.handbook import Band, handbook_get
from tests.billing.support import audit_corrects_fte, codes, dates_of

ONE_DAY = dt.timedelta(days=1)


def test_first_year_contribution_is_invoiced_first_invoice_after_days_after_submission(
        application):
    first = dates_of(application).first_invoice
    assert invoices_issue_due(first - ONE_DAY) == []
    [invoice] = invoices_issue_due(first)
    assert invoice.kind == Invoice.Kind.FIRST_YEAR
    assert invoice.invoice_date == first
    assert invoice.due_date == first + dt.timedelta(days=14)  # payment term, handbook data
    # §12 example 1: T = 50, band 50 ≤ fte < 100.
    assert codes(invoice) == {"annual_contribution": Decimal("1575.00")}
    assert (invoice.subtotal, invoice.vat_rate, invoice.vat, invoice.total) == (
        Decimal("1575.00"), Decimal("21.00"), Decimal("330.75"), Decimal("1905.75"))
    assert invoice.number == f"{first.year}-00001"


def test_pso30plus_fee_is_added_to_the_first_year_when_applied_for(application):
    result = {**application.result, "pso30plus": {"pct": "31.00", "eligible": True}}
    Application.objects.filter(pk=application.pk).update(result=result)
    [invoice] = invoices_issue_due(dates_of(application).first_invoice)
    assert codes(invoice) == {"annual_contribution": Decimal("1575.00"),
                              "pso30plus": Decimal("150.00")}


def test_pso30plus_fee_follows_the_award_once_decided(application):
    result = {**application.result, "pso30plus": {"pct": "31.00", "eligible": True}}
    Application.objects.filter(pk=application.pk).update(
        result=result, awarded_level="trede_2", awarded_pso30plus=False)
    [invoice] = invoices_issue_due(dates_of(application).first_invoice)
    assert "pso30plus" not in codes(invoice)


def test_second_year_contribution_is_invoiced_one_year_after_submission(application):
    dates = dates_of(application)
    invoices_issue_due(dates.first_invoice)
    assert invoices_issue_due(dates.second_invoice - ONE_DAY) == []
    [invoice] = invoices_issue_due(dates.second_invoice)
    assert invoice.kind == Invoice.Kind.SECOND_YEAR
    assert invoice.due_date == dates.second_invoice_due
    assert codes(invoice) == {"annual_contribution": Decimal("1575.00")}
    assert "tweede deelnamejaar" in invoice.lines.get().description


def test_band_is_read_from_the_audited_fte_when_the_audit_corrected_it(application):
    audit_corrects_fte(application, "30")
    [invoice] = invoices_issue_due(dates_of(application).first_invoice)
    assert codes(invoice) == {"annual_contribution": Decimal("997.50")}
    assert "totaal 30 fte, 25 tot 50 fte" in invoice.lines.get().description


def _with_dearer_table_from(day: dt.date, monkeypatch):
    """The handbook gains a fee table in force from `day` with every contribution doubled."""
    handbook = handbook_get("2.2")
    [table] = handbook.fee_tables
    dearer = dataclasses.replace(table, effective=day, annual_contribution=tuple(
        Band(b.lower, b.upper, b.value * 2) for b in table.annual_contribution))
    patched = dataclasses.replace(handbook, fee_tables=(table, dearer))
    monkeypatch.setattr("psoportal.certification.fees.handbook_get", lambda version: patched)


def test_tariff_table_of_the_agreement_date_applies_for_the_whole_certification(
        application, monkeypatch):
    dates = dates_of(application)
    # A new table comes into force after the submission, before both invoices.
    _with_dearer_table_from(dates.submitted + ONE_DAY, monkeypatch)
    [first] = invoices_issue_due(dates.first_invoice)
    [second] = invoices_issue_due(dates.second_invoice)
    assert codes(first)["annual_contribution"] == Decimal("1575.00")
    assert codes(second)["annual_contribution"] == Decimal("1575.00")


def test_an_application_submitted_under_the_new_table_pays_its_amounts(application,
                                                                      monkeypatch):
    # The other side of the rule: the table in force on the submission date is the new one.
    dates = dates_of(application)
    _with_dearer_table_from(dates.submitted, monkeypatch)
    [first] = invoices_issue_due(dates.first_invoice)
    assert codes(first)["annual_contribution"] == Decimal("3150.00")

