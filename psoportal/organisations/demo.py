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

# Two active institutions, each with one auditor (who logs in with the demo password and TOTP).
_INSTITUTIONS = [
    {
        "name": "Keurmerk Certificering B.V.", "kvk": "30100001", "city": "Utrecht",
        "website": "https://keurmerk-cert.demo", "accreditation": "RvA C 901",
        "contact_name": "Karin Keurmerk", "contact_email": "info@keurmerk-cert.demo",
        "contact_phone": "030 200 30 40",
        "auditor": ("audrey@keurmerk-cert.demo", "Audrey Auditor"),
    },
    {
        "name": "Sociaal Audit Instituut B.V.", "kvk": "30100002", "city": "Zwolle",
        "website": "https://sociaal-audit.demo", "accreditation": "RvA C 902",
        "contact_name": "Sander Sociaal", "contact_email": "info@sociaal-audit.demo",
        "contact_phone": "038 400 50 60",
        "auditor": ("sam@sociaal-audit.demo", "Sam Auditor"),
    },
]


def demo_applicant() -> Organisation | None:
    return Organisation.objects.filter(kvk=DEMO_APPLICANT_KVK).first()


def seed() -> list[tuple[str, str]]:
    logins: list[tuple[str, str]] = []
    for row in _INSTITUTIONS:
        details = dict(row)
        email, person = details.pop("auditor")
        kvk = details.pop("kvk")
        institution, _ = CertifyingInstitution.objects.get_or_create(kvk=kvk, defaults=details)
        auditor = demo_user(email, person, job_title="Lead auditor")
        InstitutionMembership.objects.get_or_create(
            institution=institution,
            user=auditor,
            defaults={"role": InstitutionMembership.Role.AUDITOR},
        )
        logins.append((f"CI-auditor ({institution.name})", auditor.email))

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
