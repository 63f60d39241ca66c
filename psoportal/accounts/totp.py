"""TOTP (RFC 6238): 160-bit seeds, SHA-1, 6 digits, 30 s steps, ±1 step tolerance.

Codes are computed with django_otp.oath; the device model, encryption at rest and replay
protection are ours because django-otp stores seeds in clear.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import time
from urllib.parse import quote, urlencode

import segno
from django_otp.oath import hotp

from psoportal.core.lib.crypto import decrypt, encrypt

STEP = 30
DIGITS = 6
TOLERANCE = 1
ISSUER = "MijnPSO"


def new_seed() -> bytes:
    return secrets.token_bytes(20)  # 160 bits, RFC 4226 §4 recommendation


def b32(seed: bytes) -> str:
    return base64.b32encode(seed).decode("ascii").rstrip("=")


def from_b32(text: str) -> bytes:
    text = text.replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def seal(seed: bytes) -> str:
    return encrypt(b32(seed))


def unseal(token: str) -> bytes:
    return from_b32(decrypt(token))


def time_step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // STEP)


def code_at(seed: bytes, step: int) -> str:
    return f"{hotp(seed, step, digits=DIGITS):0{DIGITS}d}"


def match_step(seed: bytes, code: str, *, last_t: int, at: float | None = None) -> int | None:
    """The time step the code belongs to, or None. Steps at or before last_t never match."""
    current = time_step(at)
    for step in range(current - TOLERANCE, current + TOLERANCE + 1):
        if step > last_t and hmac.compare_digest(code_at(seed, step), code):
            return step
    return None


def was_replayed(seed: bytes, code: str, *, last_t: int, at: float | None = None) -> bool:
    current = time_step(at)
    return any(
        step <= last_t and hmac.compare_digest(code_at(seed, step), code)
        for step in range(current - TOLERANCE, current + TOLERANCE + 1)
    )


def provisioning_uri(seed: bytes, account: str) -> str:
    label = quote(f"{ISSUER}:{account}")
    query = urlencode({"secret": b32(seed), "issuer": ISSUER, "algorithm": "SHA1",
                       "digits": DIGITS, "period": STEP})
    return f"otpauth://totp/{label}?{query}"


def qr_data_uri(uri: str) -> str:
    # A data: URI image is allowed by the CSP (img-src 'self' data:) and needs no inline SVG.
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
