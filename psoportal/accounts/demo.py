"""Demo accounts for `make run`: every demo user with the published password and TOTP key.

Composed by `manage.py seed_demo` (psoportal/demo). Looked up by e-mail before creating, so
seeding twice is harmless. Development only: production settings refuse to seed.
"""

from __future__ import annotations

from django.utils import timezone

from psoportal.accounts import totp
from psoportal.accounts.models import TotpDevice, User

# Printed by `make run`; only ever used on a developer's machine.
DEMO_PASSWORD = "demo-wachtwoord-pso"  # noqa: S105
# Every demo user's authenticator holds this seed, so `make run` users can log in with 2FA.
# Add it to an authenticator app (or use the otpauth URI that seed_demo prints). Development only.
DEMO_TOTP_SEED_B32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def demo_totp_uri() -> str:
    return totp.provisioning_uri(totp.from_b32(DEMO_TOTP_SEED_B32), "demo")


def demo_totp_code() -> str:
    return totp.code_at(totp.from_b32(DEMO_TOTP_SEED_B32), totp.time_step())


def demo_user(email: str, full_name: str, **extra) -> User:
    """The demo user with this e-mail address, created with the demo password and TOTP key."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            full_name=full_name,
            email_verified_at=timezone.now(),
            **extra,
        )
    if not user.totp_devices.filter(confirmed_at__isnull=False).exists():
        TotpDevice.objects.create(
            user=user,
            encrypted_seed=totp.seal(totp.from_b32(DEMO_TOTP_SEED_B32)),
            confirmed_at=timezone.now(),
        )
    return user


def seed() -> list[tuple[str, str]]:
    bo = demo_user("bo@pso-nederland.demo", "Bo Backoffice", job_title="Backoffice",
                   is_staff=True)
    return [("PSO-Nederland (backoffice)", bo.email)]
