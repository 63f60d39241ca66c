"""Publishing a new handbook version (issue 14 item 3): it is scheduled for its effective date,
a news item announces it and goes to the newsletter, and the Accounthouders whose drafts will
move are e-mailed in advance through the queue, once each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.assessments.models import Rekentool
from psoportal.certification.models import Notification
from psoportal.handbooks.announce import TEMPLATE, handbook_announce_send
from psoportal.handbooks.models import HandbookVersion
from psoportal.handbooks.publish import PublishRefused, handbook_version_publish
from psoportal.methodology.handbook import handbook_for
from psoportal.news.models import NewsItem, NewsMailing
from psoportal.organisations.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(alice, organisation):
    """Alice's organisation has a draft; another organisation only a submitted rekentool."""
    Rekentool.objects.create(organisation=organisation, name="Peiljaar 2026")
    submitted = OrganisationFactory(name="Ingediend B.V.", kvk="55554444")
    dora = UserFactory(email="dora@ingediend.example")
    MembershipFactory(organisation=submitted, user=dora, role=Membership.Role.ACCOUNTHOUDER)
    Rekentool.objects.create(organisation=submitted, name="Ingediend",
                             frozen_at=timezone.now())
    return dora


def test_publishing_schedules_the_version_announces_it_and_tells_the_account_holders(
        uploaded, bo, alice, drafts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = handbook_version_publish(version=uploaded, by=bo)
    uploaded.refresh_from_db()
    assert uploaded.state == HandbookVersion.State.PUBLISHED
    assert uploaded.published_by == bo
    assert handbook_for(dt.date(2027, 4, 1)).version == "2.3"
    assert handbook_for(dt.date(2027, 3, 31)).version == "2.2"
    assert item.is_visible() and "2.3" in item.title and "01-04-2027" in item.title
    assert "ID-baan" in item.body and "Nieuwe vraag" in item.body
    assert NewsMailing.objects.filter(item=item).exists()
    told = Notification.objects.filter(template=TEMPLATE)
    assert list(told.values_list("recipient__email", flat=True)) == [alice.email]
    assert told.get().context["version"] == "2.3"


def test_the_announcement_goes_to_each_account_holder_once(
        uploaded, bo, alice, drafts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        handbook_version_publish(version=uploaded, by=bo)
    assert handbook_announce_send(uploaded.pk) == 0
    assert Notification.objects.filter(template=TEMPLATE).count() == 1


def test_a_version_is_published_once(uploaded, bo):
    handbook_version_publish(version=uploaded, by=bo)
    with pytest.raises(PublishRefused):
        handbook_version_publish(version=uploaded, by=bo)
    assert NewsItem.objects.count() == 1


def test_a_version_whose_date_has_come_is_not_published(uploaded, bo):
    HandbookVersion.objects.filter(pk=uploaded.pk).update(effective=timezone.localdate())
    uploaded.text = uploaded.text.replace("effective = 2027-04-01",
                                          f"effective = {timezone.localdate().isoformat()}")
    uploaded.save()
    with pytest.raises(PublishRefused, match="na vandaag"):
        handbook_version_publish(version=uploaded, by=bo)
    uploaded.refresh_from_db()
    assert uploaded.state == HandbookVersion.State.UPLOADED


def test_the_page_says_what_will_happen_and_publishes_on_post(login, bo, uploaded, alice,
                                                              drafts):
    client = login(bo)
    url = reverse("handbooks:publish", args=[uploaded.pk])
    page = client.get(url).content.decode()
    assert "1 Accounthouder met rekentools" in page
    assert "1 concept-rekentool over naar de nieuwe versie" in page
    assert "Het PSO-handboek versie 2.3 gaat in op 01-04-2027" in page
    client.post(url)
    uploaded.refresh_from_db()
    assert uploaded.state == HandbookVersion.State.PUBLISHED
    assert "Gepubliceerd op" in client.get(url).content.decode()


@pytest.mark.parametrize("persona", ["alice", "charlie", "audrey"])
def test_anyone_but_pso_nederland_gets_404(request, login, uploaded, persona):
    client = login(request.getfixturevalue(persona))
    url = reverse("handbooks:publish", args=[uploaded.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    uploaded.refresh_from_db()
    assert uploaded.state == HandbookVersion.State.UPLOADED


def test_a_version_that_no_longer_follows_the_newest_published_one_is_not_published(
        uploaded, bo):
    rival = HandbookVersion.objects.create(
        version="2.4", effective=uploaded.effective, title="Rivaal", text=uploaded.text.replace(
            'version = "2.3"', 'version = "2.4"', 1), sha256="0" * 64,
        state=HandbookVersion.State.PUBLISHED, published_at=timezone.now())
    with pytest.raises(PublishRefused, match=r"2\.4"):
        handbook_version_publish(version=uploaded, by=bo)
    uploaded.refresh_from_db()
    assert uploaded.state == HandbookVersion.State.UPLOADED
    assert rival.state == HandbookVersion.State.PUBLISHED
