"""Social return (issue 13 item 5): what a supplier's certificate is worth towards a contract's
social-return obligation under the BUYER'S OWN rule. Not a PSO rule: rule book §11 only says
that municipalities use PSO for social return (often a share of the contract value) and that a
trede can fulfil part of it; how much is the buyer's choice, set per level on its rule page.

    obligation = contract value × obligation % / 100          (rounded to cents)
    worth      = obligation × p / 100    (rule "percentage")   (rounded to cents)
               = min(amount, obligation) (rule "fixed amount")
    remaining  = obligation − worth

``social_return_worth`` is the calculation, pure (Decimals in, a dataclass out). The rest of
this module reads the rule and the register for a supplier, saves the rule (a service), and
writes the report (.csv, PDF) that a buyer hands in for interim and final reporting.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.buyers.models import Buyer, SocialReturnRule, Supplier
from psoportal.certification.certificates import verification_url
from psoportal.certification.models import Certificate
from psoportal.core.audit import audit_record
from psoportal.core.templatetags.pso_format import euro, figure, pct
from psoportal.methodology.handbook import Level
from psoportal.register.display import level_label
from psoportal.register.exports import CSV_BOM, CSV_DELIMITER, neutralise
from psoportal.register.selectors import kvk_checks
from psoportal.register.status import register_handbook

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

PERCENTAGE = "percentage"
AMOUNT = "amount"

# Why a certificate counts for nothing (or for less than the rule says): language-free codes,
# the page and the report say them in words.
COUNTED = "counted"
CAPPED = "capped"  # a fixed amount above the obligation counts as the obligation
NO_CONTRACT_VALUE = "no_contract_value"
NO_CERTIFICATE = "no_certificate"
NO_RULE = "no_rule"


def cents(amount: Decimal) -> Decimal:
    """Money to whole cents, half up (€ 0,005 → € 0,01), as an invoice rounds."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rule:
    """The buyer's rule for one level: a percentage of the obligation or a fixed amount."""

    mode: str  # PERCENTAGE or AMOUNT
    value: Decimal


@dataclass(frozen=True)
class Worth:
    obligation: Decimal
    worth: Decimal
    remaining: Decimal
    reason: str  # COUNTED, CAPPED, NO_CONTRACT_VALUE, NO_CERTIFICATE or NO_RULE


def social_return_worth(*, contract_value: Decimal | None, obligation_pct: Decimal,
                        certified: bool, rule: Rule | None) -> Worth:
    """The obligation, what the certificate is worth towards it, and what remains.

    The worth is never negative and never more than the obligation, whatever the rule says;
    remaining = obligation − worth exactly (both in cents)."""
    if contract_value is None:
        return Worth(Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), NO_CONTRACT_VALUE)
    obligation = cents(max(Decimal(0), contract_value) * max(Decimal(0), obligation_pct)
                       / HUNDRED)
    if not certified:
        return Worth(obligation, Decimal("0.00"), obligation, NO_CERTIFICATE)
    if rule is None:
        return Worth(obligation, Decimal("0.00"), obligation, NO_RULE)
    reason = COUNTED
    value = max(Decimal(0), rule.value)
    if rule.mode == PERCENTAGE:
        worth = cents(obligation * min(value, HUNDRED) / HUNDRED)
    else:
        worth = cents(value)
    if worth > obligation:
        worth, reason = obligation, CAPPED
    return Worth(obligation, worth, obligation - worth, reason)


# -- the buyer's rule, the register and the report ----------------------------------------

INTERIM = "interim"
FINAL = "final"


def rule_levels(on: dt.date | None = None) -> tuple[Level, ...]:
    """The levels a rule can be set for: the ladder of the handbook in force."""
    return register_handbook(on or timezone.localdate()).levels


def reason_text(reason: str) -> str:
    return {
        COUNTED: _("Het certificaat telt volgens uw regel."),
        CAPPED: _("Het vaste bedrag is hoger dan de verplichting: het telt tot de verplichting."),
        NO_CONTRACT_VALUE: _("Vul bij de leverancier de opdrachtwaarde in om de verplichting "
                             "te berekenen."),
        NO_CERTIFICATE: _("De leverancier had op deze datum geen geldig PSO-certificaat: "
                          "het telt niet mee."),
        NO_RULE: _("Uw social-returnregel zegt niets over deze trede: het certificaat telt "
                   "niet mee. Stel de regel in bij Inkoopbeleid."),
    }[reason]


def social_return_policy_save(*, buyer: Buyer, percentage: Decimal,
                              rules: dict[str, Rule | None], by: User) -> None:
    """Save the buyer's usual obligation % and its rule per level (None: no rule for it)."""
    with transaction.atomic():
        Buyer.objects.filter(pk=buyer.pk).update(social_return_percentage=percentage)
        buyer.social_return_percentage = percentage
        kept = {code: rule for code, rule in rules.items() if rule is not None}
        SocialReturnRule.objects.filter(buyer=buyer).exclude(level__in=kept).delete()
        for code, rule in kept.items():
            SocialReturnRule.objects.update_or_create(
                buyer=buyer, level=code, defaults={"mode": rule.mode, "value": rule.value})
        audit_record(actor=by, action="social_return_policy_save",
                     organisation_id=buyer.organisation_id, subject=buyer,
                     changes={"percentage": str(percentage),
                              "rules": {code: [rule.mode, str(rule.value)]
                                        for code, rule in kept.items()}})


