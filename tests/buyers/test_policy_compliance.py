"""The compliance overview per purchasing category (issue 13 item 4): live from today's
register, per Niveau and category, with a bar chart and the same numbers as a table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.buyers.models import Supplier
from psoportal.buyers.policy import compliance_overview
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(buyer):
    today = timezone.localdate()
    start = today - dt.timedelta(days=30)
    certificate(name="Hoog B.V.", kvks=["10000001"], level="trede_3", start=start)
    certificate(name="Laag B.V.", kvks=["10000002"], level="trede_1", start=start)
    certificate(name="Bel B.V.", kvks=["10000004"], level="trede_1", start=start)
    schoonmaak = buyer.categories.get(name="Schoonmaak")
    telecom = buyer.categories.get(name="Telecom")
    for kvk, name, category, required in [
        ("10000001", "Hoog B.V.", schoonmaak, "trede_2"),
        ("10000002", "Laag B.V.", schoonmaak, "trede_2"),
        ("10000003", "Geen B.V.", schoonmaak, ""),
        ("10000004", "Bel B.V.", telecom, "trede_3"),
        ("10000005", "Stil B.V.", telecom, ""),
        ("10000006", "Los B.V.", None, ""),
    ]:
        Supplier.objects.create(buyer=buyer, kvk=kvk, name=name, category=category,
                                required_level=required)
    return buyer


def _row(groups, name):
    return next(row for group in groups for row in group.categories if row.name == name)


def test_it_counts_suppliers_certified_meeting_the_level_and_compliant_per_category(
        portfolio):
    groups = compliance_overview(portfolio, on=timezone.localdate())
    schoonmaak = _row(groups, "Schoonmaak")
    assert (schoonmaak.suppliers, schoonmaak.certified, schoonmaak.meeting_level,
            schoonmaak.compliant) == (3, 2, 1, 1)
    assert schoonmaak.percent == 33 and schoonmaak.breach
    telecom = _row(groups, "Telecom")
    # Niveau 2: certified is enough to comply; "not compliant" is advice.
    assert (telecom.suppliers, telecom.certified, telecom.meeting_level,
            telecom.compliant) == (2, 1, 0, 1)
    assert not telecom.breach and telecom.advice
    without = _row(groups, "Zonder inkoopcategorie")
    assert (without.suppliers, without.compliant) == (1, 0)
    assert _row(groups, "Catering").percent is None


def test_the_page_highlights_niveau_1_breaches_and_shows_chart_and_table(login, bob,
                                                                         portfolio):
    response = login(bob).get(reverse("buyers:policy_compliance",
                                      args=[portfolio.organisation_id]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="compliance-breach"') == 1
    assert "voldoet niet aan de voorwaarde" in page
    assert '<svg role="img"' in page and "<desc" in page
    assert 'class="bar-breach"' in page
    # The chart's numbers are in the table too.
    assert "33\u00a0%" in page and "50\u00a0%" in page
    assert "<caption" in page and 'scope="col"' in page


def test_the_overview_reads_the_portfolio_and_the_register_in_a_few_queries(
        django_assert_max_num_queries, portfolio):
    with django_assert_max_num_queries(4):
        compliance_overview(portfolio, on=timezone.localdate())
