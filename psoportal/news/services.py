"""Every write of the news app: items, subscriptions and the start of a mailing."""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.accounts.ratelimit import normalise_email
from psoportal.core.audit import audit_record
from psoportal.core.lib.mail import send_templated
from psoportal.news.models import TITLE_MAX_LENGTH, NewsItem, NewsMailing, Subscriber
from psoportal.news.tokens import CONFIRM_MAX_AGE, confirm_token_make

# How many "-2", "-3", ... a title may try before the slug takes a number nobody has.
SLUG_ATTEMPTS = 20
# Addresses under /nieuws/ that are pages of their own, never an item's.
RESERVED_SLUGS = frozenset({"feed", "rss", "aanmelden", "afmelden"})


class MailingRefused(Exception):
    """The item cannot be mailed (not public, or mailed already); the message is Dutch."""


# -- items -------------------------------------------------------------------------------------


def _slug_for(title: str) -> str:
    base = slugify(title)[:TITLE_MAX_LENGTH] or "bericht"
    if base in RESERVED_SLUGS:
        base = f"{base}-bericht"
    for n in range(1, SLUG_ATTEMPTS + 1):
        candidate = base if n == 1 else f"{base}-{n}"
        if not NewsItem.objects.filter(slug=candidate).exists():
            return candidate
    return f"{base}-{NewsItem.objects.count() + 1}-{timezone.now():%Y%m%d%H%M%S}"


def _delete_file_on_commit(name: str) -> None:
    if name:
        storage = NewsItem._meta.get_field("image").storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def news_item_create(*, actor: User, title: str, published_on: dt.date, body: str,
                     language: str = "nl", image: ContentFile | None = None,
                     image_alt: str = "") -> NewsItem:
    item = NewsItem(title=title, slug=_slug_for(title), published_on=published_on, body=body,
                    language=language,
                    image_alt=image_alt if image else "", created_by=actor)
    if image is not None:
        item.image.save(image.name, image, save=False)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="news_item_create", subject=item,
                 changes={"title": title, "published_on": published_on.isoformat()})
    return item


@transaction.atomic
def news_item_update(*, actor: User, item: NewsItem, title: str, published_on: dt.date,
                     body: str, language: str | None = None,
                     image: ContentFile | None = None, image_remove: bool = False,
                     image_alt: str = "") -> NewsItem:
    """Change the text, date or image. The address (slug) stays what it was."""
    old_image = item.image.name if item.image else ""
    item.title, item.published_on, item.body = title, published_on, body
    if language is not None:
        item.language = language
    if image is not None:
        item.image.save(image.name, image, save=False)
        _delete_file_on_commit(old_image)
    elif image_remove and old_image:
        item.image = None
        item.image_width = item.image_height = None
        _delete_file_on_commit(old_image)
    item.image_alt = image_alt if item.image else ""
    item.updated_at = timezone.now()
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="news_item_update", subject=item,
                 changes={"title": title, "published_on": published_on.isoformat(),
                          "image": bool(item.image)})
    return item


@transaction.atomic
def news_item_publish(*, actor: User, item: NewsItem) -> bool:
    """Publish (visible from its date on); False when it was published already."""
    changed = NewsItem.objects.filter(pk=item.pk, is_published=False).update(
        is_published=True, updated_at=timezone.now())
    if changed:
        NewsItem.objects.filter(pk=item.pk, published_at__isnull=True).update(
            published_at=timezone.now())
        audit_record(actor=actor, action="news_item_publish", subject=item)
    item.refresh_from_db()
    return bool(changed)


@transaction.atomic
def news_item_unpublish(*, actor: User, item: NewsItem) -> bool:
    changed = NewsItem.objects.filter(pk=item.pk, is_published=True).update(
        is_published=False, updated_at=timezone.now())
    if changed:
        audit_record(actor=actor, action="news_item_unpublish", subject=item)
    item.refresh_from_db()
    return bool(changed)


# -- subscriptions -----------------------------------------------------------------------------


def subscriber_request(*, email: str, language: str) -> None:
    """Ask to subscribe: a confirmation mail goes to the address (double opt-in), unless it is
    subscribed already. The caller says the same whatever happened here, so the answer never
    tells whether an address is on the list."""
    email = normalise_email(email)
    now = timezone.now()
    try:
        with transaction.atomic():
            subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
            if subscriber is None:
                subscriber = Subscriber.objects.create(
                    email=email, language=language, created_at=now, confirm_requested_at=now)
            elif subscriber.is_active:
                return
            else:
                subscriber.language = language
                subscriber.confirm_requested_at = now
                subscriber.save(update_fields=["language", "confirm_requested_at"])
            context = {
                "path": reverse("news:confirm", args=[confirm_token_make(subscriber)]),
                "days": CONFIRM_MAX_AGE.days,
            }
            transaction.on_commit(lambda: send_templated(
                "news-confirm", email, context, language=language))
    except IntegrityError:
        return  # the same address asked twice at once: the other request sends the mail


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber) -> bool:
    """Confirm the subscription the token was made for; False when it was active already."""
    changed = Subscriber.objects.filter(
        pk=subscriber.pk, confirm_requested_at=subscriber.confirm_requested_at,
    ).exclude(confirmed_at__isnull=False, unsubscribed_at__isnull=True).update(
        confirmed_at=timezone.now(), unsubscribed_at=None)
    if changed:
        audit_record(actor=None, action="subscriber_confirm", subject=subscriber)
    subscriber.refresh_from_db()
    return bool(changed)


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber) -> bool:
    """Unsubscribe; False (and nothing changed) when it was not subscribed."""
    changed = Subscriber.objects.filter(pk=subscriber.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now())
    if changed:
        audit_record(actor=None, action="subscriber_unsubscribe", subject=subscriber)
    subscriber.refresh_from_db()
    return bool(changed)


def news_unconfirmed_purge(*, now: datetime | None = None) -> int:
    """Delete requests nobody confirmed once their link has expired: an address someone typed
    in is not kept for ever (data minimisation). Idempotent; for the daily schedule."""
    cutoff = (now or timezone.now()) - CONFIRM_MAX_AGE
    deleted, _ = Subscriber.objects.filter(
        confirmed_at__isnull=True, confirm_requested_at__lt=cutoff).delete()
    return deleted


# -- mailing -----------------------------------------------------------------------------------


def news_mailing_start(*, actor: User, item: NewsItem) -> NewsMailing:
    """Mail a published item to the active subscribers, once per item. The worker sends it in
    batches (news/tasks.py); NewsDelivery rows are the record of who got it."""
    from psoportal.news.tasks import news_mailing_send

    if not item.is_visible():
        raise MailingRefused(_(
            "Alleen een gepubliceerd bericht waarvan de datum is aangebroken kan worden "
            "verstuurd."))
    try:
        with transaction.atomic():
            mailing = NewsMailing.objects.create(item=item, started_by=actor)
            audit_record(actor=actor, action="news_mailing_start", subject=mailing,
                         changes={"item": item.pk})
            transaction.on_commit(lambda: news_mailing_send.enqueue(mailing.pk))
    except IntegrityError as exc:
        raise MailingRefused(_("Dit bericht is al naar de abonnees verstuurd.")) from exc
    return mailing
