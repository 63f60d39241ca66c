"""On a new handbook version's effective date its drafts move (issue 14 item 4, rule book §10).

Every published version whose date has come and whose drafts have not all moved yet is
migrated. No claim per effect is taken here: the DraftMigration record of each draft (unique
per version and rekentool) is the idempotency key, written in the same transaction as the
draft's rows under a lock on the rekentool, so a rerun, a crash in the middle or two runners at
once move every draft once; when none is left the version becomes migrated (compare-and-set)
and later runs do not look at it again.
"""

from __future__ import annotations

import datetime as dt

from psoportal.handbooks.migration import handbook_drafts_migrate
from psoportal.handbooks.models import HandbookVersion


def handbook_migrations(as_of: dt.date) -> int:
    """The drafts moved to the versions in force on `as_of`."""
    due = HandbookVersion.objects.filter(state=HandbookVersion.State.PUBLISHED,
                                         effective__lte=as_of).order_by("effective", "pk")
    return sum(handbook_drafts_migrate(version=version, on=as_of) for version in due)
