"""Reads the news pages share."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from psoportal.news.models import NewsItem, NewsMailing


def news_item_list(*, limit: int | None = None) -> QuerySet[NewsItem]:
    """The public items, newest first."""
    items = NewsItem.objects.visible().newest_first()
    return items[:limit] if limit else items


def news_item_get(slug: str) -> NewsItem:
    """A public item by its address; 404 for an unpublished one or one whose date is to come."""
    item = NewsItem.objects.visible().filter(slug=slug).first()
    if item is None:
        raise Http404("news item")
    return item


def news_item_admin_list() -> QuerySet[NewsItem]:
    return NewsItem.objects.select_related("mailing", "created_by").order_by("-published_on",
                                                                            "-pk")


def news_mailing_for(item: NewsItem) -> NewsMailing | None:
    return NewsMailing.objects.select_related("started_by").filter(item=item).first()
