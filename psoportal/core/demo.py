"""Demo data shared by `seed_demo` and the browser tests.

Everything is looked up by a natural key before it is created, so seeding twice is harmless.
"""

from __future__ import annotations

from django.utils import timezone

from psoportal.accounts.models import User
from psoportal.organisations.models import (
    CertifyingInstitution,
    InstitutionMembership,
    Membership,
    Organisation,
)

# Printed by `make run`; only ever used on a developer's machine.
DEMO_PASSWORD = "demo-wachtwoord-pso"  # noqa: S105
# Every demo user's authenticator holds this seed, so `make run` users can log in with 2FA.
# Add it to an authenticator app (or use the otpauth URI that seed_demo prints). Development only.
DEMO_TOTP_SEED_B32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def demo_totp_uri() -> str:
    from psoportal.accounts import totp

    return totp.provisioning_uri(totp.from_b32(DEMO_TOTP_SEED_B32), "demo")


def _demo_device(user: User) -> None:
    from psoportal.accounts import totp
    from psoportal.accounts.models import TotpDevice

    if not user.totp_devices.filter(confirmed_at__isnull=False).exists():
        TotpDevice.objects.create(
            user=user,
            encrypted_seed=totp.seal(totp.from_b32(DEMO_TOTP_SEED_B32)),
            confirmed_at=timezone.now(),
        )


def _user(email: str, full_name: str, **extra) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            full_name=full_name,
            email_verified_at=timezone.now(),
            **extra,
        )
    _demo_device(user)
    return user


def seed_people_and_organisations() -> list[tuple[str, str]]:
    logins: list[tuple[str, str]] = []

    bo = _user("bo@pso-nederland.demo", "Bo Backoffice", job_title="Backoffice", is_staff=True)
    logins.append(("PSO-Nederland (backoffice)", bo.email))

    institutions = [
        ("Keurmerk Certificering B.V.", "30100001", "Utrecht", "audrey@keurmerk-cert.demo",
         "Audrey Auditor"),
        ("Sociaal Audit Instituut B.V.", "30100002", "Zwolle", "sam@sociaal-audit.demo",
         "Sam Auditor"),
    ]
    for name, kvk, city, email, person in institutions:
        institution, _ = CertifyingInstitution.objects.get_or_create(
            kvk=kvk, defaults={"name": name, "city": city}
        )
        auditor = _user(email, person, job_title="Lead auditor")
        InstitutionMembership.objects.get_or_create(
            institution=institution,
            user=auditor,
            defaults={"role": InstitutionMembership.Role.AUDITOR},
        )
        logins.append((f"CI-auditor ({name})", auditor.email))

    organisation, _ = Organisation.objects.get_or_create(
        kvk="12345678",
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
    alice = _user(
        "alice@voorbeeld-schoonmaak.demo", "Alice Accounthouder", job_title="HR-manager",
        phone="030 123 45 67",
    )
    Membership.objects.get_or_create(
        organisation=organisation, user=alice,
        defaults={"role": Membership.Role.ACCOUNTHOUDER},
    )
    bob = _user("bob@voorbeeld-schoonmaak.demo", "Bob Collega", job_title="Controller")
    Membership.objects.get_or_create(
        organisation=organisation, user=bob, defaults={"role": Membership.Role.COLLEGA}
    )
    logins.append(("Accounthouder (Voorbeeld)", alice.email))
    logins.append(("Collega (Voorbeeld)", bob.email))
    return logins


# Later capabilities append their own seeding step here.
SEED_STEPS = [seed_people_and_organisations]


def seed_everything() -> list[tuple[str, str]]:
    logins: list[tuple[str, str]] = []
    for step in SEED_STEPS:
        logins.extend(step() or [])
    return logins
