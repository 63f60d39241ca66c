"""The Contractsignalen page of the buyer workspace (issue 13 item 3): open alerts first, then
the earlier ones, which stay visible after they are seen and after the certificate expired;
"Gezien" per alert and for all; filters; other people's alerts are 404."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from psoportal.buyers.models import ContractAlert
from psoportal.buyers.services import buyer_activate
from psoportal.buyers.watch import open_alerts
from psoportal.certification.models import Certificate
from psoportal.core.models import AuditEvent
from psoportal.organisations.models import Membership
from psoportal.schedule.contract_watch import contract_alerts_send
from tests.buyers import watch_fixtures
from tests.buyers.watch_fixtures import DAY, EVENT, days_before, run_daily
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
supplier, held = watch_fixtures.supplier, watch_fixtures.held


def _at(day: dt.date):
    return time_machine.travel(f"{day.isoformat()} 10:00 +01:00", tick=True)


def _page(client, organisation, **query):
    return client.get(reverse("buyers:alerts", args=[organisation.pk]), query)


@pytest.fixture
def told(held):
    """The 90- and 30-day alerts of the coming expiry."""
    run_daily(days_before(90), days_before(30))
    return ContractAlert.objects.order_by("-offset_days")


def test_the_page_lists_each_alert_with_supplier_kind_offset_date_and_certificate(
        told, held, login, alice, organisation):
    with _at(days_before(30)):
        client = login(alice)
        response = _page(client, organisation)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Schoonmaak Noord B.V." in text
    assert "certificaat verloopt vóór het contracteinde" in text
    assert "90 dagen vooraf" in text and "30 dagen vooraf" in text
    assert "01-01-2027" in text and "over 30 dagen" in text
    assert held.number in text
    assert "Trede 2" in text
    # The watch's offsets come from the one constant.
    assert "90 en 30 dagen van tevoren en op de dag zelf" in text
    assert response.context["workspace_section"] == "alerts"


def test_open_alerts_come_first_and_seen_ones_stay_visible(told, login, alice, bob,
                                                           organisation):
    ninety, thirty = told
    client = login(bob)
    response = client.post(reverse("buyers:alert_seen", args=[organisation.pk, thirty.pk]))
    assert response.status_code == 302
    thirty.refresh_from_db()
    assert thirty.seen_by == bob and thirty.seen_at is not None
    rows = _page(client, organisation).context["rows"]
    assert [row.alert.pk for row in rows] == [ninety.pk, thirty.pk]
    assert [row.is_open for row in rows] == [True, False]
    assert "gezien op" in _page(client, organisation).content.decode()
    assert AuditEvent.objects.filter(action="contract_alert_mark_seen").count() == 1


def test_marking_seen_twice_changes_nothing_the_second_time(told, alice):
    from psoportal.buyers.watch import contract_alert_mark_seen

    alert = told.first()
    assert contract_alert_mark_seen(alert=alert, by=alice) is True
    assert contract_alert_mark_seen(alert=alert, by=alice) is False


def test_all_alerts_are_marked_seen_at_once(told, login, alice, organisation):
    client = login(alice)
    response = client.post(reverse("buyers:alerts_seen_all", args=[organisation.pk]),
                           follow=True)
    assert "2 signalen staan op gezien." in response.content.decode()
    assert not ContractAlert.objects.filter(seen_at__isnull=True).exists()
    assert len(response.context["rows"]) == 2


def test_the_state_stays_visible_after_the_certificate_expired(told, login, alice,
                                                               organisation):
    contract_alerts_send(EVENT)
    ContractAlert.objects.update(seen_at=dt.datetime(2027, 1, 2, tzinfo=dt.UTC), seen_by=alice)
    with _at(EVENT + 60 * DAY):
        client = login(alice)
        response = _page(client, organisation)
    rows = response.context["rows"]
    assert [row.alert.offset_days for row in rows] == [0, 30, 90]
    assert {row.status_label for row in rows} == {"verlopen"}
    assert "60 dagen geleden" in response.content.decode()


def test_the_status_now_shows_a_withdrawal(held, login, alice, organisation):
    revoked_on = dt.date(2026, 5, 12)
    Certificate.objects.filter(pk=held.pk).update(revoked_on=revoked_on)
    contract_alerts_send(revoked_on)
    with _at(revoked_on + DAY):
        client = login(alice)
        [row] = _page(client, organisation).context["rows"]
    assert row.kind_label == "certificaat ingetrokken"
    assert row.offset_label == "op de dag zelf"
    assert row.status_label == "ingetrokken"


def test_filters_by_kind_and_open(told, held, login, alice, organisation):
    _ninety, thirty = told
    ContractAlert.objects.filter(pk=thirty.pk).update(seen_at=dt.datetime.now(dt.UTC))
    client = login(alice)
    assert len(_page(client, organisation, toon="open").context["rows"]) == 1
    assert len(_page(client, organisation, soort="expires").context["rows"]) == 2
    response = _page(client, organisation, soort="withdrawn")
    assert response.context["rows"] == []
    assert "Geen signalen met deze filters." in response.content.decode()
    # An unknown kind is a form error, not a crash; the list is then unfiltered.
    assert len(_page(client, organisation, soort="<b>").context["rows"]) == 2


def test_an_empty_page_says_what_will_come(buyer, login, alice, organisation):
    response = _page(login(alice), organisation)
    assert "Er zijn nog geen contractsignalen." in response.content.decode()


def test_the_outsider_gets_404_on_the_page_and_on_marking_seen(told, login, charlie,
                                                                organisation):
    alert = told.first()
    client = login(charlie)
    assert _page(client, organisation).status_code == 404
    assert client.post(reverse("buyers:alert_seen",
                               args=[organisation.pk, alert.pk])).status_code == 404
    assert client.post(reverse("buyers:alerts_seen_all",
                               args=[organisation.pk])).status_code == 404
    # Charlie's own workspace does not reach Alice's alert either.
    own = buyer_activate(organisation=charlie.memberships.get().organisation, by=charlie)
    assert client.post(reverse("buyers:alert_seen",
                               args=[own.organisation_id, alert.pk])).status_code == 404
    assert not ContractAlert.objects.filter(seen_at__isnull=False).exists()


def test_an_adviser_of_the_organisation_gets_404(told, login, organisation):
    adviser = UserFactory(email="ada@adviesbureau.example")
    MembershipFactory(organisation=organisation, user=adviser, role=Membership.Role.ADVISEUR)
    client = login(adviser)
    assert _page(client, organisation).status_code == 404
    assert client.post(reverse("buyers:alert_seen",
                               args=[organisation.pk, told.first().pk])).status_code == 404


def test_marking_seen_needs_a_post(told, login, alice, organisation):
    client = login(alice)
    url = reverse("buyers:alert_seen", args=[organisation.pk, told.first().pk])
    assert client.get(url).status_code == 405


def test_the_home_partial_lists_the_latest_open_alerts(told, buyer, organisation):
    rows = open_alerts(buyer, limit=1)
    assert [row.alert.offset_days for row in rows] == [30]
    html = render_to_string("buyers/partials/open_alerts.html",
                            {"open_alerts": rows, "organisation": organisation})
    assert "Schoonmaak Noord B.V." in html
    assert reverse("buyers:alerts", args=[organisation.pk]) in html
    ContractAlert.objects.update(seen_at=dt.datetime.now(dt.UTC))
    assert open_alerts(buyer) == []
