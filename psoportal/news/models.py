"""PSO-Nederland's news: items, the newsletter's subscribers and the record of what was mailed.

A subscriber holds no secret: the links in its mails are signed tokens (news/tokens.py) bound to
the row's state, so the database never holds a confirmation or unsubscribe code.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200
# A long article, not a book: what one news item and one e-mail reasonably hold.
BODY_MAX_LENGTH = 20_000
ALT_MAX_LENGTH = 250


def news_image_path(instance: models.Model, filename: str) -> str:
    """A random name under news/: the uploaded name is never trusted as a path. The extension
    is the one of the checked and re-encoded format (news/images.py names the file)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"news/{secrets.token_hex(16)}.{extension}"


class NewsItemQuerySet(models.QuerySet):
    def visible(self, on=None) -> NewsItemQuerySet:
        """What the public sees: published, with a date that has come."""
        return self.filter(is_published=True, published_on__lte=on or timezone.localdate())

    def newest_first(self) -> NewsItemQuerySet:
        return self.order_by("-published_on", "-pk")


class NewsItem(models.Model):
    title = models.CharField(_("titel"), max_length=TITLE_MAX_LENGTH)
    # Made from the title once and kept: a link to a news item must not break when the title
    # is corrected.
    slug = models.SlugField(_("adres"), max_length=TITLE_MAX_LENGTH + 10, unique=True)
    published_on = models.DateField(_("datum"))
    body = models.TextField(_("tekst"), max_length=BODY_MAX_LENGTH)
    # The language the item is written in: pages mark its title and text with it (WCAG 3.1.2,
    # language of parts), so a Dutch item on an English page is read out in Dutch.
    language = models.CharField(_("taal van het bericht"), max_length=5,
                                choices=settings.LANGUAGES, default="nl")
    image = models.ImageField(_("afbeelding"), upload_to=news_image_path, blank=True,
                              width_field="image_width", height_field="image_height")
    image_width = models.PositiveIntegerField(null=True, blank=True)
    image_height = models.PositiveIntegerField(null=True, blank=True)
    image_alt = models.CharField(_("beschrijving van de afbeelding"), max_length=ALT_MAX_LENGTH,
                                 blank=True)
    is_published = models.BooleanField(_("gepubliceerd"), default=False)
    # The first publication; unpublishing and publishing again keeps it.
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("nieuwsbericht")
        verbose_name_plural = _("nieuwsberichten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""),
                name="news_item_image_has_alt",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_visible(self, on=None) -> bool:
        return self.is_published and self.published_on <= (on or timezone.localdate())


class Subscriber(models.Model):
    """One address on the newsletter. Active when confirmed and not unsubscribed since."""

    # Stored trimmed and lower-cased (accounts.ratelimit.normalise_email); the constraint on
    # Lower() keeps a differently spelled duplicate out even if a write bypasses that.
    email = models.EmailField(_("e-mailadres"), max_length=254)
    language = models.CharField(_("taal"), max_length=5, choices=settings.LANGUAGES,
                                default="nl")
    created_at = models.DateTimeField(default=timezone.now)
    # The latest request to subscribe: a confirmation link is valid only for this request.
    confirm_requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("abonnee")
        verbose_name_plural = _("abonnees")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="news_subscriber_email_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class NewsMailing(models.Model):
    """One item mailed to the subscribers, once: the record of who got it is NewsDelivery."""

    item = models.OneToOneField(NewsItem, on_delete=models.PROTECT, related_name="mailing")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.item} ({self.created_at:%Y-%m-%d})"


class NewsDelivery(models.Model):
    """A subscriber's copy of a mailing, claimed before it is sent: the unique pair is what
    keeps a second run (a retried task, a crash) from mailing anyone twice."""

    mailing = models.ForeignKey(NewsMailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailing", "subscriber"],
                                    name="news_delivery_once_per_subscriber"),
        ]

    def __str__(self) -> str:
        return f"{self.mailing_id}:{self.subscriber_id}"
