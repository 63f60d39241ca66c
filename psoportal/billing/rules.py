"""The rules of §9 as services: what an application owes per participation year, and the
invoices, corrections and credit notes that bring what was invoiced in line with it.

Every rule is a comparison, never a memory of what ran before: for each year the amounts due
per line code (annual_contribution, pso30plus) are compared with the sum of that code over the
year's invoices so far. A difference becomes a correction invoice or a credit note. So running
`invoices_issue_due` twice finds nothing new, and two runs at once collide on the claim key
(application, kind, period) instead of issuing twice.

Decisions where the rule book is silent (documented here and in the closing note):
- PSO 30+ fee: once PSO-Nederland has decided (awarded_level set), `awarded_pso30plus`; before
  that the audited result's PSO 30+ eligibility (the submitted one without corrections), i.e.
  "applied for". A later award without PSO 30+ credits the fee.
- The contributions lapse (credit notes for what was invoiced, nothing further) after every
  cancellation that carries a fee: a withdrawal in the window, PSO-Nederland's cancellation and
  a full name change (it "counts as cancellation plus a new agreement"). Any other withdrawal
  keeps both years due; the second year is then invoiced at once.
- A rejected application keeps its first year (invoiced as agreed) and has no second year.
- A discount code applies once, to the annual contribution of the first-year invoice.
- Invoices are dated on the day they are issued (`as_of`), so numbers and dates stay in order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from psoportal.billing.invoices import AlreadyIssued, Line, cents, invoice_issue
from psoportal.billing.models import DiscountCode, DiscountUse, Invoice, InvoiceLine
from psoportal.certification.audited import audited_result
from psoportal.certification.fees import (
    CANCEL_PREFIX,
    NEW_APPLICATION_CREDIT,
    WITHDRAWAL_IN_WINDOW,
    WITHDRAWAL_LATE_PREFIX,
    fee_table,
)
from psoportal.certification.models import Application, ApplicationChange, FeeEvent
from psoportal.certification.transitions import State
from psoportal.core.templatetags.pso_format import figure
from psoportal.methodology.dates import (
    add_years,
    application_dates,
    three_month_rule_window,
)
from psoportal.methodology.handbook import Band, handbook_for, handbook_get

CONTRIBUTION = "annual_contribution"
PSO30PLUS = "pso30plus"
DISCOUNT = "discount"
BASE_KIND = {1: Invoice.Kind.FIRST_YEAR, 2: Invoice.Kind.SECOND_YEAR}
ADJUSTMENT_KINDS = (Invoice.Kind.CORRECTION, Invoice.Kind.CREDIT_NOTE)


class Fate:
    """What happens to an application's contributions."""

    RUNNING = "running"          # as agreed: year 1 after the first-invoice days, year 2 later
    LAPSED = "lapsed"            # cancelled with a fee: credit what was invoiced, nothing more
    BOTH_DUE = "both_due"        # withdrawn otherwise: both years at once
    NO_SECOND_YEAR = "no_second_year"  # rejected, or the three-month rule


# -- what is due ---------------------------------------------------------------------------------


def billing_fte(application: Application) -> Decimal:
    """Total fte as the auditor checked it (§9): the audited result if the audit corrected the
    figures, else the submitted one."""
    return Decimal(str(audited_result(application)["total_fte"]))


def contribution_band(application: Application) -> Band | None:
    """The band of the fee table of the application's agreement date (the tariff is fixed for
    the whole certification); None below the smallest band (not certifiable)."""
    fte = billing_fte(application)
    for band in fee_table(application).annual_contribution:
        if band.contains(fte):
            return band
    return None


def pso30plus_billed(application: Application) -> bool:
    if application.awarded_level:
        return application.awarded_pso30plus
    found = audited_result(application).get("pso30plus") or {}
    return bool(found.get("eligible"))


def _lapsing_event(application: Application) -> bool:
    lapsing = (Q(code=WITHDRAWAL_IN_WINDOW) | Q(code__startswith=CANCEL_PREFIX)
               | Q(code=ApplicationChange.Kind.FULL_NAME))
    return application.fee_events.filter(lapsing, amount__gt=0).exists()


