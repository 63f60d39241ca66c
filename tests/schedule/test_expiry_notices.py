"""Expiry notices (rule book §9, issue 11 §4): on the handbook's notice date, (end + 1 day)
minus `expiry_notice_months`, the applicant's editing members are told once per certificate,
in their own language, through the outbox."""

import dataclasses
import datetime as dt

import pytest
from django.core import mail

from psoportal.certification import certificates as certificates_module
from psoportal.certification.models import Certificate, Notification
from psoportal.methodology.handbook import handbook_get
from psoportal.schedule.expiry import TEMPLATE, expiry_notices_send
from tests.schedule.conftest import CERTIFICATE_END, NOTICE_DAY

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _rows():
    return Notification.objects.filter(template=TEMPLATE)


def test_nothing_is_sent_the_day_before_the_notice_date(certificate):
    assert expiry_notices_send(NOTICE_DAY - DAY) == 0
    assert not _rows().exists()


def test_on_the_notice_date_each_editing_member_is_told_once(certificate, alice, bob, charlie,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry_notices_send(NOTICE_DAY) == 1
        assert expiry_notices_send(NOTICE_DAY) == 0
        assert expiry_notices_send(NOTICE_DAY + 10 * DAY) == 0
    assert sorted(_rows().values_list("recipient__email", flat=True)) == [
        alice.email, bob.email]
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, bob.email]
    [message] = [m for m in mail.outbox if m.to == [alice.email]]
    assert message.subject == (
        "Het PSO-certificaat van Voorbeeld B.V. is geldig tot en met 31-08-2027")
    assert certificate.number in message.body
    assert f"/mijnpso/aanvraag/{certificate.application_id}/" in message.body


def test_a_notice_missed_on_its_day_is_sent_on_a_later_run(certificate):
    # The scheduler was down on the notice date: the next run catches up, once.
    assert expiry_notices_send(NOTICE_DAY + 20 * DAY) == 1
    assert _rows().count() == 2  # Alice and Bob


def test_the_notice_date_is_the_handbooks(certificate, monkeypatch):
    # With one notice month instead of three the notice moves to 1 August 2027.
    handbook = handbook_get(certificate.handbook_version)
    shorter = dataclasses.replace(
        handbook, dates=dataclasses.replace(handbook.dates, expiry_notice_months=1))
    monkeypatch.setattr(certificates_module, "handbook_get", lambda version: shorter)
    assert expiry_notices_send(NOTICE_DAY) == 0
    assert expiry_notices_send(dt.date(2027, 7, 31)) == 0
    assert expiry_notices_send(dt.date(2027, 8, 1)) == 1


@pytest.mark.parametrize("ending", ["revoked", "lapsed", "expired"])
def test_a_certificate_no_longer_in_force_gets_no_notice(certificate, ending):
    as_of = NOTICE_DAY
    if ending == "revoked":
        Certificate.objects.filter(pk=certificate.pk).update(revoked_on=NOTICE_DAY - DAY)
    elif ending == "lapsed":
        Certificate.objects.filter(pk=certificate.pk).update(lapsed_on=NOTICE_DAY - DAY)
    else:
        as_of = CERTIFICATE_END + DAY
    assert expiry_notices_send(as_of) == 0
    assert not _rows().exists()


def test_the_pso30plus_certificate_gets_its_own_notice_naming_it(certificate, alice,
                                                                django_capture_on_commit_callbacks):
    Certificate.objects.filter(pk=certificate.pk).update(kind=Certificate.Kind.PSO30PLUS)
    with django_capture_on_commit_callbacks(execute=True):
        expiry_notices_send(NOTICE_DAY)
    [message] = [m for m in mail.outbox if m.to == [alice.email]]
    assert "Het PSO 30+-certificaat" in message.body


def test_an_english_speaking_member_reads_it_in_english(certificate, bob,
                                                       django_capture_on_commit_callbacks):
    bob.language = "en"
    bob.save()
    with django_capture_on_commit_callbacks(execute=True):
        expiry_notices_send(NOTICE_DAY)
    [message] = [m for m in mail.outbox if m.to == [bob.email]]
    assert message.subject == (
        "The PSO certificate of Voorbeeld B.V. is valid until and including 31-08-2027")
