"""The published handbook versions, as the engine's source of versions beyond the shipped files
(methodology.handbook.HandbookSource; installed in HandbooksConfig.ready).

The engine asks for the token on every lookup, so the token is kept in the process for
TOKEN_SECONDS: a version published in another process is seen within that time (a version is
published weeks before its 1 April, so seconds do not matter), one published in this process at
once (registry_reset). When the database cannot be asked (before migrations, a test without
database access) the engine works with the shipped versions only.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Max

from psoportal.handbooks.models import HandbookVersion
from psoportal.methodology.handbook import HandbookSource

# How long a process trusts what it last read (settings.HANDBOOK_REGISTRY_SECONDS overrides;
# the tests set it long, so a query-count test never meets a refresh).
TOKEN_SECONDS = 5.0
IN_FORCE_STATES = (HandbookVersion.State.PUBLISHED, HandbookVersion.State.MIGRATED)


class PublishedHandbooks(HandbookSource):
    def __init__(self) -> None:
        self._token: object = None
        self._checked: float | None = None  # time.monotonic() of the last read; None: never

    def reset(self) -> None:
        self._token, self._checked = None, None

    def assume_none_published(self) -> None:
        """Trust, without asking, that no version is published (a test's empty database)."""
        self._token, self._checked = None, time.monotonic()

    def token(self) -> object:
        now = time.monotonic()
        trusted = getattr(settings, "HANDBOOK_REGISTRY_SECONDS", TOKEN_SECONDS)
        if self._checked is not None and now - self._checked < trusted:
            return self._token
        try:
            facts = (HandbookVersion.objects.filter(state__in=IN_FORCE_STATES)
                     .aggregate(count=Count("id"), last=Max("published_at"), top=Max("id")))
        except (DatabaseError, RuntimeError):
            # No database to ask (pytest-django's "database access not allowed" is a
            # RuntimeError): the shipped versions, and ask again next time.
            return None
        self._token = (facts["count"], facts["last"], facts["top"]) if facts["count"] else None
        self._checked = now
        return self._token

    def texts(self) -> tuple[tuple[str, str], ...]:
        return tuple(
            (f"handboekversie {version}", text) for version, text in
            HandbookVersion.objects.filter(state__in=IN_FORCE_STATES)
            .order_by("effective").values_list("version", "text")
        )


PUBLISHED = PublishedHandbooks()


def registry_reset() -> None:
    """Ask the database again at the next lookup (after publishing)."""
    PUBLISHED.reset()
