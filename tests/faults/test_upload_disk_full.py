"""A full disk under uploads: a certifying institution uploads its quote as a PDF while the
file system of PRIVATE_MEDIA_ROOT (a real tmpfs of 2 MB, see conftest.py) has no room left.
The auditor gets a clear Dutch message, nothing is half-written (no partial file, no quote
row, the request still open), and the same upload works once there is room again."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.faults.client import Client

pytestmark = pytest.mark.faults

SESSION_COOKIE = "__Host-sessionid"
# A PDF of 300 KB (the check looks at the %PDF- header and the size).
PDF = b"%PDF-1.4\n" + b"% filler\n" * 33_000 + b"%%EOF\n"


def _fill(directory: Path, leave: int) -> Path:
    """A ballast file that leaves `leave` bytes free on the file system of `directory`."""
    ballast = directory / "ballast.bin"
    stats = os.statvfs(directory)
    free = stats.f_bavail * stats.f_frsize
    with open(ballast, "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))
    return ballast


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.name != "ballast.bin")


def test_a_quote_pdf_on_a_full_disk_is_refused_in_dutch_and_leaves_nothing_half_written(
        server, seed, sql, upload_dirs):
    seeded = seed("quote_request", "disk-full")
    private = upload_dirs["private"]
    client = Client(server.port, {SESSION_COOKIE: seeded["session"]})
    path = f"/mijnpso/instelling/offerteaanvraag/{seeded['request']}/"
    fields = {"csrfmiddlewaretoken": client.csrf_token(path), "man_days": "2",
              "day_rate": "1000", "valid_until": (dt.date.today() + dt.timedelta(days=30))
              .strftime("%d-%m-%Y"), "remarks": "Offerte"}
    files = {"pdf": ("offerte.pdf", PDF, "application/pdf")}
    before = _files(private)
    ballast = _fill(private, leave=64 * 1024)
    try:
        refused = client.post(path, fields, files)
    finally:
        ballast.unlink()

    assert refused.status == 503, refused.body[:500]
    assert '<html lang="nl">' in refused.body
    assert "niet worden opgeslagen" in refused.body
    assert "Traceback" not in refused.body and "No space" not in refused.body
    assert _files(private) == before
    assert sql("SELECT state FROM certification_quoterequest WHERE id = %s",
               seeded["request"]) == [("open",)]
    assert sql("SELECT count(*) FROM certification_quote WHERE request_id = %s",
               seeded["request"]) == [(0,)]

    # With room again the same upload goes through, whole.
    accepted = client.post(path, fields, files)
    assert accepted.status == 302, accepted.body[:500]
    [(stored,)] = sql("SELECT pdf FROM certification_quote WHERE request_id = %s",
                      seeded["request"])
    assert (private / stored).read_bytes() == PDF
    assert _files(private) == sorted([*before, private / stored])
