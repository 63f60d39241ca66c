"""Periodic supplier assessments (issue 13 item 4, seed 004): the scheduler records one per
period of the buyer's interval, once, unless the buyer recorded one in that period already."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from psoportal.buyers.models import Buyer, Supplier, SupplierAssessment
from psoportal.buyers.periodic import next_automatic_assessment, period_start
from psoportal.schedule.periodic_assessments import periodic_assessments_record
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier(buyer):
    certificate(name="Groen & Schoon B.V.", kvks=["11112222"], level="trede_2",
                start=dt.date(2026, 1, 1))
    return Supplier.objects.create(buyer=buyer, kvk="11112222", name="Groen & Schoon B.V.")


@pytest.mark.parametrize(("day", "months", "start"), [
    (dt.date(2026, 5, 20), 3, dt.date(2026, 4, 1)),
    (dt.date(2026, 12, 31), 3, dt.date(2026, 10, 1)),
    (dt.date(2026, 1, 1), 3, dt.date(2026, 1, 1)),
    (dt.date(2026, 8, 2), 6, dt.date(2026, 7, 1)),
    (dt.date(2026, 8, 2), 12, dt.date(2026, 1, 1)),
    (dt.date(2026, 8, 2), 1, dt.date(2026, 8, 1)),
])
def test_a_period_starts_on_the_first_of_its_month_counted_from_january(day, months, start):
    assert period_start(day, months) == start


def test_the_first_run_of_a_quarter_records_one_assessment_and_a_second_run_none(supplier,
                                                                               buyer):
    assert periodic_assessments_record(dt.date(2026, 4, 1)) == 1
    assert periodic_assessments_record(dt.date(2026, 4, 1)) == 0
    assert periodic_assessments_record(dt.date(2026, 5, 15)) == 0
    assessment = SupplierAssessment.objects.get()
    assert (assessment.assessed_on, assessment.automatic, assessment.created_by) == (
        dt.date(2026, 4, 1), True, None)
    [row] = assessment.rows.all()
    assert (row.kvk, row.status, row.level) == ("11112222", "valid", "trede_2")
    assert periodic_assessments_record(dt.date(2026, 7, 3)) == 1  # the next quarter, late
    assert SupplierAssessment.objects.count() == 2


def test_an_assessment_by_hand_in_the_period_makes_the_automatic_one_unnecessary(
        login, alice, supplier, buyer):
    client = login(alice)
    client.post(reverse("buyers:assessments", args=[buyer.organisation_id]),
                {"assessed_on": "02-04-2026", "note": ""})
    assert SupplierAssessment.objects.filter(automatic=False).count() == 1
    assert periodic_assessments_record(dt.date(2026, 4, 20)) == 0


def test_a_buyer_who_records_by_hand_only_gets_none_and_nor_does_an_empty_portfolio(
        supplier, buyer, charlie):
    Buyer.objects.filter(pk=buyer.pk).update(assessment_months=Buyer.AssessmentInterval.OFF)
    other = Buyer.objects.create(organisation=charlie.memberships.get().organisation)
    assert other.assessment_months == Buyer.AssessmentInterval.QUARTERLY
    assert periodic_assessments_record(dt.date(2026, 4, 1)) == 0


def test_the_buyer_chooses_the_interval_and_sees_the_next_date(login, alice, buyer):
    client = login(alice)
    url = reverse("buyers:assessment_interval", args=[buyer.organisation_id])
    client.post(url, {"assessment_months": "6"})
    buyer.refresh_from_db()
    assert buyer.assessment_months == 6
    assert next_automatic_assessment(buyer, dt.date(2026, 8, 2)) == dt.date(2027, 1, 1)
    page = client.get(reverse("buyers:assessments", args=[buyer.organisation_id]))
    assert "De volgende automatische beoordeling" in page.content.decode()
    client.post(url, {"assessment_months": "7"})
    buyer.refresh_from_db()
    assert buyer.assessment_months == 6


def test_an_outsider_gets_404_for_the_interval(login, charlie, buyer):
    response = login(charlie).post(
        reverse("buyers:assessment_interval", args=[buyer.organisation_id]),
        {"assessment_months": "0"})
    assert response.status_code == 404
    buyer.refresh_from_db()
    assert buyer.assessment_months == Buyer.AssessmentInterval.QUARTERLY


def test_the_scheduler_runs_the_job(supplier, buyer, capsys):
    call_command("run_schedule", "--as-of", "2026-10-01")
    assert SupplierAssessment.objects.filter(automatic=True,
                                             assessed_on=dt.date(2026, 10, 1)).exists()
