"""Periodic supplier assessments (issue 13 item 4, seed 004): "Beoordeling vastleggen" keeps
each supplier's PSO status on a date; its list, detail page, download and the comparison with
the previous assessment."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from psoportal.buyers.assessments import assessment_create
from psoportal.buyers.models import Niveau, Supplier, SupplierAssessment
from psoportal.buyers.policy import is_compliant, level_ranks
from psoportal.core.models import AuditEvent
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def _supplier(buyer, kvk, name, category=None, required_level=""):
    category = buyer.categories.get(name=category) if category else None
    return Supplier.objects.create(buyer=buyer, kvk=kvk, name=name, category=category,
                                   required_level=required_level)


def _url(buyer, name, *args):
    return reverse(f"buyers:{name}", args=[buyer.organisation_id, *args])


@pytest.mark.parametrize(("niveau", "required", "level", "compliant"), [
    (Niveau.CONDITION, "", "aspirant", True),
    (Niveau.CONDITION, "trede_2", "trede_2", True),
    (Niveau.CONDITION, "trede_2", "trede_1", False),
    (Niveau.CONDITION, "", None, False),
    (None, "trede_3", "trede_2", False),
    (None, "", "trede_1", True),
    (Niveau.STRONGLY_ADVISED, "trede_3", "trede_1", True),
    (Niveau.STRONGLY_ADVISED, "", None, False),
    (Niveau.RECOMMENDED, "trede_3", "basistrede", True),
    (Niveau.RECOMMENDED, "", None, False),
])
def test_the_compliance_rule_by_niveau(niveau, required, level, compliant, today):
    assert is_compliant(niveau=niveau, required_level=required, certificate_level=level,
                        ranks=level_ranks(today)) is compliant


def test_an_assessment_records_each_suppliers_register_status_on_its_date(alice, buyer, today):
    certificate(name="Poets B.V.", kvks=["11110001"], level="trede_2",
                start=today - dt.timedelta(days=100), number="PSO-A-1")
    certificate(name="Poets B.V.", kvks=["11110001"], level="trede_3", pso30plus=True,
                start=today - dt.timedelta(days=100), number="PSO-A-2")
    certificate(name="Oud B.V.", kvks=["11110002"], level="trede_1",
                start=today - dt.timedelta(days=900), end=today - dt.timedelta(days=10))
    _supplier(buyer, "11110001", "Poets B.V.", category="Schoonmaak")
    _supplier(buyer, "11110002", "Oud B.V.", category="Schoonmaak")
    _supplier(buyer, "11110003", "Nooit B.V.", category="IT")

    assessment = assessment_create(buyer=buyer, on=today, note="Q1", by=alice)

    rows = {row.name: row for row in assessment.rows.all()}
    poets, oud, nooit = rows["Poets B.V."], rows["Oud B.V."], rows["Nooit B.V."]
    assert (poets.status, poets.level, poets.certificate_number) == ("valid", "trede_2",
                                                                     "PSO-A-1")
    assert poets.pso30plus and poets.compliant
    assert (poets.category, poets.niveau) == ("Schoonmaak", Niveau.CONDITION)
    assert (oud.status, oud.compliant) == ("expired", False)
    assert (nooit.status, nooit.level, nooit.compliant) == ("none", "", False)
    assert nooit.niveau == Niveau.RECOMMENDED
    event = AuditEvent.objects.get(action="assessment_create")
    assert event.changes["suppliers"] == 3 and event.changes["compliant"] == 1


def test_an_assessment_on_an_earlier_date_reads_the_register_of_that_day(alice, buyer, today):
    earlier = today - dt.timedelta(days=60)
    certificate(name="Later B.V.", kvks=["22220001"], start=today - dt.timedelta(days=10))
    certificate(name="Ingetrokken B.V.", kvks=["22220002"], start=today - dt.timedelta(days=300),
                revoked_on=today - dt.timedelta(days=5))
    _supplier(buyer, "22220001", "Later B.V.", category="Schoonmaak")
    _supplier(buyer, "22220002", "Ingetrokken B.V.", category="Schoonmaak")

    then = {r.name: r for r in assessment_create(buyer=buyer, on=earlier, note="",
                                                 by=alice).rows.all()}
    now = {r.name: r for r in assessment_create(buyer=buyer, on=today, note="",
                                                by=alice).rows.all()}
    assert (then["Later B.V."].status, then["Later B.V."].compliant) == ("none", False)
    assert (then["Ingetrokken B.V."].status, then["Ingetrokken B.V."].compliant) == (
        "valid", True)
    assert now["Later B.V."].compliant
    assert (now["Ingetrokken B.V."].status, now["Ingetrokken B.V."].compliant) == (
        "revoked", False)


def test_the_snapshot_does_not_change_when_the_register_does(login, alice, buyer, today):
    made = certificate(name="Poets B.V.", kvks=["33330001"], start=today - dt.timedelta(days=30))
    _supplier(buyer, "33330001", "Poets B.V.", category="Schoonmaak")
    assessment = assessment_create(buyer=buyer, on=today, note="", by=alice)
    made.revoked_on = today
    made.save()
    page = login(alice).get(_url(buyer, "assessment", assessment.pk)).content.decode()
    assert "geldig" in page and "ingetrokken" not in page


def test_the_detail_page_shows_a_niveau_1_breach_and_niveau_2_3_as_advice(login, alice, buyer,
                                                                          today):
    _supplier(buyer, "44440001", "Breuk B.V.", category="Schoonmaak")
    _supplier(buyer, "44440002", "Advies B.V.", category="Telecom")
    assessment = assessment_create(buyer=buyer, on=today, note="", by=alice)
    page = login(alice).get(_url(buyer, "assessment", assessment.pk)).content.decode()
    assert 'class="assessment-breach"' in page
    assert page.count('class="assessment-breach"') == 1
    assert "nee – voorwaarde" in page
    assert "nee (advies, geen voorwaarde)" in page


def test_beoordeling_vastleggen_defaults_to_today_and_refuses_a_future_date(login, bob, buyer,
                                                                          today):
    _supplier(buyer, "55550001", "Poets B.V.")
    client = login(bob)
    form = client.get(_url(buyer, "assessments")).content.decode()
    assert "Beoordeling vastleggen" in form
    assert f'value="{today:%Y-%m-%d}"' in form
    refused = client.post(_url(buyer, "assessments"), {
        "assessed_on": f"{today + dt.timedelta(days=1):%Y-%m-%d}", "note": ""})
    assert refused.status_code == 400
    assert "kies vandaag of een eerdere datum" in refused.content.decode()
    assert not SupplierAssessment.objects.exists()
    made = client.post(_url(buyer, "assessments"),
                       {"assessed_on": f"{today:%d-%m-%Y}", "note": "jaarlijks"})
    assessment = SupplierAssessment.objects.get()
    assert made["Location"] == _url(buyer, "assessment", assessment.pk)
    assert (assessment.created_by, assessment.note) == (bob, "jaarlijks")
    listing = client.get(_url(buyer, "assessments")).content.decode()
    assert f"{today:%d-%m-%Y}" in listing and "jaarlijks" in listing


def test_the_download_neutralises_formulas_and_comes_as_csv_and_xlsx(login, alice, buyer, today):
    _supplier(buyer, "66660001", "=HYPERLINK(\"http://kwaad.example\")")
    assessment = assessment_create(buyer=buyer, on=today, note="", by=alice)
    client = login(alice)
    response = client.get(_url(buyer, "assessment_export", assessment.pk, "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="leveranciersbeoordeling-{today:%Y-%m-%d}.csv"')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:2] == ["Naam", "KvK-nummer"]
    assert rows[1][0] == "'=HYPERLINK(\"http://kwaad.example\")"
    assert rows[1][1] == "66660001"

    from openpyxl import load_workbook

    xlsx = client.get(_url(buyer, "assessment_export", assessment.pk, "xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value.startswith("'=")
    assert sheet["B2"].value == "66660001"
    assert client.get(_url(buyer, "assessment_export", assessment.pk, "pdf")).status_code == 404


def test_the_detail_page_lists_who_changed_since_the_previous_assessment(login, alice, buyer,
                                                                          today):
    made = certificate(name="Wisselaar B.V.", kvks=["77770001"],
                       start=today - dt.timedelta(days=300),
                       revoked_on=today - dt.timedelta(days=5))
    certificate(name="Vast B.V.", kvks=["77770002"], start=today - dt.timedelta(days=300))
    _supplier(buyer, "77770001", "Wisselaar B.V.", category="Schoonmaak")
    _supplier(buyer, "77770002", "Vast B.V.", category="Schoonmaak")
    assessment_create(buyer=buyer, on=today - dt.timedelta(days=30), note="", by=alice)
    latest = assessment_create(buyer=buyer, on=today, note="", by=alice)
    assert made.pk
    page = login(alice).get(_url(buyer, "assessment", latest.pk)).content.decode()
    changes = page[page.index('id="changes"'):page.index('id="rows"')]
    assert "Wisselaar B.V." in changes and "ingetrokken" in changes
    assert "Vast B.V." not in changes


def test_recording_an_assessment_takes_the_same_queries_for_3_or_30_suppliers(alice, buyer,
                                                                             today):
    def queries(count: int, prefix: str) -> int:
        for index in range(count):
            kvk = f"{prefix}{index:04d}"
            certificate(name=f"L{kvk}", kvks=[kvk], start=today - dt.timedelta(days=10))
            _supplier(buyer, kvk, f"L{kvk}", category="Schoonmaak")
        with CaptureQueriesContext(connection) as captured:
            assessment_create(buyer=buyer, on=today, note="", by=alice)
        return len(captured)

    few = queries(3, "8800")
    Supplier.objects.all().delete()
    assert queries(30, "8801") == few


def test_an_outsider_gets_404_on_every_assessment_url(login, alice, charlie, buyer, today):
    _supplier(buyer, "99990001", "Poets B.V.")
    assessment = assessment_create(buyer=buyer, on=today, note="", by=alice)
    client = login(charlie)
    for url in (_url(buyer, "assessments"), _url(buyer, "assessment", assessment.pk),
                _url(buyer, "assessment_export", assessment.pk, "csv"),
                _url(buyer, "policy_compliance")):
        assert client.get(url).status_code == 404
    assert client.post(_url(buyer, "assessments"),
                       {"assessed_on": f"{today:%Y-%m-%d}"}).status_code == 404
    assert SupplierAssessment.objects.count() == 1


def test_another_buyers_assessment_is_404_in_ones_own_workspace(login, alice, charlie, buyer,
                                                                today):
    from psoportal.buyers.services import buyer_activate
    from psoportal.organisations.models import Organisation

    theirs = buyer_activate(organisation=Organisation.objects.get(name="Ander Bedrijf B.V."),
                            by=charlie)
    foreign = assessment_create(buyer=theirs, on=today, note="", by=charlie)
    client = login(alice)
    assert client.get(_url(buyer, "assessment", foreign.pk)).status_code == 404
    assert client.get(_url(buyer, "assessment_export", foreign.pk, "csv")).status_code == 404
