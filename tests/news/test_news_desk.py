"""PSO-Nederland writes, previews, publishes and mails news items."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from psoportal.core.models import AuditEvent
from psoportal.news.models import NewsItem, NewsMailing

pytestmark = pytest.mark.django_db


def _png(width: int = 64, height: int = 48, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def _data(**changes) -> dict:
    return {"title": "Nieuwe versie van het handboek", "published_on": "2026-11-01",
            "body": "De tekst met **nadruk**.", "image_alt": "", "language": "nl",
            **changes}


@pytest.fixture
def desk(client, login, bo):
    login(bo)
    return client


def test_a_new_item_is_saved_as_a_draft(desk, bo):
    response = desk.post(reverse("news_staff:new"), _data())
    item = NewsItem.objects.get()
    assert response["Location"] == reverse("news_staff:edit", args=[item.pk])
    assert (item.slug, item.is_published, item.created_by) == (
        "nieuwe-versie-van-het-handboek", False, bo)
    assert AuditEvent.objects.filter(action="news_item_create", subject_id=item.pk).exists()
    assert desk.get("/nieuws/nieuwe-versie-van-het-handboek/").status_code == 404


def test_an_item_keeps_the_language_it_is_written_in(desk):
    desk.post(reverse("news_staff:new"), _data(title="New handbook version", language="en"))
    item = NewsItem.objects.get()
    assert item.language == "en"
    desk.post(reverse("news_staff:edit", args=[item.pk]), _data(title="Nieuwe versie"))
    item.refresh_from_db()
    assert item.language == "nl"
    page = desk.get(reverse("news_staff:edit", args=[item.pk])).content.decode()
    assert 'lang="nl"' in page


def test_preview_shows_the_rendered_text_without_saving(desk):
    response = desk.post(reverse("news_staff:new"), _data(preview="1"))
    assert response.status_code == 200
    assert "<strong>nadruk</strong>" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_publish_and_unpublish(desk, make_item):
    item = make_item("Concept", published=False)
    desk.post(reverse("news_staff:publish", args=[item.pk]))
    item.refresh_from_db()
    assert item.is_published and item.published_at is not None
    assert desk.get("/nieuws/concept/").status_code == 200
    desk.post(reverse("news_staff:unpublish", args=[item.pk]))
    item.refresh_from_db()
    assert not item.is_published
    assert desk.get("/nieuws/concept/").status_code == 404


def test_editing_keeps_the_address(desk, make_item):
    item = make_item("Oude titel")
    desk.post(reverse("news_staff:edit", args=[item.pk]), _data(title="Nieuwe titel"))
    item.refresh_from_db()
    assert (item.title, item.slug) == ("Nieuwe titel", "oude-titel")


def test_an_item_with_a_reserved_address_gets_another(desk):
    desk.post(reverse("news_staff:new"), _data(title="Feed"))
    assert NewsItem.objects.get().slug == "feed-bericht"


def test_an_image_needs_a_description(desk):
    upload = SimpleUploadedFile("foto.png", _png(), content_type="image/png")
    response = desk.post(reverse("news_staff:new"), _data(image=upload))
    assert response.status_code == 200
    assert "Beschrijf wat er op de afbeelding staat" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_an_image_is_stored_re_encoded_under_a_random_name_and_served_with_the_item(desk):
    upload = SimpleUploadedFile("../../etc/foto.png", _png(), content_type="image/png")
    desk.post(reverse("news_staff:new"), _data(image=upload, image_alt="Een rood vlak"))
    item = NewsItem.objects.get()
    assert item.image.name.startswith("news/") and item.image.name.endswith(".png")
    assert "foto" not in item.image.name
    assert (item.image_width, item.image_height) == (64, 48)
    # A draft's image: PSO-Nederland sees it, the public does not.
    assert desk.get(f"/nieuws/{item.slug}/afbeelding/").status_code == 200
    assert Client().get(f"/nieuws/{item.slug}/afbeelding/").status_code == 404
    desk.post(reverse("news_staff:publish", args=[item.pk]))
    response = Client().get(f"/nieuws/{item.slug}/afbeelding/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    page = Client().get(f"/nieuws/{item.slug}/").content.decode()
    assert 'alt="Een rood vlak"' in page


@pytest.mark.parametrize(("content", "message"), [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
     "Upload een afbeelding in JPEG- of PNG-formaat."),
    (b"GIF89a" + b"\0" * 20, "Upload een afbeelding in JPEG- of PNG-formaat."),
    (_png(8, 8), "Gebruik een afbeelding van"),
    (_png(4100, 20), "Gebruik een afbeelding van"),
])
def test_an_image_that_is_not_a_plain_picture_of_a_sensible_size_is_refused(
    desk, content, message
):
    upload = SimpleUploadedFile("foto.png", content, content_type="image/png")
    response = desk.post(reverse("news_staff:new"), _data(image=upload, image_alt="Iets"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not NewsItem.objects.exists()


def test_a_huge_image_claimed_by_a_small_file_is_refused_before_decoding(desk):
    # A PNG header announcing 60000 × 60000 pixels: refused on the header alone.
    png = _png(16, 16)
    huge = png[:16] + (60000).to_bytes(4, "big") + (60000).to_bytes(4, "big") + png[24:]
    upload = SimpleUploadedFile("bom.png", huge, content_type="image/png")
    response = desk.post(reverse("news_staff:new"), _data(image=upload, image_alt="Bom"))
    assert response.status_code == 200
    assert not NewsItem.objects.exists()


def test_mailing_needs_the_tick_and_happens_once_with_a_record(
    desk, make_item, make_subscriber, django_capture_on_commit_callbacks
):
    make_subscriber("lezer@x.example")
    item = make_item("Bericht")
    url = reverse("news_staff:mail", args=[item.pk])
    desk.post(url)
    assert not NewsMailing.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(url, {"confirm": "1"})
    assert len(mail.outbox) == 1
    desk.post(url, {"confirm": "1"}, follow=True)
    assert NewsMailing.objects.count() == 1 and len(mail.outbox) == 1
    page = desk.get(reverse("news_staff:edit", args=[item.pk])).content.decode()
    assert "Ontvangen door" in page and "Naar de abonnees sturen" not in page
    listing = desk.get(reverse("news_staff:list")).content.decode()
    assert "aan 1 abonnee" in listing


def test_the_stored_image_carries_none_of_the_uploaders_metadata(desk):
    exif = Image.Exif()
    exif[0x010F] = "Camera van Bo"  # Make
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 90, 200)).save(out, format="JPEG", exif=exif.tobytes())
    assert b"Camera van Bo" in out.getvalue()
    upload = SimpleUploadedFile("foto.jpg", out.getvalue() + b"<script>", content_type="image/jpeg")
    desk.post(reverse("news_staff:new"), _data(image=upload, image_alt="Blauw"))
    stored = NewsItem.objects.get().image
    content = stored.open("rb").read()
    assert stored.name.endswith(".jpg")
    assert b"Camera van Bo" not in content and b"<script>" not in content
