"""`{% load news %}{% latest_news 3 %}`: the newest public items, for the home page.

A tag library rather than a context value from the home view: core is a ground floor and must
not import the news app; a template may load any app's tags.
"""

from __future__ import annotations

from django import template

from psoportal.news.markdown import markdown_summary
from psoportal.news.selectors import news_item_list
from psoportal.news.tokens import CONFIRM_MAX_AGE

register = template.Library()

LATEST_MAX = 10


@register.inclusion_tag("news/partials/latest.html")
def latest_news(count: int = 3) -> dict:
    items = list(news_item_list(limit=max(1, min(int(count), LATEST_MAX))))
    return {"items": [{"item": item, "summary": markdown_summary(item.body)} for item in items]}


@register.simple_tag
def newsletter_confirm_days() -> int:
    """The days a newsletter sign-up may wait for its confirmation (the privacy statement
    says it from the one constant, tokens.CONFIRM_MAX_AGE)."""
    return CONFIRM_MAX_AGE.days
