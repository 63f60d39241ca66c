"""A full disk under uploads, on real (tmpfs, 2 MB) file systems (see conftest.py):

- a certifying institution uploads its quote as a PDF to PRIVATE_MEDIA_ROOT;
- PSO-Nederland adds a news item with an image to MEDIA_ROOT.

The uploader gets a clear Dutch message, nothing is half-written (no partial file, no row
pointing at a file, the quote request still open), and the same upload works once there is
room again."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
from pathlib import Path

import pytest
from PIL import Image

from tests.faults.client import Client

pytestmark = pytest.mark.faults

SESSION_COOKIE = "__Host-sessionid"
# A PDF of 300 KB (the check looks at the %PDF- header and the size).
PDF = b"%PDF-1.4\n" + b"% filler\n" * 33_000 + b"%%EOF\n"


def _noise_png(side: int = 360) -> bytes:
    """A PNG of random pixels (about 390 KB: noise does not compress), also after the news
    desk re-encodes it."""
    pixels = random.Random(15).randbytes(side * side * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, format="PNG")
    return out.getvalue()


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


def test_a_news_image_on_a_full_disk_is_refused_in_dutch_and_leaves_nothing_half_written(
        server, seed, sql, upload_dirs):
    seeded = seed("news_desk", "disk-full")
    media = upload_dirs["media"]
    client = Client(server.port, {SESSION_COOKIE: seeded["session"]})
    path = "/mijnpso/pso-nederland/nieuws/nieuw/"
    title = "Volle schijf bij een afbeelding"
    fields = {"csrfmiddlewaretoken": client.csrf_token(path), "title": title,
              "published_on": dt.date.today().strftime("%d-%m-%Y"), "language": "nl",
              "body": "Een bericht met een afbeelding.", "image_alt": "Ruis"}
    files = {"image": ("ruis.png", _noise_png(), "image/png")}
    before = _files(media)
    ballast = _fill(media, leave=64 * 1024)
    try:
        refused = client.post(path, fields, files)
    finally:
        ballast.unlink()

    assert refused.status == 503, refused.body[:500]
    assert "niet worden opgeslagen" in refused.body
    assert _files(media) == before
    assert sql("SELECT count(*) FROM news_newsitem WHERE title = %s", title) == [(0,)]

    accepted = client.post(path, fields, files)
    assert accepted.status == 302, accepted.body[:500]
    [(stored, width)] = sql("SELECT image, image_width FROM news_newsitem WHERE title = %s",
                            title)
    with Image.open(media / stored) as image:
        image.load()  # the whole file decodes: nothing cut off
        assert image.size == (width, width) == (360, 360)
    assert _files(media) == sorted([*before, media / stored])
