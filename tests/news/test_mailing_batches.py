"""Mailing an item: in batches through the queue, once per subscriber, with a record."""

from __future__ import annotations

import pytest
from django.core import mail

from psoportal.news import mailing as mailing_module
from psoportal.news.mailing import news_mailing_send_batch, news_mailings_resume
from psoportal.news.models import NewsDelivery, NewsMailing
from psoportal.news.services import MailingRefused, news_mailing_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(make_subscriber):
    active = [make_subscriber(f"lezer{n}@x.example") for n in range(5)]
    make_subscriber("wacht@x.example", confirmed=False)
    make_subscriber("weg@x.example", unsubscribed=True)
    return active


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_queue_sends_every_active_subscriber_one_mail_in_batches(
    bo, make_item, readers, committed, monkeypatch
):
    monkeypatch.setattr(mailing_module, "BATCH_SIZE", 2)
    batches = []
    real = mailing_module.news_mailing_send_batch

    def counting(mailing_id, **kwargs):
        batches.append(mailing_id)
        return real(mailing_id, batch_size=2)

    monkeypatch.setattr("psoportal.news.tasks.news_mailing_send_batch", counting)
    mailing = committed(news_mailing_start, actor=bo, item=make_item())
    assert len(batches) == 3  # 2 + 2 + 1
    assert _recipients() == sorted(r.email for r in readers)
    mailing.refresh_from_db()
    assert mailing.recipient_count == 5
    assert mailing.finished_at is not None
    assert NewsDelivery.objects.filter(mailing=mailing, sent_at__isnull=False).count() == 5


def test_unconfirmed_and_unsubscribed_addresses_get_nothing(bo, make_item, readers, committed):
    committed(news_mailing_start, actor=bo, item=make_item())
    assert "wacht@x.example" not in _recipients()
    assert "weg@x.example" not in _recipients()


def test_two_runs_never_send_anyone_twice(bo, make_item, readers):
    mailing = NewsMailing.objects.create(item=make_item(), started_by=bo)
    assert news_mailing_send_batch(mailing.pk, batch_size=3) is True
    # A retried task for the same batch, then the rest, then once more after the end.
    NewsMailing.objects.filter(pk=mailing.pk).update(finished_at=None)
    assert news_mailing_send_batch(mailing.pk, batch_size=3) is False
    assert news_mailing_send_batch(mailing.pk, batch_size=3) is False
    assert len(mail.outbox) == 5
    assert len(set(_recipients())) == 5


def test_a_claimed_recipient_is_skipped_after_a_crash(bo, make_item, readers):
    mailing = NewsMailing.objects.create(item=make_item(), started_by=bo)
    # The worker claimed the first reader, then died before sending.
    NewsDelivery.objects.create(mailing=mailing, subscriber=readers[0])
    news_mailing_send_batch(mailing.pk)
    assert readers[0].email not in _recipients()
    assert len(mail.outbox) == 4


def test_a_failed_send_is_recorded_and_the_batch_carries_on(bo, make_item, readers,
                                                             monkeypatch):
    real = mailing_module.news_item_mail

    def flaky(item, subscriber):
        if subscriber.pk == readers[1].pk:
            raise ConnectionError("smtp down")
        real(item, subscriber)

    monkeypatch.setattr(mailing_module, "news_item_mail", flaky)
    mailing = NewsMailing.objects.create(item=make_item(), started_by=bo)
    news_mailing_send_batch(mailing.pk)
    mailing.refresh_from_db()
    assert (mailing.recipient_count, mailing.failed_count) == (4, 1)
    assert "smtp down" in NewsDelivery.objects.get(subscriber=readers[1]).error


def test_the_same_item_cannot_be_mailed_twice(bo, make_item, readers, committed):
    item = make_item()
    committed(news_mailing_start, actor=bo, item=item)
    with pytest.raises(MailingRefused):
        news_mailing_start(actor=bo, item=item)
    assert NewsMailing.objects.count() == 1
    assert len(mail.outbox) == 5


def test_an_unpublished_item_cannot_be_mailed(bo, make_item, readers):
    with pytest.raises(MailingRefused):
        news_mailing_start(actor=bo, item=make_item(published=False))
    assert not NewsMailing.objects.exists()


def test_a_mailing_whose_task_was_lost_is_queued_again(bo, make_item, readers):
    import datetime as dt

    from django.utils import timezone

    old = timezone.now() - dt.timedelta(hours=1)
    mailing = NewsMailing.objects.create(item=make_item(), started_by=bo, created_at=old)
    assert news_mailings_resume() == 1  # the immediate backend runs it at once
    mailing.refresh_from_db()
    assert mailing.finished_at is not None and mailing.recipient_count == 5
    assert news_mailings_resume() == 0