def buyer_rules(buyer: Buyer) -> dict[str, Rule]:
    return {row.level: Rule(row.mode, row.value)
            for row in SocialReturnRule.objects.filter(buyer=buyer)}


@dataclass(frozen=True)
class Calculation:
    """A contract's social return on a day, with everything the page and the report show."""

    supplier: Supplier
    on: dt.date
    contract_value: Decimal | None
    obligation_pct: Decimal
    pct_is_contract_own: bool
    certificate: Certificate | None
    level_label: str
    rule: Rule | None
    pso30plus: Certificate | None
    worth: Worth

    @property
    def reason(self) -> str:
        return reason_text(self.worth.reason)

    @property
    def verification_url(self) -> str:
        return verification_url(self.certificate) if self.certificate else ""

    @property
    def rule_text(self) -> str:
        if self.rule is None:
            return _("geen regel voor deze trede")
        if self.rule.mode == PERCENTAGE:
            return _("%(value)s %% van de verplichting") % {"value": figure(self.rule.value)}
        return _("vast bedrag van %(amount)s") % {"amount": euro(self.rule.value)}


def social_return_calculation(supplier: Supplier, *, on: dt.date) -> Calculation:
    buyer = supplier.buyer
    own = supplier.social_return_percentage is not None
    pct = supplier.social_return_percentage if own else buyer.social_return_percentage
    [check] = kvk_checks([supplier.kvk], on=on)
    certificate = check.certificate
    rule = buyer_rules(buyer).get(certificate.level) if certificate else None
    worth = social_return_worth(contract_value=supplier.contract_value, obligation_pct=pct,
                                certified=certificate is not None, rule=rule)
    return Calculation(
        supplier=supplier, on=on, contract_value=supplier.contract_value, obligation_pct=pct,
        pct_is_contract_own=own, certificate=certificate,
        level_label=level_label(certificate, on=on) if certificate else "",
        rule=rule, pso30plus=check.pso30plus, worth=worth,
    )


def kind_label(kind: str) -> str:
    return _("Eindrapportage") if kind == FINAL else _("Tussentijdse rapportage")


def report_rows(calculation: Calculation, *, kind: str) -> list[tuple[str, str]]:
    """The report as (label, value) lines: the .csv and the PDF say the same."""
    c = calculation
    certificate = c.certificate
    return [
        (_("Rapportage"), kind_label(kind)),
        (_("Peildatum"), f"{c.on:%d-%m-%Y}"),
        (_("Opdrachtgever"), c.supplier.buyer.organisation.name),
        (_("Leverancier"), c.supplier.name),
        (_("KvK-nummer"), c.supplier.kvk),
        (_("Contractkenmerk"), c.supplier.reference or "–"),
        (_("Opdrachtwaarde"), euro(c.contract_value)),
        (_("Social-returnverplichting (%)"), pct(c.obligation_pct)),
        (_("Social-returnverplichting (€)"), euro(c.worth.obligation)),
        (_("Trede op de peildatum"), c.level_label or _("geen geldig certificaat")),
        (_("Certificaatnummer"), certificate.number if certificate else "–"),
        (_("Geldig tot en met"), f"{certificate.end:%d-%m-%Y}" if certificate else "–"),
        (_("Controlepagina"), c.verification_url or "–"),
        (_("PSO 30+"), c.pso30plus.number if c.pso30plus else _("nee")),
        (_("Uw regel voor deze trede"), c.rule_text),
        (_("Waarde van het certificaat"), euro(c.worth.worth)),
        (_("Resterende verplichting"), euro(c.worth.remaining)),
        (_("Toelichting"), c.reason),
        (_("Let op"), _("De waardering is het eigen beleid van de opdrachtgever, geen regel "
                        "van PSO-Nederland.")),
    ]


def report_csv(calculation: Calculation, *, kind: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([_("Onderdeel"), _("Waarde")])
    for label, value in report_rows(calculation, kind=kind):
        writer.writerow([neutralise(label), neutralise(value)])
    return CSV_BOM + out.getvalue()


def report_pdf(calculation: Calculation, *, kind: str) -> bytes:
    from django.template.loader import render_to_string
    from weasyprint import HTML  # imported lazily: pango is loaded only when a PDF is made

    html = render_to_string("buyers/pdf/social_return.html", {
        "calculation": calculation, "kind_label": kind_label(kind),
        "rows": report_rows(calculation, kind=kind), "made_on": timezone.localdate(),
    })
    # PDF/UA-1: a tagged PDF with its language and title, readable by screen readers.
    return HTML(string=html, base_url=None).write_pdf(
        pdf_identifier=f"social-return-{calculation.supplier.pk}".encode(),
        pdf_variant="pdf/ua-1",
    )
