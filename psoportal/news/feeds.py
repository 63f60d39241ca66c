"""The news as an Atom feed (and RSS for readers that want it): public items only."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from psoportal.news.markdown import markdown_html
from psoportal.news.models import NewsItem
from psoportal.news.selectors import news_item_list

FEED_ITEMS = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    title = _("Nieuws van PSO-Nederland")
    description = _("Nieuws over de Prestatieladder Socialer Ondernemen en MijnPSO.")
    link = reverse_lazy("news:list")
    language = "nl"

    def items(self):
        return news_item_list(limit=FEED_ITEMS)

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return markdown_html(item.body)

    def item_link(self, item: NewsItem) -> str:
        return reverse("news:item", args=[item.slug])

    def item_pubdate(self, item: NewsItem) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(item.published_on, dt.time(9, 0)))

    def item_updateddate(self, item: NewsItem) -> dt.datetime:
        return max(item.updated_at, self.item_pubdate(item))


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description


atom_feed = login_not_required(NewsAtomFeed())
rss_feed = login_not_required(NewsRssFeed())
