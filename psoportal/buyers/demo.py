"""Demo data of the buyer workspace (issue 13, "Done when"): the municipality Gemeente
Voorbeeldstad buys from 20 suppliers of the demo register with mixed statuses, and the contract
watch has one open alert.

The suppliers are picked from the demo register by their status today (register/demo.py keeps
its dates relative to the current month), so "verloopt binnenkort", "verlopen" and
"ingetrokken" stay true for a demo seeded on any day. Seeding twice changes nothing: every row
is looked up by its natural key first.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from psoportal.accounts.demo import demo_user
from psoportal.buyers.assessments import assessment_create
from psoportal.buyers.models import Buyer, ContractAlert, PurchasingCategory, Supplier
from psoportal.buyers.services import buyer_activate
from psoportal.buyers.watch import alerts_due, contract_alert_create
from psoportal.certification.models import Certificate, CertificateScope
from psoportal.methodology.dates import add_months
from psoportal.organisations.models import Membership, Organisation
from psoportal.register.status import RegisterStatus, entry_status

DEMO_BUYER_KVK = "50200001"
DEMO_BUYER_EMAIL = "ingrid@voorbeeldstad.demo"
SUPPLIERS = 20

# How many suppliers of each status today; the rest (to SUPPLIERS) have no certificate.
_PICK = {RegisterStatus.VALID: 11, RegisterStatus.EXPIRING_SOON: 3,
         RegisterStatus.EXPIRED: 2, RegisterStatus.REVOKED: 1}
_UNCERTIFIED = [
    ("69000001", "Poetsploeg Zonder Keurmerk B.V.", "Schoonmaak"),
    ("69000002", "Adviesbureau Lindeboom B.V.", "Advisering"),
    ("69000003", "Datacentrum Oost B.V.", "IT"),
]
# Purchasing categories the demo spreads its certified suppliers over, in turn.
_CATEGORIES = ("Schoonmaak", "Groenvoorziening", "Bouw, techniek en infra", "Catering",
               "Vervoer en opslag", "Beveiliging en opsporing", "Facilitaire dienstverlening",
               "Telecom", "Energie", "Vastgoed")
_REQUIRED = ("", "trede_1", "trede_2", "basistrede")


def demo_buyer() -> Buyer | None:
    return Buyer.objects.filter(organisation__kvk=DEMO_BUYER_KVK).first()


def seed() -> list[tuple[str, str]]:
    organisation, _ = Organisation.objects.get_or_create(
        kvk=DEMO_BUYER_KVK,
        defaults={"name": "Gemeente Voorbeeldstad", "sector": "Openbaar bestuur",
                  "street": "Raadhuisplein 1", "postcode": "3511 AA", "city": "Voorbeeldstad",
                  "website": "https://voorbeeldstad.demo"},
    )
    ingrid = demo_user(DEMO_BUYER_EMAIL, "Ingrid Inkoper", job_title="Senior inkoopadviseur")
    Membership.objects.get_or_create(organisation=organisation, user=ingrid,
                                     defaults={"role": Membership.Role.ACCOUNTHOUDER})
    buyer = buyer_activate(organisation=organisation, by=ingrid)
    today = timezone.localdate()
    if not buyer.suppliers.exists():
        _suppliers_seed(buyer, today)
    if not buyer.assessments.exists():
        # Two periodic supplier assessments (seed 004), a quarter apart, so the demo shows
        # who changed status between them.
        assessment_create(buyer=buyer, on=add_months(today, -3), by=ingrid,
                          note="Kwartaalbeoordeling")
        assessment_create(buyer=buyer, on=today, by=ingrid, note="Kwartaalbeoordeling")
    if not ContractAlert.objects.filter(supplier__buyer=buyer).exists():
        _alerts_seed(buyer, ingrid, today)
    return [("Inkoper (Gemeente Voorbeeldstad)", ingrid.email)]


def _picked(today: dt.date) -> list[tuple[str, Certificate, RegisterStatus]]:
    """(KvK, certificate, status) per status of _PICK, from the demo register, in number order
    (the same picks every time)."""
    wanted = dict(_PICK)
    picked: list[tuple[str, Certificate, RegisterStatus]] = []
    seen: set[str] = set()
    scopes = (CertificateScope.objects.filter(is_main=True,
                                              certificate__source=Certificate.Source.IMPORT,
                                              certificate__kind=Certificate.Kind.LEVEL)
              .select_related("certificate").order_by("certificate__number"))
    for scope in scopes:
        certificate = scope.certificate
        if scope.kvk in seen:
            continue
        code = entry_status(certificate, on=today).code
        if wanted.get(code, 0) <= 0:
            continue
        # A KvK number whose newer certificate is in force is not "expired" to a buyer.
        if code != RegisterStatus.VALID and CertificateScope.objects.filter(
                kvk=scope.kvk).exclude(certificate=certificate).exists():
            continue
        wanted[code] -= 1
        seen.add(scope.kvk)
        picked.append((scope.kvk, certificate, code))
    return picked


def _suppliers_seed(buyer: Buyer, today: dt.date) -> None:
    categories = {c.name: c for c in PurchasingCategory.objects.filter(buyer=buyer)}
    rows: list[Supplier] = []
    expiring_seen = 0
    for index, (kvk, certificate, code) in enumerate(_picked(today)):
        contract_end = add_months(today, 12 + 6 * (index % 3))
        if code == RegisterStatus.EXPIRING_SOON:
            expiring_seen += 1
            # One contract runs on past the certificate's end: the watch's open alert. The
            # others end with the certificate, so nothing needs saying about them yet.
            contract_end = (add_months(certificate.end, 12) if expiring_seen == 1
                            else certificate.end)
        elif code in (RegisterStatus.EXPIRED, RegisterStatus.REVOKED):
            contract_end = add_months(today, -1)
        rows.append(Supplier(
            buyer=buyer, kvk=kvk, name=certificate.organisation_name,
            category=categories.get(_CATEGORIES[index % len(_CATEGORIES)]),
            reference=f"VBS-{2025 + index % 2}-{index + 1:03d}",
            contract_start=add_months(today, -12), contract_end=contract_end,
            required_level=_REQUIRED[index % len(_REQUIRED)],
            contract_value=Decimal(40_000 + 15_000 * index),
        ))
    for kvk, name, category in _UNCERTIFIED[:SUPPLIERS - len(rows)]:
        rows.append(Supplier(
            buyer=buyer, kvk=kvk, name=name, category=categories.get(category),
            reference=f"VBS-2026-{len(rows) + 1:03d}", contract_start=add_months(today, -3),
            contract_end=add_months(today, 21), contract_value=Decimal(85_000),
        ))
    Supplier.objects.bulk_create(rows)


def _alerts_seed(buyer: Buyer, ingrid, today: dt.date) -> None:
    """What the contract watch owes the demo buyer today (the scheduler of `make run` would
    write the same, once). One alert stays open: the contract running on past its supplier's
    certificate. Any other was seen already, so the page also shows the state kept afterwards."""
    created = [contract_alert_create(due=due) for due in alerts_due(today)
               if due.supplier.buyer_id == buyer.pk]
    created = [alert for alert in created if alert is not None]
    if not created:
        return
    keep = next((alert for alert in created if alert.kind == ContractAlert.Kind.EXPIRES_BEFORE_END),
                created[0])
    ContractAlert.objects.filter(pk__in=[a.pk for a in created if a.pk != keep.pk]).update(
        seen_at=timezone.now(), seen_by=ingrid)
