"""Arrows point down (architecture.md): every import in psoportal/ follows the floor plan.

Read from the source with `ast`, so imports inside functions (an AppConfig.ready(), a lazy
import in a view) count as much as those at the top of a module, and relative imports are
resolved. The rule lives here, next to the code it guards, without a dependency to install.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "psoportal"

# Lowest floor first. Each app may import itself and the floors listed for it, never an app
# above it; `demo` is the top floor that composes the others, and no app imports it.
# `methodology` is the pure engine: it imports nothing of the project (see below).
MAY_IMPORT: dict[str, frozenset[str]] = {
    "methodology": frozenset(),
    "core": frozenset({"methodology"}),
    "accounts": frozenset({"methodology", "core"}),
    "organisations": frozenset({"methodology", "core", "accounts"}),
    "assessments": frozenset({"methodology", "core", "accounts", "organisations"}),
    "certification": frozenset(
        {"methodology", "core", "accounts", "organisations", "assessments"}
    ),
    "billing": frozenset(
        {"methodology", "core", "accounts", "organisations", "assessments", "certification"}
    ),
    # The public register reads certificates; it never reaches into billing.
    "register": frozenset(
        {"methodology", "core", "accounts", "organisations", "assessments", "certification"}
    ),
    # The buyer workspace reads the register (and what it reads); never billing.
    "buyers": frozenset(
        {"methodology", "core", "accounts", "organisations", "assessments", "certification",
         "register"}
    ),
    # PSO-Nederland's news and newsletter: its back office checks staff (organisations.access).
    "news": frozenset({"methodology", "core", "accounts", "organisations"}),
    # A new handbook version: checked by the engine, previewed on and migrating the drafts,
    # announced in the news; above every app whose data it reads, below schedule and demo.
    "handbooks": frozenset(
        {"methodology", "core", "accounts", "organisations", "assessments", "certification",
         "news"}
    ),
    # Top floor beside demo: run_schedule composes the clock-driven jobs of every app.
    "schedule": frozenset(
        {"methodology", "core", "accounts", "organisations", "assessments", "certification",
         "billing", "register", "buyers", "news", "handbooks"}
    ),
    "demo": frozenset(
        {"methodology", "core", "accounts", "organisations", "assessments", "certification",
         "billing", "register", "buyers", "news", "handbooks"}
    ),
}
# psoportal/settings.py, urls.py, wsgi.py, ...: the wiring of the apps, below the top floor.
WIRING_MAY_IMPORT = frozenset(MAY_IMPORT) - {"demo", "schedule"}


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import statement in the file."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # `from psoportal import assessments` names the app in the alias.
            if name == "psoportal":
                found.extend((node.lineno, f"psoportal.{a.name}") for a in node.names)
    return found


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "psoportal" or len(parts) < 2:
        return None
    return parts[1]


def _floor(path: Path) -> str | None:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else None


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def contract_breaches() -> list[str]:
    breaches = []
    for path in _sources():
        floor = _floor(path)
        allowed = WIRING_MAY_IMPORT if floor is None else MAY_IMPORT.get(floor)
        if allowed is None:
            continue  # reported by test_every_app_has_a_place_in_the_floor_plan
        for line, module in _imported_modules(path):
            target = _app_of(module)
            if target is None or target == floor or target in allowed:
                continue
            if target not in MAY_IMPORT and not (PACKAGE / target).is_dir():
                continue  # a root module such as psoportal.settings
            breaches.append(
                f"psoportal/{path.relative_to(PACKAGE)}:{line} imports {module} "
                f"({floor or 'wiring'} may not import {target})"
            )
    return breaches


def test_every_app_has_a_place_in_the_floor_plan():
    apps = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert apps - set(MAY_IMPORT) == set(), "add the new app to MAY_IMPORT at its floor"


def test_no_module_imports_an_app_above_its_own_floor():
    breaches = contract_breaches()
    assert not breaches, "\n".join(breaches)


_RELATIONS = frozenset({"ForeignKey", "OneToOneField", "ManyToManyField"})


def model_reference_breaches() -> list[str]:
    """A relation named by string ("organisations.Organisation") is a dependency as much as an
    import: the model and its migrations need the other app."""
    breaches = []
    for path in _sources():
        floor = _floor(path)
        allowed = MAY_IMPORT.get(floor or "", WIRING_MAY_IMPORT)
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            if name not in _RELATIONS:
                continue
            targets = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "to")]
            for target in targets:
                if not (isinstance(target, ast.Constant) and isinstance(target.value, str)):
                    continue
                app = target.value.partition(".")[0] if "." in target.value else floor
                if app in MAY_IMPORT and app != floor and app not in allowed:
                    breaches.append(
                        f"psoportal/{path.relative_to(PACKAGE)}:{node.lineno} relates to "
                        f"{target.value} ({floor} may not depend on {app})"
                    )
    return breaches


def test_no_model_relates_to_a_model_above_its_own_floor():
    breaches = model_reference_breaches()
    assert not breaches, "\n".join(breaches)


def test_a_relation_by_string_against_the_arrows_is_reported(tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "psoportal"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    (copy / "accounts" / "added_by_test.py").write_text(
        "from django.db import models\n"
        "organisation = models.ForeignKey('organisations.Organisation', on_delete=None)\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", copy)
    assert model_reference_breaches() == [
        "psoportal/accounts/added_by_test.py:2 relates to organisations.Organisation "
        "(accounts may not depend on organisations)"
    ]


def test_the_engine_imports_only_the_standard_library():
    foreign = [
        f"psoportal/{path.relative_to(PACKAGE)}:{line} imports {module}"
        for path in _sources()
        if _floor(path) == "methodology"
        for line, module in _imported_modules(path)
        if module.split(".")[0] not in sys.stdlib_module_names
        and not module.startswith("psoportal.methodology")
    ]
    assert foreign == []


@pytest.mark.parametrize(
    ("floor", "statement", "breach"),
    [
        ("methodology", "from psoportal.core.lib import env", "methodology may not import core"),
        ("core", "from psoportal.accounts.models import User", "core may not import accounts"),
        ("accounts", "import psoportal.organisations.models",
         "accounts may not import organisations"),
        ("organisations", "from psoportal import assessments",
         "organisations may not import assessments"),
        ("assessments", "from psoportal.demo.seeding import seed_everything",
         "assessments may not import demo"),
    ],
)
def test_an_import_against_the_arrows_is_reported_with_file_and_line(
    floor, statement, breach, tmp_path, monkeypatch
):
    # A copy of the tree with one forbidden import added inside a function (a lazy import).
    import shutil

    copy = tmp_path / "psoportal"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    (copy / floor / "added_by_test.py").write_text(f"def later():\n    {statement}\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", copy)
    reported = [b for b in contract_breaches() if "added_by_test.py" in b]
    assert len(reported) == 1
    assert reported[0].startswith(f"psoportal/{floor}/added_by_test.py:2 imports psoportal.")
    assert reported[0].endswith(f"({breach})")
