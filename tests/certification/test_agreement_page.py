"""The participation agreement and general terms are public and versioned, and their figures
come from the handbook's fee table in force (issue 10 §3)."""

import pytest
from django.urls import reverse

from psoportal.certification.agreement import CURRENT_VERSION
from psoportal.certification.services import AGREEMENT_VERSION

pytestmark = pytest.mark.django_db


def test_anyone_can_read_the_current_agreement_with_the_fee_table_of_the_handbook(client):
    response = client.get(reverse("certification:agreement"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Versie {CURRENT_VERSION}" in content
    for amount in ("€\xa0525,00", "€\xa01.575,00", "€\xa06.247,50", "€\xa0150,00", "€\xa0250,00",
                   "€\xa0125,00", "€\xa0100,00"):
        assert amount in content
    assert "Gedeeltelijke naamswijziging na de audit" in content


def test_the_english_page_names_the_events_in_english(client):
    client.cookies["pso_language"] = "en"
    content = client.get(reverse("certification:agreement")).content.decode()
    assert "Partial name change after the audit" in content
    assert "Gedeeltelijke naamswijziging" not in content


def test_an_unknown_version_is_404(client):
    url = reverse("certification:agreement_version", args=["1999-01"])
    assert client.get(url).status_code == 404


def test_applications_store_the_version_the_page_shows(login, alice, submit, complete_rekentool):
    assert submit(complete_rekentool).agreement_version == AGREEMENT_VERSION == CURRENT_VERSION
    page = login(alice).get(reverse("certification:step6", args=[complete_rekentool.pk]))
    assert reverse("certification:agreement_version", args=[CURRENT_VERSION]) in (
        page.content.decode())


def test_the_terms_of_use_name_the_cancellation_charge_of_the_handbook(client, monkeypatch):
    assert "rekenen we €\xa0250,00" in client.get(reverse("core:terms")).content.decode()
    # The amount is read from the fee table, not written in the text.
    from psoportal.methodology import handbook as handbook_module

    real = handbook_module.Handbook.fee_table_for

    def cheaper(self, on):
        table = real(self, on)
        event = table.events["cancel_personal_data"]
        events = {**table.events, "cancel_personal_data": type(event)(
            event.code, event.amount / 2, event.label_nl, event.label_en)}
        return type(table)(table.effective, table.annual_contribution, table.pso30plus_fee,
                           events)

    monkeypatch.setattr(handbook_module.Handbook, "fee_table_for", cheaper)
    assert "rekenen we €\xa0125,00" in client.get(reverse("core:terms")).content.decode()
