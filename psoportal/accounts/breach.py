"""Breached-password check through Have I Been Pwned's k-anonymity range API.

Only the first five hex characters of the password's SHA-1 leave the server. If the service is
unreachable the check fails open (the password is accepted) and the failure is logged.
"""

from __future__ import annotations

import hashlib
import logging
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _sha1(password: str) -> str:
    return hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()


class HibpBreachChecker:
    url = "https://api.pwnedpasswords.com/range/{prefix}"
    timeout = 3

    def fetch_range(self, prefix: str) -> str:
        request = urllib.request.Request(  # noqa: S310 - fixed https URL
            self.url.format(prefix=prefix),
            headers={"Add-Padding": "true", "User-Agent": "MijnPSO password check"},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            return response.read().decode("utf-8")

    def is_breached(self, password: str) -> bool:
        digest = _sha1(password)
        prefix, suffix = digest[:5], digest[5:]
        try:
            body = self.fetch_range(prefix)
        except Exception:  # any failure: fail open, but say so
            logger.warning("breached-password check unavailable; password accepted")
            return False
        for line in body.splitlines():
            candidate, _, count = line.strip().partition(":")
            if candidate == suffix and count.strip() not in {"", "0"}:
                return True
        return False


class OfflineBreachChecker(HibpBreachChecker):
    """Development and tests: a tiny built-in list instead of the network."""

    KNOWN = frozenset(
        _sha1(p)
        for p in ["wachtwoord1234", "password1234", "welkom123456", "qwertyuiop123", "123456789012"]
    )

    def fetch_range(self, prefix: str) -> str:
        return "\n".join(f"{h[5:]}:42" for h in self.KNOWN if h.startswith(prefix))


def breach_checker() -> HibpBreachChecker:
    return import_string(settings.PASSWORD_BREACH_CHECKER)()
