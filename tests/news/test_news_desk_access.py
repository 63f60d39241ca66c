"""The news desk is PSO-Nederland's: anyone else gets 404 and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from psoportal.news.models import NewsItem, NewsMailing

pytestmark = pytest.mark.django_db


def _urls(item: NewsItem) -> list[tuple[str, str]]:
    return [
        ("get", reverse("news_staff:list")), ("get", reverse("news_staff:new")),
        ("post", reverse("news_staff:new")),
        ("get", reverse("news_staff:edit", args=[item.pk])),
        ("post", reverse("news_staff:edit", args=[item.pk])),
        ("post", reverse("news_staff:publish", args=[item.pk])),
        ("post", reverse("news_staff:unpublish", args=[item.pk])),
        ("post", reverse("news_staff:mail", args=[item.pk])),
    ]


@pytest.mark.parametrize("persona", ["alice", "charlie", "audrey"])
def test_everyone_but_pso_nederland_gets_404_and_changes_nothing(
    request, client, login, make_item, make_subscriber, persona
):
    make_subscriber("lezer@x.example")
    item = make_item("Concept", published=False)
    login(request.getfixturevalue(persona))
    for method, url in _urls(item):
        data = {"title": "Gekaapt", "published_on": "2026-01-01", "body": "x", "language": "nl",
                "confirm": "1"}
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, (persona, method, url)
    item.refresh_from_db()
    assert (item.title, item.is_published) == ("Concept", False)
    assert NewsItem.objects.count() == 1 and not NewsMailing.objects.exists()


def test_pso_nederland_reaches_every_page(client, login, bo, make_item):
    item = make_item("Concept", published=False)
    login(bo)
    for method, url in _urls(item):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_the_pso_workspace_links_to_the_news_desk(client, login, bo):
    login(bo)
    page = client.get(reverse("certification:pso_workspace")).content.decode()
    assert reverse("news_staff:list") in page

