"""The README tells the truth about what production needs and where the code lives."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def _section(title: str) -> str:
    return README.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_it_names_every_setting_production_refuses_to_start_without():
    production = (ROOT / "psoportal" / "settings_production.py").read_text()
    required = set(re.findall(r'envsecret\("([A-Z_]+)"\)', production))
    assert {"SECRET_KEY", "DATABASE_URL", "FIELD_ENCRYPTION_KEY"} <= required
    section = _section("Running in production")
    assert [name for name in sorted(required) if f"`{name}`" not in section] == []


def test_where_things_live_lists_every_app():
    apps = sorted(p.parent.name for p in (ROOT / "psoportal").glob("*/apps.py"))
    assert "assessments" in apps and "demo" in apps
    table = _section("Where things live")
    assert [app for app in apps if f"`psoportal/{app}/`" not in table] == []