def three_month_rule_applies(application: Application) -> bool:
    """A newer application of the same organisation in the three months before the end of the
    first participation year: no second-year contribution for this one (§9)."""
    handbook = handbook_get(application.handbook_version)
    submitted = timezone.localdate(application.submitted_at)
    window = three_month_rule_window(application_dates(submitted, handbook).certificate_start,
                                     handbook)
    newer = (Application.objects.filter(organisation_id=application.organisation_id,
                                        submitted_at__gt=application.submitted_at)
             .exclude(pk=application.pk).values_list("submitted_at", flat=True))
    return any(timezone.localdate(at) in window for at in newer)


def contributions_fate(application: Application) -> str:
    if application.state == State.CANCELLED:
        return Fate.LAPSED if _lapsing_event(application) else Fate.BOTH_DUE
    if application.state == State.REJECTED or three_month_rule_applies(application):
        return Fate.NO_SECOND_YEAR
    return Fate.RUNNING


def year_due(application: Application, year: int, fate: str) -> dict[str, Decimal]:
    """The amounts per code that the year's invoices should add up to."""
    if fate == Fate.LAPSED or (year == 2 and fate == Fate.NO_SECOND_YEAR):
        return {}
    band = contribution_band(application)
    due = {CONTRIBUTION: band.value if band else Decimal(0)}
    if year == 1:
        table = fee_table(application)
        due[PSO30PLUS] = table.pso30plus_fee if pso30plus_billed(application) else Decimal(0)
    return due


# -- what was invoiced ---------------------------------------------------------------------------


def year_invoices(application: Application, year: int):
    return Invoice.objects.filter(application=application, contribution_year=year)


def invoiced_by_code(application: Application, year: int) -> dict[str, Decimal]:
    rows = (InvoiceLine.objects.filter(invoice__application=application,
                                       invoice__contribution_year=year)
            .values("code").annotate(total=Sum("amount")))
    found: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        found[row["code"]] += row["total"]
    return dict(found)


# -- line texts (stored in Dutch, the language of the invoice) -----------------------------------


def _year_span(application: Application, year: int) -> tuple[dt.date, dt.date]:
    handbook = handbook_get(application.handbook_version)
    dates = application_dates(timezone.localdate(application.submitted_at), handbook)
    start = add_years(dates.certificate_start, year - 1)
    return start, add_years(start, 1) - dt.timedelta(days=1)


def _band_text(application: Application) -> str:
    band = contribution_band(application)
    fte = figure(billing_fte(application))
    if band is None:
        return _("totaal %(fte)s fte") % {"fte": fte}
    if band.upper is None:
        return _("totaal %(fte)s fte, vanaf %(lower)s fte") % {
            "fte": fte, "lower": figure(band.lower)}
    return _("totaal %(fte)s fte, %(lower)s tot %(upper)s fte") % {
        "fte": fte, "lower": figure(band.lower), "upper": figure(band.upper)}


def _describe(application: Application, year: int, code: str) -> str:
    start, end = _year_span(application, year)
    if code == PSO30PLUS:
        return _("PSO 30+ (eenmalig)")
    if code == CONTRIBUTION:
        text = (_("Jaarbijdrage eerste deelnamejaar") if year == 1
                else _("Jaarbijdrage tweede deelnamejaar"))
        return f"{text} {start:%d-%m-%Y} – {end:%d-%m-%Y} ({_band_text(application)})"
    if code.startswith(DISCOUNT):
        return _("Korting %(code)s") % {"code": code.partition(":")[2]}
    return code


# -- the invoices --------------------------------------------------------------------------------


