"""On a fresh `make run` (issue 13, "Done when"): a demo buyer has a portfolio of 20 suppliers
with mixed statuses and one open alert, and a demo news item announces the next handbook
version. Everything is checked as the buyer and a visitor see it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from psoportal.buyers.demo import DEMO_BUYER_EMAIL, demo_buyer
from psoportal.buyers.models import ContractAlert
from psoportal.buyers.portfolio import portfolio_rows
from psoportal.methodology.handbook import handbook_list
from psoportal.news.models import NewsItem
from tests.conftest import full_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("seed_demo")
    return demo_buyer()


def test_the_demo_buyer_has_20_suppliers_with_mixed_statuses(demo):
    rows = portfolio_rows(demo, on=timezone.localdate())
    assert len(rows) == 20
    statuses = {row.status for row in rows}
    assert {"valid", "expiring_soon", "none"} <= statuses
    assert statuses & {"expired", "revoked"}
    assert any(row.niveau1_without_valid for row in rows)


def test_the_demo_buyer_has_exactly_one_open_alert_shown_on_its_pages(client, demo):
    open_alerts = ContractAlert.objects.filter(supplier__buyer=demo, seen_at__isnull=True)
    assert open_alerts.count() == 1
    alert = open_alerts.get()
    full_login(client, demo.organisation.memberships.get(user__email=DEMO_BUYER_EMAIL).user)
    home = client.get(reverse("buyers:home", args=[demo.organisation.pk])).content.decode()
    assert alert.supplier.name in home
    page = client.get(reverse("buyers:alerts", args=[demo.organisation.pk])).content.decode()
    assert alert.supplier.name in page


def test_seeding_again_adds_no_supplier_alert_or_assessment(demo, capsys):
    counts = (demo.suppliers.count(), ContractAlert.objects.count(), demo.assessments.count())
    call_command("seed_demo")
    assert (demo.suppliers.count(), ContractAlert.objects.count(),
            demo.assessments.count()) == counts


def test_a_demo_news_item_announces_the_next_handbook_version_on_the_home_page(client, demo):
    latest = max(handbook_list(), key=lambda h: h.effective)
    item = NewsItem.objects.get()
    assert latest.version not in item.title
    major, minor = latest.version.split(".")
    assert f"{major}.{int(minor) + 1}" in item.title
    assert item.published_on <= timezone.localdate() < dt.date(item.published_on.year + 1, 4, 2)
    assert item.title in client.get("/").content.decode()
