"""Uploading a new handbook version (issue 14 §1): checked by the engine's loader and against the
known versions, kept with its SHA-256 and audited; an unpublished version is replaced by the
next upload of the same version."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from psoportal.core.models import AuditEvent
from psoportal.handbooks.models import HandbookVersion
from psoportal.handbooks.upload import HandbookUploadRefused, handbook_version_upload
from psoportal.methodology.handbook import HANDBOOK_DIR, HANDBOOK_TEXT_MAX_BYTES

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = (ROOT / "docs/handbooks/2.3-synthetisch.toml").read_bytes()
SHIPPED = (HANDBOOK_DIR / "2.2.toml").read_bytes()


def _edited(*pairs: tuple[bytes, bytes], text: bytes = SYNTHETIC) -> bytes:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _refused(bo, text: bytes) -> str:
    with pytest.raises(HandbookUploadRefused) as caught:
        handbook_version_upload(text=text, file_name="handboek.toml", by=bo)
    assert not HandbookVersion.objects.exists()
    return caught.value.message


def test_the_synthetic_version_is_kept_as_an_unpublished_version_with_its_hash(bo):
    row = handbook_version_upload(text=SYNTHETIC, file_name="2.3-synthetisch.toml", by=bo)
    assert (row.version, row.effective, row.state) == ("2.3", date(2027, 4, 1),
                                                      HandbookVersion.State.UPLOADED)
    assert row.title == "Handboek Prestatieladder Socialer Ondernemen 2.3 (synthetisch)"
    assert row.text.encode() == SYNTHETIC
    assert row.sha256 == hashlib.sha256(SYNTHETIC).hexdigest()
    assert (row.file_name, row.uploaded_by) == ("2.3-synthetisch.toml", bo)
    event = AuditEvent.objects.get(action="handbook_version_upload")
    assert (event.actor, event.subject_id) == (bo, row.pk)
    assert event.changes["sha256"] == row.sha256 and event.changes["replaced_sha256"] == ""


def test_the_file_name_is_kept_without_folders_or_control_characters(bo):
    row = handbook_version_upload(text=SYNTHETIC, file_name="C:\\map\\hand\x07boek.toml", by=bo)
    assert row.file_name == "handboek.toml"


def test_an_invalid_file_is_refused_with_the_dutch_message_naming_the_place(bo):
    message = _refused(bo, _edited((b'weight = "0.9"', b"weight = 0.9")))
    assert "contracts[2].weight" in message
    assert "getal tussen aanhalingstekens" in message


def test_a_file_that_is_not_toml_is_refused_naming_the_line(bo):
    message = _refused(bo, _edited((b'title_nl = "Handboek', b'title_nl "Handboek')))
    assert "geen geldige TOML" in message and "regel 13" in message


def test_the_shipped_version_cannot_be_uploaded_again(bo):
    assert "Versie 2.2 is al in gebruik of gepubliceerd" in _refused(bo, SHIPPED)


def test_a_published_version_cannot_be_uploaded_again(bo):
    handbook_version_upload(text=SYNTHETIC, file_name="a.toml", by=bo)
    HandbookVersion.objects.update(state=HandbookVersion.State.PUBLISHED)
    with pytest.raises(HandbookUploadRefused, match=r"Versie 2\.3 is al in gebruik of gepubl"):
        handbook_version_upload(text=SYNTHETIC, file_name="b.toml", by=bo)


def test_an_effective_date_not_after_the_newest_version_is_refused(bo):
    message = _refused(bo, _edited((b"effective = 2027-04-01", b"effective = 2024-04-01")))
    assert "De ingangsdatum 01-04-2024 is niet later dan die van versie 2.2 (01-04-2024)" in (
        message)


def test_the_newest_known_version_includes_a_published_one(bo):
    handbook_version_upload(text=SYNTHETIC, file_name="a.toml", by=bo)
    HandbookVersion.objects.update(state=HandbookVersion.State.PUBLISHED)
    text = _edited((b'version = "2.3"', b'version = "2.4"'),
                   (b"effective = 2027-04-01", b"effective = 2026-04-01"))
    with pytest.raises(HandbookUploadRefused, match=r"niet later dan die van versie 2\.3"):
        handbook_version_upload(text=text, file_name="b.toml", by=bo)
    later = _edited((b'version = "2.3"', b'version = "2.4"'),
                    (b"effective = 2027-04-01", b"effective = 2028-04-01"))
    with pytest.raises(HandbookUploadRefused, match=r"deze versie volgt versie 2\.3 op"):
        handbook_version_upload(text=later, file_name="b.toml", by=bo)
    row = handbook_version_upload(
        text=_edited((b'from_version = "2.2"', b'from_version = "2.3"'), text=later),
        file_name="c.toml", by=bo)
    assert row.version == "2.4"


def test_a_migration_from_another_version_is_refused(bo):
    message = _refused(bo, _edited((b'from_version = "2.2"', b'from_version = "2.1"')))
    assert 'migration.from_version is "2.1", maar deze versie volgt versie 2.2 op' in message


def test_a_file_without_a_migration_table_is_refused(bo):
    text = SYNTHETIC[:SYNTHETIC.index(b"# How drafts of 2.2")]
    assert "geen tabel [migration]" in _refused(bo, text)


def test_a_file_above_the_limit_is_refused_before_it_is_read(bo, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr("psoportal.handbooks.upload.parse_handbook_text", never)
    text = SYNTHETIC + b"#" * (HANDBOOK_TEXT_MAX_BYTES - len(SYNTHETIC) + 1)
    assert f"groter dan {HANDBOOK_TEXT_MAX_BYTES // 1024} KB" in _refused(bo, text)


def test_uploading_an_unpublished_version_again_replaces_its_text(bo):
    first = handbook_version_upload(text=SYNTHETIC, file_name="a.toml", by=bo)
    HandbookVersion.objects.filter(pk=first.pk).update(
        preview_state=HandbookVersion.PreviewState.DONE, preview={"up": 1}, preview_total=3)
    changed = _edited((b"(synthetisch)", b"(synthetisch, herzien)"))
    second = handbook_version_upload(text=changed, file_name="b.toml", by=bo)
    assert second.pk == first.pk and HandbookVersion.objects.count() == 1
    second.refresh_from_db()
    assert second.text.encode() == changed and second.file_name == "b.toml"
    assert second.title.endswith("(synthetisch, herzien)")
    assert second.sha256 == hashlib.sha256(changed).hexdigest()
    # The preview was of the old text.
    assert (second.preview_state, second.preview, second.preview_total) == ("", None, 0)
    events = AuditEvent.objects.filter(action="handbook_version_upload").order_by("pk")
    assert [e.changes["replaced_sha256"] for e in events] == ["", first.sha256]
