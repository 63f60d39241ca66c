"""PSO-Nederland's news desk (staff only; 404 for everyone else): write, preview, publish,
and mail an item to the subscribers once, with the record of what was sent."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from psoportal.news import services
from psoportal.news.access import get_news_item_for_staff
from psoportal.news.forms import NewsItemForm
from psoportal.news.markdown import markdown_html
from psoportal.news.models import NewsItem, Subscriber
from psoportal.news.selectors import news_item_admin_list, news_mailing_for
from psoportal.organisations.access import require_pso_staff


@require_http_methods(["GET"])
def news_desk(request: HttpRequest) -> HttpResponse:
    require_pso_staff(request.user)
    subscribers = Subscriber.objects.aggregate(
        active=Count("pk", filter=Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True)),
        waiting=Count("pk", filter=Q(confirmed_at__isnull=True)),
    )
    return render(request, "news/staff/list.html", {
        "items": news_item_admin_list(), "subscribers": subscribers,
        "today": timezone.localdate(), "nav_section": "pso_nederland",
    })


def _form_page(request: HttpRequest, form: NewsItemForm, item: NewsItem | None,
               preview: str | None = None, status: int = 200) -> HttpResponse:
    return render(request, "news/staff/edit.html", {
        "form": form, "item": item, "preview": preview,
        "mailing": news_mailing_for(item) if item else None,
        "today": timezone.localdate(), "nav_section": "pso_nederland",
    }, status=status)


@require_http_methods(["GET", "POST"])
def news_item_new(request: HttpRequest) -> HttpResponse:
    require_pso_staff(request.user)
    if request.method == "GET":
        return _form_page(request, NewsItemForm(initial={"published_on": timezone.localdate(),
                                                         "language": "nl"}),
                          None)
    form = NewsItemForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, form, None)
    data = form.cleaned_data
    if "preview" in request.POST:
        return _form_page(request, form, None, preview=markdown_html(data["body"]))
    item = services.news_item_create(
        actor=request.user, title=data["title"], published_on=data["published_on"],
        body=data["body"], language=data["language"], image=data["image"],
        image_alt=data["image_alt"].strip())
    messages.success(request, _("Het bericht is opgeslagen. Het is nog niet gepubliceerd."))
    return redirect("news_staff:edit", item.pk)


@require_http_methods(["GET", "POST"])
def news_item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_news_item_for_staff(request.user, item_id)
    has_image = bool(item.image)
    if request.method == "GET":
        form = NewsItemForm(has_image=has_image, initial={
            "title": item.title, "published_on": item.published_on, "body": item.body,
            "image_alt": item.image_alt, "language": item.language})
        return _form_page(request, form, item, preview=markdown_html(item.body))
    form = NewsItemForm(request.POST, request.FILES, has_image=has_image)
    if not form.is_valid():
        return _form_page(request, form, item)
    data = form.cleaned_data
    if "preview" in request.POST:
        return _form_page(request, form, item, preview=markdown_html(data["body"]))
    services.news_item_update(
        actor=request.user, item=item, title=data["title"], published_on=data["published_on"],
        body=data["body"], language=data["language"], image=data["image"],
        image_remove=data.get("image_remove", False),
        image_alt=data["image_alt"].strip())
    messages.success(request, _("Het bericht is opgeslagen."))
    return redirect("news_staff:edit", item.pk)


@require_POST
def news_item_publish(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_news_item_for_staff(request.user, item_id)
    services.news_item_publish(actor=request.user, item=item)
    messages.success(request, _("Het bericht is gepubliceerd."))
    return redirect("news_staff:edit", item.pk)


@require_POST
def news_item_unpublish(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_news_item_for_staff(request.user, item_id)
    services.news_item_unpublish(actor=request.user, item=item)
    messages.success(request, _("Het bericht is niet meer openbaar."))
    return redirect("news_staff:edit", item.pk)


@require_POST
def news_item_mail(request: HttpRequest, item_id: int) -> HttpResponse:
    """Start the one mailing of an item. The form asks to tick a confirmation first; a second
    mailing of the same item is refused (one NewsMailing per item)."""
    item = get_news_item_for_staff(request.user, item_id)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Vink aan dat u het bericht naar alle abonnees wilt sturen."))
        return redirect("news_staff:edit", item.pk)
    try:
        services.news_mailing_start(actor=request.user, item=item)
    except services.MailingRefused as exc:
        messages.error(request, str(exc))
        return redirect("news_staff:edit", item.pk)
    messages.success(request, _("Het bericht wordt naar de abonnees verstuurd."))
    return redirect("news_staff:edit", item.pk)
