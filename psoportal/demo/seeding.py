"""Demo data for `make run`: each app's own `demo.seed`, lowest floor first.

This app sits on top (architecture.md): it may import every app, and no app imports it, so
the lower floors never learn about the ones above them.
"""

from __future__ import annotations

from collections.abc import Callable

from psoportal.accounts import demo as accounts_demo
from psoportal.assessments import demo as assessments_demo
from psoportal.billing import demo as billing_demo
from psoportal.buyers import demo as buyers_demo
from psoportal.certification import demo as certification_demo
from psoportal.news import demo as news_demo
from psoportal.organisations import demo as organisations_demo
from psoportal.register import demo as register_demo

# A later app adds its `demo.seed` here, after the apps whose rows it builds on.
SEED_STEPS: tuple[Callable[[], list[tuple[str, str]]], ...] = (
    accounts_demo.seed,
    organisations_demo.seed,
    assessments_demo.seed,
    certification_demo.seed,
    billing_demo.seed,
    register_demo.seed,
    buyers_demo.seed,
    news_demo.news_demo_seed,
)


def seed_everything() -> list[tuple[str, str]]:
    """Run every step; returns (role, e-mail) of each demo login to print."""
    logins: list[tuple[str, str]] = []
    for step in SEED_STEPS:
        logins.extend(step())
    return logins
