"""Sending a news item to the subscribers, one batch per task run.

Each recipient is claimed before the mail goes out: a NewsDelivery row, unique per mailing and
subscriber, written in its own transaction. A second run, a retried task or a worker that
crashed halfway finds the claimed rows and skips them, so nobody gets the item twice; the
price is that a mail interrupted between claim and send is not retried (at most once, never
twice). A failed send is kept on its row and counted.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from psoportal.core.lib.mail import send_templated
from psoportal.news.markdown import markdown_html, markdown_text
from psoportal.news.models import NewsDelivery, NewsItem, NewsMailing, Subscriber
from psoportal.news.tokens import unsubscribe_token_make

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
ERROR_MAX_LENGTH = 300
# A mailing without a claim for this long lost its task (a worker stopped): resume it.
STALLED_AFTER = timedelta(minutes=15)


def _active_subscribers():
    return Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


def news_item_mail(item: NewsItem, subscriber: Subscriber) -> None:
    """Send one item to one subscriber, in the subscriber's language, with the one-click
    unsubscribe headers of RFC 8058 (List-Unsubscribe and List-Unsubscribe-Post)."""
    unsubscribe_url = settings.SITE_URL + reverse(
        "news:unsubscribe", args=[unsubscribe_token_make(subscriber)])
    context = {
        "item": item,
        "body_html": markdown_html(item.body),
        "body_text": markdown_text(item.body),
        "item_url": settings.SITE_URL + reverse("news:item", args=[item.slug]),
        "unsubscribe_url": unsubscribe_url,
    }
    send_templated("news-item", subscriber.email, context, language=subscriber.language,
                   headers={"List-Unsubscribe": f"<{unsubscribe_url}>",
                            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})


def news_mailing_send_batch(mailing_id: int, *, batch_size: int = BATCH_SIZE) -> bool:
    """Send the next batch of a mailing; True when more subscribers are waiting, False when it
    is finished (or was finished already)."""
    mailing = (NewsMailing.objects.select_related("item")
               .filter(pk=mailing_id, finished_at__isnull=True).first())
    if mailing is None:
        return False
    claimed = NewsDelivery.objects.filter(mailing=mailing).values("subscriber_id")
    batch = list(_active_subscribers().exclude(pk__in=claimed).order_by("pk")[:batch_size])
    for subscriber in batch:
        try:
            with transaction.atomic():
                delivery = NewsDelivery.objects.create(mailing=mailing, subscriber=subscriber)
        except IntegrityError:
            continue  # another run claimed this one
        try:
            news_item_mail(mailing.item, subscriber)
        except Exception as exc:  # SMTP, a template: kept on the row, the batch carries on
            logger.warning("news mailing %s to subscriber %s failed: %r",
                           mailing.pk, subscriber.pk, exc)
            NewsDelivery.objects.filter(pk=delivery.pk).update(
                error=repr(exc)[:ERROR_MAX_LENGTH] or "error")
            continue
        NewsDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    deliveries = NewsDelivery.objects.filter(mailing=mailing)
    more = len(batch) == batch_size
    NewsMailing.objects.filter(pk=mailing.pk).update(
        recipient_count=deliveries.filter(sent_at__isnull=False).count(),
        failed_count=deliveries.exclude(error="").count(),
    )
    if not more:
        NewsMailing.objects.filter(pk=mailing.pk, finished_at__isnull=True).update(
            finished_at=timezone.now())
    return more


def news_mailings_resume(*, now: datetime | None = None) -> int:
    """Queue again the mailings whose task was lost (nothing claimed for STALLED_AFTER);
    the claims make a duplicate run harmless. For the schedule; returns how many."""
    from psoportal.news.tasks import news_mailing_send

    cutoff = (now or timezone.now()) - STALLED_AFTER
    stalled = [
        mailing.pk for mailing in NewsMailing.objects.filter(finished_at__isnull=True)
        .annotate(last_claim=Max("deliveries__claimed_at"))
        if (mailing.last_claim or mailing.created_at) < cutoff
    ]
    for pk in stalled:
        news_mailing_send.enqueue(pk)
    return len(stalled)
