"""What the audit found, as far as the award is concerned: the level PSO-Nederland may award at
most, and whether the separate PSO 30+ certificate may go with it.

The engine's result on the figures as the auditor corrected them (`Audit.audited_result`) is
what counts; without corrections the application's own result stands. The auditor's
`recommended_level` is advice shown beside it, never a limit (issue 10 §6).
"""

from __future__ import annotations

from typing import Any

from psoportal.certification.models import Application, Audit
from psoportal.methodology.handbook import Handbook, Level, handbook_get


def audited_result(application: Application) -> dict[str, Any]:
    audit = Audit.objects.filter(application=application).only("audited_result").first()
    if audit is not None and audit.audited_result:
        return audit.audited_result
    return application.result


def audited_level(application: Application) -> str:
    """The level code the audited figures reach; "none" when they reach no level."""
    return audited_result(application).get("level") or "none"


def awardable_levels(application: Application) -> list[Level]:
    """The handbook's levels up to and including the audited one, low to high (empty when
    the audit reached no level: then only a rejection is possible)."""
    handbook = handbook_get(application.handbook_version)
    codes = [level.code for level in handbook.levels]
    ceiling = audited_level(application)
    if ceiling not in codes:
        return []
    return list(handbook.levels[: codes.index(ceiling) + 1])


def pso30plus_possible(application: Application) -> bool:
    """The audited figures make PSO 30+ eligible (rule book §7.4)."""
    found = audited_result(application).get("pso30plus") or {}
    return bool(found.get("eligible"))


def pso30plus_allowed(application: Application, level: str, handbook: Handbook | None = None
                      ) -> bool:
    """PSO 30+ goes only with the level the handbook ties it to (§4: a Trede 3 score): awarding
    a lower level than the audited one takes the PSO 30+ certificate away with it."""
    handbook = handbook or handbook_get(application.handbook_version)
    return pso30plus_possible(application) and level == handbook.pso30plus.level