def _discount_line(application: Application, contribution: Decimal) -> Line | None:
    use = (DiscountUse.objects.select_related("code").filter(application=application).first())
    if use is None:
        return None
    code = use.code
    if code.applies_to == DiscountCode.AppliesTo.PSO30PLUS and not pso30plus_billed(application):
        return None
    off = (cents(contribution * code.percent / 100) if code.percent is not None
           else min(code.fixed_amount, contribution))
    if off <= 0:
        return None
    return Line(f"{DISCOUNT}:{code.code}",
                f"{_('Korting %(code)s') % {'code': code.code}}: {code.description}", -off)


def _credit_lines(application: Application) -> list[Line]:
    """The half credit after a recent cancellation (a FeeEvent), on the first-year invoice."""
    events = application.fee_events.filter(code=NEW_APPLICATION_CREDIT, invoiced_at__isnull=True)
    return [Line(NEW_APPLICATION_CREDIT, event.label, event.amount, fee_event=event)
            for event in events]


def _base_lines(application: Application, year: int, due: dict[str, Decimal]) -> list[Line]:
    lines = [Line(code, _describe(application, year, code), amount)
             for code, amount in due.items() if amount]
    if year == 1:
        discount = _discount_line(application, due.get(CONTRIBUTION, Decimal(0)))
        lines += [discount] if discount else []
        lines += _credit_lines(application)
    return lines


def _issue_base(application: Application, year: int, due: dict[str, Decimal],
                as_of: dt.date) -> Invoice | None:
    lines = _base_lines(application, year, due)
    if not lines:
        return None
    with transaction.atomic():
        invoice = invoice_issue(
            organisation=application.organisation, application=application,
            kind=BASE_KIND[year], period=str(year), lines=lines, on=as_of,
            contribution_year=year,
        )
        _mark_invoiced([line.fee_event for line in lines if line.fee_event])
    return invoice


def _mark_invoiced(events: list[FeeEvent]) -> None:
    if events:
        FeeEvent.objects.filter(pk__in=[e.pk for e in events], invoiced_at__isnull=True
                                ).update(invoiced_at=timezone.now())


def _issue_adjustment(application: Application, year: int, due: dict[str, Decimal],
                      as_of: dt.date, *, lapse: bool) -> Invoice | None:
    """Bring the year's invoiced amounts to `due`: a correction invoice when more is due, a
    credit note when less. On a lapse every code goes to zero (discounts and credits too)."""
    invoiced = invoiced_by_code(application, year)
    codes = set(invoiced) if lapse else set(due)
    differences = {code: due.get(code, Decimal(0)) - invoiced.get(code, Decimal(0))
                   for code in sorted(codes)}
    differences = {code: amount for code, amount in differences.items() if amount}
    if not differences:
        return None
    base = year_invoices(application, year).filter(kind=BASE_KIND[year]).first()
    credit = sum(differences.values()) < 0
    lines = [_adjustment_line(application, year, code, amount, lapse=lapse)
             for code, amount in differences.items()]
    adjustments = year_invoices(application, year).filter(kind__in=ADJUSTMENT_KINDS).count()
    with transaction.atomic():
        invoice = invoice_issue(
            organisation=application.organisation, application=application,
            kind=Invoice.Kind.CREDIT_NOTE if credit else Invoice.Kind.CORRECTION,
            period=f"{year}.{adjustments + 1}", lines=lines, on=as_of, contribution_year=year,
            credits=base,
        )
        if lapse:
            # Credited in full: what is still open is no longer owed. A paid invoice stays
            # paid; the credit note is what PSO-Nederland pays back.
            year_invoices(application, year).filter(status=Invoice.Status.OPEN).exclude(
                kind=Invoice.Kind.CREDIT_NOTE).update(status=Invoice.Status.CREDITED)
    return invoice


def _adjustment_line(application: Application, year: int, code: str, amount: Decimal, *,
                     lapse: bool) -> Line:
    described = _describe(application, year, code)
    if lapse and application.state == State.CANCELLED:
        text = _("Creditering: %(what)s (de jaarbijdragen vervallen)") % {"what": described}
    elif lapse and application.state == State.REJECTED:
        text = _("Creditering: %(what)s (de aanvraag is afgewezen)") % {"what": described}
    elif lapse:
        text = _("Creditering: %(what)s (nieuwe aanvraag in de laatste maanden van het eerste "
                 "deelnamejaar)") % {"what": described}
    elif amount < 0:
        text = _("Creditering na de audit: %(what)s") % {"what": described}
    else:
        text = _("Correctie na de audit: %(what)s") % {"what": described}
    return Line(code, text, amount)


