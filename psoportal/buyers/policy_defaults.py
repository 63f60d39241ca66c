"""The procurement policy a new buyer workspace starts with (data/procurement_policy.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULTS_FILE = Path(__file__).parent / "data" / "procurement_policy.toml"


@dataclass(frozen=True)
class DefaultCategory:
    niveau: int
    name_nl: str
    name_en: str


@cache
def default_categories() -> tuple[DefaultCategory, ...]:
    data = tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    return tuple(
        DefaultCategory(niveau=group["niveau"], name_nl=nl, name_en=en)
        for group in data["category"] for nl, en in group["names"]
    )
