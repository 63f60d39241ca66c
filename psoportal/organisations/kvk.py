"""KvK (Dutch Chamber of Commerce) lookup adapter, chosen by settings.KVK_LOOKUP_BACKEND."""

from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KvkRecord:
    kvk: str
    name: str | None


class OfflineKvkLookup:
    """Development and tests: every well-formed number exists, except 00000000."""

    def lookup(self, kvk: str) -> KvkRecord | None:
        if len(kvk) != 8 or not kvk.isdigit() or kvk == "00000000":
            return None
        return KvkRecord(kvk=kvk, name=None)


class KvkApiLookup:
    """The KvK Zoeken API. Unreachable → treated as found (fail open) and logged."""

    url = "https://api.kvk.nl/api/v2/zoeken?"

    def lookup(self, kvk: str) -> KvkRecord | None:
        if len(kvk) != 8 or not kvk.isdigit():
            return None
        request = urllib.request.Request(  # noqa: S310 - fixed https URL
            self.url + urllib.parse.urlencode({"kvkNummer": kvk}),
            headers={"apikey": settings.KVK_API_KEY},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                data = json.load(response)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            logger.warning("KvK lookup failed with HTTP %s; number accepted", exc.code)
            return KvkRecord(kvk=kvk, name=None)
        except Exception:
            logger.warning("KvK lookup unavailable; number accepted")
            return KvkRecord(kvk=kvk, name=None)
        results = data.get("resultaten") or []
        if not results:
            return None
        return KvkRecord(kvk=kvk, name=results[0].get("naam"))


def kvk_lookup(kvk: str) -> KvkRecord | None:
    return import_string(settings.KVK_LOOKUP_BACKEND)().lookup(kvk)
