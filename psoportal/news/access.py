"""Who may reach which news row: the back office is PSO-Nederland's only (404 for others)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from psoportal.accounts import auth_state
from psoportal.accounts.models import User
from psoportal.news.models import NewsItem
from psoportal.organisations.access import require_pso_staff


def get_news_item_for_staff(user: User, item_id: int) -> NewsItem:
    require_pso_staff(user)
    item = NewsItem.objects.filter(pk=item_id).first()
    if item is None:
        raise Http404("news item")
    return item


def get_news_image_item(request: HttpRequest, slug: str) -> NewsItem:
    """The item whose image is asked for. The image is public with its item; before that only
    PSO-Nederland sees it, and only with a verified second factor (the image view is public,
    so the login middleware does not ask for it)."""
    item = NewsItem.objects.filter(slug=slug).exclude(image="").first()
    if item is None:
        raise Http404("news image")
    if item.is_visible():
        return item
    user = request.user
    if user.is_authenticated and user.is_staff and auth_state.is_verified(request.session):
        return item
    raise Http404("news image")