def _year_is_due(application: Application, year: int, fate: str, as_of: dt.date) -> bool:
    if fate == Fate.BOTH_DUE:
        return True  # the agreement cannot be ended otherwise: both years at once (§9)
    handbook = handbook_get(application.handbook_version)
    dates = application_dates(timezone.localdate(application.submitted_at), handbook)
    return as_of >= (dates.first_invoice if year == 1 else dates.second_invoice)


def application_settle_year(application: Application, year: int, fate: str,
                            as_of: dt.date) -> Invoice | None:
    """One participation year: issue its invoice when due, else correct or credit it."""
    due = year_due(application, year, fate)
    issued = year_invoices(application, year).filter(kind=BASE_KIND[year]).exists()
    if not issued:
        if fate != Fate.LAPSED and due and _year_is_due(application, year, fate, as_of):
            return _issue_base(application, year, due, as_of)
        return None
    return _issue_adjustment(application, year, due, as_of, lapse=fate == Fate.LAPSED or not due)


def application_settle(application: Application, as_of: dt.date) -> list[Invoice]:
    """Every invoice, correction and credit note due for an application on `as_of`.

    Each is its own transaction, claimed by its unique key: when another run issued it first,
    this one skips it (the next run compares again and finds it done)."""
    issued = []
    with translation.override("nl"):
        fate = contributions_fate(application)
        for year in (1, 2):
            try:
                invoice = application_settle_year(application, year, fate, as_of)
            except AlreadyIssued:
                continue
            if invoice is not None:
                issued.append(invoice)
        if fate == Fate.BOTH_DUE:
            _mark_invoiced(list(application.fee_events.filter(
                code__startswith=WITHDRAWAL_LATE_PREFIX, invoiced_at__isnull=True)))
    return issued


# -- fee invoices --------------------------------------------------------------------------------


def fee_invoice_issue(event: FeeEvent, as_of: dt.date) -> Invoice | None:
    """A fee event (a change or a cancellation fee) as its own invoice, claimed by setting its
    invoiced_at with a conditional update in the same transaction."""
    with transaction.atomic():
        claimed = FeeEvent.objects.filter(pk=event.pk, invoiced_at__isnull=True).update(
            invoiced_at=timezone.now())
        if not claimed:
            return None
        try:
            return invoice_issue(
                organisation=event.organisation, application=event.application,
                kind=Invoice.Kind.FEE, period=f"fee:{event.pk}", on=as_of,
                lines=[Line(event.code, event.label, event.amount, fee_event=event)],
            )
        except AlreadyIssued:
            return None


def fee_invoices_issue(as_of: dt.date) -> list[Invoice]:
    """Fee events with an amount to charge (credits go on a first-year invoice, the late
    withdrawals' zero rows are settled as contributions)."""
    events = (FeeEvent.objects.filter(invoiced_at__isnull=True, occurred_on__lte=as_of,
                                      amount__gt=0)
              .select_related("organisation", "application").order_by("occurred_on", "id"))
    with translation.override("nl"):
        return [invoice for event in events
                if (invoice := fee_invoice_issue(event, as_of)) is not None]


def settle_candidates(as_of: dt.date):
    """Applications whose invoices may still change: submitted on or before `as_of` and not
    longer ago than a certification plus a year (a bound, so each run reads a limited set)."""
    horizon = add_years(as_of, -(handbook_for(as_of).dates.certificate_years + 1))
    return (Application.objects.filter(submitted_at__date__lte=as_of,
                                       submitted_at__date__gte=horizon)
            .select_related("organisation").order_by("submitted_at", "id"))
