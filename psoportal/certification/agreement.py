"""The participation agreement and general terms, by version (rule book §9).

The text of each version is a template; its fee table is not in the text but read from the
handbook's fee table of the date the agreement is made (one source of truth: the handbook). An
application stores the version it accepted, so a later text never rewrites what was agreed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from psoportal.methodology.handbook import FeeTable, Handbook, handbook_for

CURRENT_VERSION = "2024-04"

# version -> the template with its text. Add a version; never edit a published one.
TEXTS = {"2024-04": "certification/agreements/2024-04.html"}


@dataclass(frozen=True)
class Agreement:
    version: str
    template: str
    on: dt.date
    handbook: Handbook
    fees: FeeTable | None


def agreement_for(version: str, on: dt.date) -> Agreement | None:
    """The agreement text of `version` with the fee table in force on `on`; None if unknown."""
    template = TEXTS.get(version)
    if template is None:
        return None
    handbook = handbook_for(on)
    return Agreement(version=version, template=template, on=on, handbook=handbook,
                     fees=handbook.fee_table_for(on))
