"""Detecting Dutch citizen service numbers (BSN) where only anonymous references belong.

Rule book §2: an application that contains a BSN is cancelled with a fee, so the product refuses
it up front. A BSN is 9 digits passing the eleven-test ``9a+8b+7c+6d+5e+4f+3g+2h-1i ≡ 0 mod 11``.
"""

from __future__ import annotations

import re

# Exactly nine digits, not part of a longer run of digits (a 12-digit order number is no BSN).
_NINE_DIGITS = re.compile(r"(?<![0-9])[0-9]{9}(?![0-9])")
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_valid_bsn(text: str) -> bool:
    """True when ``text`` is nine digits that pass the eleven-test."""
    if len(text) != 9 or not text.isascii() or not text.isdigit():
        return False
    return sum(w * int(d) for w, d in zip(_WEIGHTS, text, strict=True)) % 11 == 0


def find_bsns(text: str) -> list[str]:
    """Every BSN-shaped number inside ``text`` that passes the eleven-test."""
    return [m for m in _NINE_DIGITS.findall(text) if is_valid_bsn(m)]
