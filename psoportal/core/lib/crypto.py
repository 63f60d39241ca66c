"""Symmetric encryption for secrets stored in the database (TOTP seeds).

The key lives outside the database (FIELD_ENCRYPTION_KEY, an env or *_FILE secret), so a database
dump alone does not reveal seeds. Outside production a key derived from SECRET_KEY is accepted so
that development works without extra set-up; production settings refuse to start without a key.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt"]


@lru_cache(maxsize=4)
def _fernet(configured: str, secret_key: str) -> MultiFernet:
    keys = [k.strip() for k in configured.split(",") if k.strip()]
    if not keys:
        derived = hashlib.sha256(b"pso-field-encryption:" + secret_key.encode()).digest()
        keys = [base64.urlsafe_b64encode(derived).decode()]
    # The first key encrypts; all keys decrypt, which allows rotation.
    return MultiFernet([Fernet(k) for k in keys])


def _current() -> MultiFernet:
    return _fernet(settings.FIELD_ENCRYPTION_KEY or "", settings.SECRET_KEY)


def encrypt(plain: str) -> str:
    return _current().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    return _current().decrypt(token.encode()).decode()
