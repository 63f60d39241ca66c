"""The buyer's procurement policy (issue 13 item 4, seed 004): purchasing categories with a
Niveau, the rule that decides whether a supplier complies, and the live compliance overview.

Seed 004 ("Socialer inkopen met het PSO-keurmerk") gives three Niveaus:
  1  PSO is a condition: without PSO certification an organisation cannot take part in a tender;
  2  PSO is strongly advised: with equal offers the certified organisation is chosen;
  3  PSO is recommended.

Compliance (decided here, where the issue leaves it open): a supplier complies when

  * Niveau 1, or no category: it holds a certificate in force on the day that meets the
    contract's required level, if the contract sets one (rank in the handbook's ladder);
  * Niveau 2 or 3: it holds a certificate in force on the day, at any level.

At Niveau 1 a supplier that does not comply is a breach of the buyer's own condition; at
Niveau 2 and 3 "does not comply" is advice, not a breach, and the pages say so. A supplier
without a category is held to its contract's own required level only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from psoportal.accounts.models import User
from psoportal.buyers.levels import level_ranks, meets_level
from psoportal.buyers.models import Buyer, Niveau, PurchasingCategory, Supplier
from psoportal.core.audit import audit_record
from psoportal.register.selectors import KvkCheck, kvk_checks

# Seed 004's explanation of each Niveau, shown beside its categories.
NIVEAU_EXPLANATIONS = {
    Niveau.CONDITION: _("Zonder PSO-certificering kan een organisatie niet meedoen aan een "
                        "aanbesteding."),
    Niveau.STRONGLY_ADVISED: _("Bij gelijkwaardig aanbod wordt gekozen voor een organisatie "
                               "met een PSO-certificering."),
    Niveau.RECOMMENDED: _("PSO-certificering wordt aangeraden."),
}


class CategoryNameTaken(ValueError):
    """The buyer already has a category of that name (a race past the form's check)."""


# -- writes ------------------------------------------------------------------------------------

def category_create(*, buyer: Buyer, name: str, niveau: int, by: User) -> PurchasingCategory:
    try:
        with transaction.atomic():
            last = (PurchasingCategory.objects.filter(buyer=buyer, niveau=niveau)
                    .aggregate(last=Max("position"))["last"])
            category = PurchasingCategory.objects.create(
                buyer=buyer, name=name, niveau=niveau,
                position=0 if last is None else last + 1)
            audit_record(actor=by, action="category_create",
                         organisation_id=buyer.organisation_id, subject=category,
                         changes={"name": name, "niveau": niveau})
    except IntegrityError as error:
        raise CategoryNameTaken(name) from error
    return category


def category_update(*, category: PurchasingCategory, name: str, niveau: int,
                    by: User) -> PurchasingCategory:
    changes = {}
    if name != category.name:
        changes["name"] = [category.name, name]
    if niveau != category.niveau:
        changes["niveau"] = [category.niveau, niveau]
    if not changes:
        return category
    try:
        with transaction.atomic():
            category.name, category.niveau = name, niveau
            category.save(update_fields=["name", "niveau"])
            audit_record(actor=by, action="category_update",
                         organisation_id=category.buyer.organisation_id, subject=category,
                         changes=changes)
    except IntegrityError as error:
        raise CategoryNameTaken(name) from error
    return category


def category_delete(*, category: PurchasingCategory, by: User) -> int:
    """Delete a category; its suppliers stay, without a category. Returns how many."""
    with transaction.atomic():
        suppliers = category.suppliers.count()
        audit_record(actor=by, action="category_delete",
                     organisation_id=category.buyer.organisation_id, subject=category,
                     changes={"name": category.name, "niveau": category.niveau,
                              "suppliers_without_category": suppliers})
        category.delete()  # Supplier.category is SET_NULL
    return suppliers


# -- the rule ----------------------------------------------------------------------------------

def is_compliant(*, niveau: int | None, required_level: str, certificate_level: str | None,
                 ranks: dict[str, int]) -> bool:
    """The module docstring's rule. `certificate_level` is None without a certificate in
    force."""
    if certificate_level is None:
        return False
    if niveau in (Niveau.STRONGLY_ADVISED, Niveau.RECOMMENDED):
        return True
    return meets_level(certificate_level, required_level, ranks)


@dataclass(frozen=True)
class Standing:
    """A supplier as the register shows it on a day, measured against the policy."""

    supplier: Supplier
    check: KvkCheck
    meets_level: bool
    compliant: bool

    @property
    def certified(self) -> bool:
        return self.check.certificate is not None


def supplier_standings(suppliers: list[Supplier], *, on: dt.date) -> list[Standing]:
    """Each supplier's standing on `on`, with two queries for the whole portfolio (the
    register's kvk_checks); the suppliers' categories must be select_related."""
    ranks = level_ranks(on)
    checks = kvk_checks([supplier.kvk for supplier in suppliers], on=on)
    standings = []
    for supplier, check in zip(suppliers, checks, strict=True):
        level = check.certificate.level if check.certificate else None
        niveau = supplier.category.niveau if supplier.category else None
        standings.append(Standing(
            supplier=supplier, check=check,
            meets_level=meets_level(level, supplier.required_level, ranks),
            compliant=is_compliant(niveau=niveau, required_level=supplier.required_level,
                                   certificate_level=level, ranks=ranks),
        ))
    return standings


# -- the compliance overview ---------------------------------------------------------------------

@dataclass
class CategoryCompliance:
    name: str
    niveau: int | None
    category: PurchasingCategory | None = None
    suppliers: int = 0
    certified: int = 0
    meeting_level: int = 0
    compliant: int = 0

    @property
    def percent(self) -> Decimal | None:
        if not self.suppliers:
            return None
        return (Decimal(100 * self.compliant) / self.suppliers).quantize(
            Decimal(1), rounding=ROUND_HALF_UP)

    @property
    def breach(self) -> bool:
        """A Niveau-1 category with a supplier that does not meet the condition."""
        return self.niveau == Niveau.CONDITION and self.compliant < self.suppliers

    @property
    def advice(self) -> bool:
        return self.niveau in (Niveau.STRONGLY_ADVISED, Niveau.RECOMMENDED) and (
            self.compliant < self.suppliers)


@dataclass
class NiveauGroup:
    niveau: int | None
    label: str
    explanation: str
    categories: list[CategoryCompliance]

    @property
    def total(self) -> CategoryCompliance:
        total = CategoryCompliance(name=str(_("Totaal")), niveau=self.niveau)
        for row in self.categories:
            total.suppliers += row.suppliers
            total.certified += row.certified
            total.meeting_level += row.meeting_level
            total.compliant += row.compliant
        return total


def compliance_overview(buyer: Buyer, *, on: dt.date) -> list[NiveauGroup]:
    """Per Niveau and category (and the suppliers without one): how many suppliers, certified
    in force, meeting the required level, complying — live from the register on `on`."""
    categories = list(buyer.categories.all())
    rows = {category.pk: CategoryCompliance(name=category.name, niveau=category.niveau,
                                            category=category)
            for category in categories}
    without = CategoryCompliance(name=str(_("Zonder inkoopcategorie")), niveau=None)
    suppliers = list(buyer.suppliers.select_related("category").order_by("id"))
    for standing in supplier_standings(suppliers, on=on):
        row = rows.get(standing.supplier.category_id, without)
        row.suppliers += 1
        row.certified += standing.certified
        row.meeting_level += standing.meets_level
        row.compliant += standing.compliant
    groups = [
        NiveauGroup(niveau=niveau.value, label=str(niveau.label),
                    explanation=str(NIVEAU_EXPLANATIONS[niveau]),
                    categories=[rows[c.pk] for c in categories if c.niveau == niveau])
        for niveau in Niveau
    ]
    if without.suppliers:
        groups.append(NiveauGroup(
            niveau=None, label=str(_("Zonder inkoopcategorie")),
            explanation=str(_("Deze leveranciers toetst u alleen aan de vereiste trede van "
                              "hun contract.")),
            categories=[without]))
    return groups


def categories_by_niveau(buyer: Buyer) -> list[tuple[Niveau, str, list[PurchasingCategory]]]:
    """The policy page: each Niveau with seed 004's explanation and its categories (with
    their number of suppliers)."""
    categories = list(buyer.categories.annotate(supplier_count=Count("suppliers")))
    return [(niveau, NIVEAU_EXPLANATIONS[niveau],
             [c for c in categories if c.niveau == niveau]) for niveau in Niveau]
