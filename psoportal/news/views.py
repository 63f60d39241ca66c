"""The public news pages: the list, an item, its image, subscribing and unsubscribing.

No login anywhere here. The confirmation and unsubscribe links only show a button on GET and
act on POST: mail scanners and link previews fetch every link in a mail, and must neither
confirm a subscription nobody asked for nor end one.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from psoportal.accounts.ratelimit import (
    ip_of,
    normalise_email,
    rate_limit_check,
    rate_limited_response,
)
from psoportal.news import services
from psoportal.news.access import get_news_image_item
from psoportal.news.forms import SubscribeForm
from psoportal.news.images import image_content_type
from psoportal.news.markdown import markdown_html
from psoportal.news.selectors import news_item_get, news_item_list
from psoportal.news.tokens import CONFIRM_MAX_AGE, confirm_token_check, unsubscribe_token_check

PAGE_SIZE = 10
PAGE_PARAMETER = "pagina"
ONE_CLICK = "One-Click"


@login_not_required
@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(news_item_list(), PAGE_SIZE).get_page(request.GET.get(PAGE_PARAMETER))
    return render(request, "news/list.html", {
        "page": page, "page_parameter": PAGE_PARAMETER, "nav_section": "news",
        "page_numbers": list(page.paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1)),
    })


@login_not_required
@require_GET
def news_item(request: HttpRequest, slug: str) -> HttpResponse:
    item = news_item_get(slug)
    return render(request, "news/item.html", {
        "item": item, "body": markdown_html(item.body), "nav_section": "news",
    })


@login_not_required
@require_GET
def news_image(request: HttpRequest, slug: str) -> FileResponse:
    item = get_news_image_item(request, slug)
    content_type = image_content_type(item.image.name)
    if content_type is None:
        raise Http404("news image")
    try:
        handle = item.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404("news image") from exc
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if item.is_visible() else "no-store"
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Double opt-in, step one. The answer is the same whether the address is new, waiting
    for confirmation or subscribed already, so the form tells nobody who is on the list."""
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "news/subscribe.html", {"form": form}, status=200)
        email = normalise_email(form.cleaned_data["email"])
        verdict = rate_limit_check(request, [("news-subscribe-ip", ip_of(request))])
        if not verdict:
            return rate_limited_response(request, verdict, back_url=reverse("news:subscribe"))
        # Bounds the mail one inbox gets; never a 429, so nothing about the address shows.
        if rate_limit_check(request, [("news-subscribe-address", email)]):
            services.subscriber_request(email=email, language=get_language() or "nl")
        return redirect("news:subscribe_sent")
    return render(request, "news/subscribe.html", {"form": form})


@login_not_required
@require_GET
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "news/subscribe_sent.html", {"days": CONFIRM_MAX_AGE.days})


@login_not_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Double opt-in, step two: GET shows a button, only the POST confirms."""
    subscriber = confirm_token_check(token)
    if subscriber is None:
        return render(request, "news/link_invalid.html", {"days": CONFIRM_MAX_AGE.days},
                      status=404)
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber)
        return render(request, "news/confirmed.html")
    if subscriber.is_active:
        return render(request, "news/confirmed.html")
    return render(request, "news/confirm.html", {"email": subscriber.email})


@csrf_protect
def _unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = unsubscribe_token_check(token)
    if subscriber is None:
        raise Http404("subscriber")
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return render(request, "news/unsubscribed.html")
    if subscriber.unsubscribed_at is not None:
        return render(request, "news/unsubscribed.html")
    return render(request, "news/unsubscribe.html", {"email": subscriber.email})


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button. RFC 8058 one-click: a mail program POSTs `List-Unsubscribe=
    One-Click` with no cookie or CSRF token, so that POST alone is exempt from CSRF; the signed
    token in the address is what authorises it. Any other POST (the button) is CSRF-checked.
    Unsubscribing twice changes nothing and answers the same."""
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == ONE_CLICK:
        subscriber = unsubscribe_token_check(token)
        if subscriber is None:
            raise Http404("subscriber")
        services.subscriber_unsubscribe(subscriber=subscriber)
        return HttpResponse(_("U bent afgemeld voor de nieuwsbrief van PSO-Nederland."),
                            content_type="text/plain; charset=utf-8")
    return _unsubscribe_page(request, token)

