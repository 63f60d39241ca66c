"""The public news pages and feeds: published items only, an unpublished one nowhere."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def items(make_item):
    today = timezone.localdate()
    return {
        "public": make_item("Openbaar bericht", on=today - dt.timedelta(days=1)),
        "draft": make_item("Geheim concept", published=False),
        "later": make_item("Nog niet aan de beurt", on=today + dt.timedelta(days=3)),
    }


def test_the_list_shows_published_items_only(client, items):
    page = client.get("/nieuws/").content.decode()
    assert "Openbaar bericht" in page
    assert "Geheim concept" not in page and "Nog niet aan de beurt" not in page


def test_a_published_item_has_its_page_with_the_text_as_safe_html(client, make_item):
    make_item("Bericht", body="Tekst **vet** <script>x</script>")
    page = client.get("/nieuws/bericht/").content.decode()
    assert "<strong>vet</strong>" in page
    assert "<script>x" not in page


def test_an_unpublished_or_future_item_is_404(client, items):
    assert client.get("/nieuws/geheim-concept/").status_code == 404
    assert client.get("/nieuws/nog-niet-aan-de-beurt/").status_code == 404


def test_the_atom_feed_is_valid_and_lists_the_published_items_only(client, items):
    response = client.get("/nieuws/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert root.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["Openbaar bericht"]
    entry = next(root.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}link").get("href").endswith("/nieuws/openbaar-bericht/")
    assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")


def test_the_rss_feed_lists_the_published_items_only(client, items):
    root = ET.fromstring(client.get("/nieuws/rss/").content)  # noqa: S314
    assert [i.findtext("title") for i in root.iter("item")] == ["Openbaar bericht"]


def test_the_list_is_paginated_newest_first(client, make_item):
    today = timezone.localdate()
    for n in range(12):
        make_item(f"Bericht {n:02d}", on=today - dt.timedelta(days=n))
    first = client.get("/nieuws/").content.decode()
    assert "Bericht 00" in first and "Bericht 09" in first and "Bericht 10" not in first
    second = client.get("/nieuws/?pagina=2").content.decode()
    assert "Bericht 10" in second and "Bericht 11" in second


def test_the_home_page_shows_the_three_newest_published_items(client, items, make_item):
    today = timezone.localdate()
    for n in range(4):
        make_item(f"Kort nieuws {n}", on=today - dt.timedelta(days=2 + n))
    page = client.get("/").content.decode()
    assert "Openbaar bericht" in page
    assert "Kort nieuws 0" in page and "Kort nieuws 1" in page
    assert "Kort nieuws 2" not in page
    assert "Geheim concept" not in page and "Nog niet aan de beurt" not in page


def test_an_item_is_marked_with_its_own_language_on_every_page(client, make_item):
    make_item("Nieuw handboek", body="De **tekst**.")
    make_item("New handbook", body="The **text**.", language="en")
    client.cookies["pso_language"] = "en"
    for path in ("/nieuws/nieuw-handboek/", "/nieuws/", "/"):
        page = client.get(path).content.decode()
        assert '<html lang="en">' in page
        assert 'lang="nl"><a href="/nieuws/nieuw-handboek/"' in page or \
            '<h1 lang="nl">Nieuw handboek</h1>' in page, path
    item = client.get("/nieuws/nieuw-handboek/").content.decode()
    assert '<div class="news-body" lang="nl">' in item
    assert '<h1 lang="en">New handbook</h1>' in client.get("/nieuws/new-handbook/").content.decode()
