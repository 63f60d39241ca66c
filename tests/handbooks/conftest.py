"""The synthetic handbook 2.3 (docs/handbooks/2.3-synthetisch.toml) as PSO-Nederland uploads it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from psoportal.handbooks.models import HandbookVersion
from psoportal.methodology.handbook import parse_handbook_text

SYNTHETIC_PATH = Path(__file__).resolve().parents[2] / "docs" / "handbooks" / "2.3-synthetisch.toml"
SYNTHETIC = SYNTHETIC_PATH.read_text(encoding="utf-8")


@pytest.fixture
def uploaded(db, bo) -> HandbookVersion:
    """2.3 uploaded, not yet published (made directly: the upload has its own tests)."""
    handbook = parse_handbook_text(SYNTHETIC, source="2.3-synthetisch.toml")
    return HandbookVersion.objects.create(
        version=handbook.version, effective=handbook.effective, title=handbook.title_nl,
        text=SYNTHETIC, file_name=SYNTHETIC_PATH.name,
        sha256=hashlib.sha256(SYNTHETIC.encode()).hexdigest(), uploaded_by=bo)
