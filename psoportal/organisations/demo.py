"""Demo organisations for `make run`: two certifying institutions and an applicant.

Composed by `manage.py seed_demo` (psoportal/demo); every row is looked up by its natural key
before it is created, so seeding twice is harmless.
"""

from __future__ import annotations

from psoportal.accounts.demo import demo_user
from psoportal.organisations.models import (
    CertifyingInstitution,
    InstitutionMembership,
    Membership,
    Organisation,
)

DEMO_APPLICANT_KVK = "12345678"

_INSTITUTIONS = [
    ("Keurmerk Certificering B.V.", "30100001", "Utrecht", "audrey@keurmerk-cert.demo",
     "Audrey Auditor"),
    ("Sociaal Audit Instituut B.V.", "30100002", "Zwolle", "sam@sociaal-audit.demo",
     "Sam Auditor"),
]


def demo_applicant() -> Organisation | None:
    return Organisation.objects.filter(kvk=DEMO_APPLICANT_KVK).first()


def seed() -> list[tuple[str, str]]:
    logins: list[tuple[str, str]] = []
    for name, kvk, city, email, person in _INSTITUTIONS:
        institution, _ = CertifyingInstitution.objects.get_or_create(
            kvk=kvk, defaults={"name": name, "city": city}
        )
        auditor = demo_user(email, person, job_title="Lead auditor")
        InstitutionMembership.objects.get_or_create(
            institution=institution,
            user=auditor,
            defaults={"role": InstitutionMembership.Role.AUDITOR},
        )
        logins.append((f"CI-auditor ({name})", auditor.email))

    organisation, _ = Organisation.objects.get_or_create(
        kvk=DEMO_APPLICANT_KVK,
        defaults={
            "name": "Voorbeeld Schoonmaak B.V.",
            "website": "https://voorbeeld-schoonmaak.demo",
            "sector": "Schoonmaak",
            "street": "Stationsplein 1",
            "postcode": "3511 ED",
            "city": "Utrecht",
        },
    )
    organisation.entities.get_or_create(
        kvk="87654321", defaults={"name": "Voorbeeld Groen B.V."}
    )
    alice = demo_user(
        "alice@voorbeeld-schoonmaak.demo", "Alice Accounthouder", job_title="HR-manager",
        phone="030 123 45 67",
    )
    Membership.objects.get_or_create(
        organisation=organisation, user=alice,
        defaults={"role": Membership.Role.ACCOUNTHOUDER},
    )
    bob = demo_user("bob@voorbeeld-schoonmaak.demo", "Bob Collega", job_title="Controller")
    Membership.objects.get_or_create(
        organisation=organisation, user=bob, defaults={"role": Membership.Role.COLLEGA}
    )
    logins.append(("Accounthouder (Voorbeeld)", alice.email))
    logins.append(("Collega (Voorbeeld)", bob.email))
    return logins
