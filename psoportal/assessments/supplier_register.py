"""The port through which step 3D reads the PSO register (rule book §6, issue 12 item 4).

A purchase from a supplier in this product's own register is converted with the supplier's
certified figures (its turnover in the peiljaar and its weighted target-group fte): the buyer
types only the amount and never sees the figures. The register lives in `psoportal.register`,
a floor above this app, which this app must never import (architecture.md: arrows point down).

So this app states what it needs, `SupplierRegister`, and the register app implements it and
plugs it in from its AppConfig.ready() (`supplier_register_set`). That is dependency inversion,
not a way round the layering: the dependency in the code still points down (register →
assessments, to implement and register the port), the rekentool knows nothing of certificates,
applications or their tables, and it keeps working without a register at all (`NoRegister`:
no supplier found, so a register purchase simply does not count), which is also what the
engine's command line does. The same idea as `accounts.erasure.erasure_hook_register`.

What crosses the port is deliberately small: a search answers with names, KvK numbers, places
and level labels only; the confidential figures come out only through `figures`, which only
the scoring (document.register_filled) calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class RegisterSupplier:
    """A supplier as the buyer may see it in the search: no figures."""

    name: str
    kvk: str
    place: str
    level: str  # the level's label, e.g. "Trede 2"


@dataclass(frozen=True)
class SupplierFigures:
    """The figures a purchase from this supplier is converted with (confidential)."""

    turnover: Decimal
    weighted_fte: Decimal
    certificate_number: str


class SupplierRegister(Protocol):
    def search(self, text: str, *, start: dt.date, end: dt.date, limit: int
               ) -> list[RegisterSupplier]:
        """At most `limit` suppliers matching a name or a KvK number that qualify for the
        peiljaar [start, end]: they held a certificate with figures in force at some time in
        it. Sorted by name."""
        ...

    def figures(self, kvks: Collection[str], *, start: dt.date, end: dt.date
                ) -> dict[str, SupplierFigures]:
        """KvK number -> figures, for the KvK numbers that qualify for the peiljaar [start,
        end] (rule book §6 [rule]); the others are left out. One call for many numbers: a
        rekentool holds up to 50,000 purchases."""
        ...


class NoRegister:
    """No register plugged in: nobody qualifies."""

    def search(self, text: str, *, start: dt.date, end: dt.date, limit: int
               ) -> list[RegisterSupplier]:
        return []

    def figures(self, kvks: Collection[str], *, start: dt.date, end: dt.date
                ) -> dict[str, SupplierFigures]:
        return {}


_registered: list[SupplierRegister] = []


def supplier_register_set(register: SupplierRegister) -> None:
    """Plug in the register (the register app's ready()); a second call replaces the first."""
    _registered[:] = [register]


def supplier_register_clear() -> None:
    _registered.clear()


def supplier_register() -> SupplierRegister:
    return _registered[0] if _registered else NoRegister()
