"""Billing's public writes: the scheduler's entry point, payments, discount codes.

    invoices_issue_due(as_of)                  – the scheduler, each run (idempotent)
    invoice_mark_paid(invoice, amount, on)     – a payment (by hand or a bank import)
    discount_redeem(application, code, ...)    – an applicant's voucher
    discount_code_create / _deactivate         – PSO-Nederland's management
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.billing.invoices import (
    PaymentRefused,
    awards_release_paid,
    invoice_mark_paid,
)
from psoportal.billing.models import DiscountCode, DiscountUse, Invoice
from psoportal.billing.rules import (
    application_settle,
    fee_invoices_issue,
    pso30plus_billed,
    settle_candidates,
)
from psoportal.certification.models import Application
from psoportal.certification.transitions import FINAL_STATES
from psoportal.core.audit import audit_record

__all__ = [
    "DiscountRefused",
    "PaymentRefused",
    "discount_code_create",
    "discount_code_deactivate",
    "discount_redeem",
    "invoice_mark_paid",
    "invoices_issue_due",
]


def invoices_issue_due(as_of: dt.date) -> list[Invoice]:
    """Everything due on or before `as_of`: fee invoices, first- and second-year
    contributions, corrections and credit notes; then the awards whose first year was paid
    before the award. Running it twice issues nothing new; two runs at once never issue one
    invoice twice (each is claimed by its unique key or a conditional update)."""
    issued = fee_invoices_issue(as_of)
    for application in settle_candidates(as_of):
        issued += application_settle(application, as_of)
    awards_release_paid()
    return issued


class DiscountRefused(ValueError):
    """Why a code cannot be used (Dutch, shown at the field)."""


def _normalise(code: str) -> str:
    return code.strip().upper()


def discount_refusal(code: DiscountCode | None, application: Application,
                     on: dt.date) -> str | None:
    if code is None or not code.active:
        return _("Deze kortingscode bestaat niet of is niet meer geldig.")
    if on < code.valid_from or (code.valid_until is not None and on > code.valid_until):
        return _("Deze kortingscode is niet geldig op %(date)s.") % {"date": f"{on:%d-%m-%Y}"}
    if code.max_uses is not None and code.uses.count() >= code.max_uses:
        return _("Deze kortingscode is al het maximale aantal keren gebruikt.")
    if code.applies_to == DiscountCode.AppliesTo.PSO30PLUS and not pso30plus_billed(application):
        return _("Deze kortingscode geldt alleen voor aanvragers van PSO 30+.")
    if application.state in FINAL_STATES:
        return _("Deze aanvraag loopt niet meer.")
    if application.invoices.filter(kind=Invoice.Kind.FIRST_YEAR).exists():
        return _("De factuur van het eerste jaar is al verstuurd; een kortingscode kan niet "
                 "meer worden toegevoegd.")
    if DiscountUse.objects.filter(application=application).exists():
        return _("Voor deze aanvraag is al een kortingscode gebruikt.")
    return None


def discount_redeem(*, application: Application, code: str, user: User | None,
                    on: dt.date) -> DiscountUse:
    """Use a code for an application's first-year invoice. The code's row is locked while its
    uses are counted, so two applicants can never take the last use both."""
    with transaction.atomic():
        found = (DiscountCode.objects.select_for_update()
                 .filter(code=_normalise(code)).first())
        refusal = discount_refusal(found, application, on)
        if refusal:
            raise DiscountRefused(refusal)
        use = DiscountUse.objects.create(code=found, application=application, used_by=user)
        audit_record(actor=user, action="discount_redeem",
                     organisation_id=application.organisation_id, subject=use,
                     changes={"discount_code": found.code})
    return use


def discount_code_create(*, code: str, description: str, percent: Decimal | None,
                         fixed_amount: Decimal | None, applies_to: str, valid_from: dt.date,
                         valid_until: dt.date | None, max_uses: int | None,
                         user: User) -> DiscountCode:
    with transaction.atomic():
        made = DiscountCode.objects.create(
            code=_normalise(code), description=description, percent=percent,
            fixed_amount=fixed_amount, applies_to=applies_to, valid_from=valid_from,
            valid_until=valid_until, max_uses=max_uses, created_by=user,
        )
        audit_record(actor=user, action="discount_code_create", subject=made,
                     changes={"discount_code": made.code})
    return made


def discount_code_deactivate(*, code: DiscountCode, user: User) -> DiscountCode:
    """No new uses from now on; codes already used stay on their application."""
    with transaction.atomic():
        DiscountCode.objects.filter(pk=code.pk).update(active=False)
        audit_record(actor=user, action="discount_code_deactivate", subject=code,
                     changes={"active": False})
    code.refresh_from_db()
    return code
