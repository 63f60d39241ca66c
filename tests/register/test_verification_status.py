"""The verification page (the QR code's address, issue 12 §2) shows the register's status today
with its dates, "verloopt binnenkort" included, for certificates of the old register too, and
offers the check by number or KvK number."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from psoportal.methodology.dates import ONE_DAY, add_months
from psoportal.methodology.handbook import handbook_for
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db


def _page(client, made):
    response = client.get(reverse("verify_certificate", args=[made.verification_code]))
    assert response.status_code == 200
    return response


def _status(response) -> str:
    return re.search(r'<strong id="certificate-status">([^<]*)</strong>', response.text).group(1)


def test_a_certificate_ending_soon_says_verloopt_binnenkort_with_its_dates(client, today):
    months = handbook_for(today).register.expiring_soon_months
    end = add_months(today, months) - ONE_DAY
    made = certificate(start=add_months(end, -24) + ONE_DAY, end=end)
    response = _page(client, made)
    assert _status(response) == "verloopt binnenkort"
    assert '</strong> <span class="muted">(op 15-08-2025)</span>' in response.text
    assert f"Geldig van {made.start:%d-%m-%Y} tot en met {end:%d-%m-%Y}." in response.text
    assert (f"Verloopt binnenkort: de einddatum {end:%d-%m-%Y} ligt binnen {months} maanden."
            in response.text)


def test_a_certificate_ending_after_that_says_geldig_without_the_warning(client, today):
    months = handbook_for(today).register.expiring_soon_months
    made = certificate(start=add_months(today, months - 24), end=add_months(today, months))
    response = _page(client, made)
    assert _status(response) == "geldig"
    assert "Verloopt binnenkort" not in response.text


@pytest.mark.parametrize(("fields", "status", "sentence"), [
    ({"start": dt.date(2022, 1, 1), "end": dt.date(2023, 12, 31)}, "verlopen",
     "Verlopen: geldig tot en met 31-12-2023."),
    ({"start": dt.date(2024, 1, 1), "revoked_on": dt.date(2025, 6, 1)}, "ingetrokken",
     "Ingetrokken per 01-06-2025."),
    ({"start": dt.date(2024, 1, 1), "lapsed_on": dt.date(2025, 3, 1)}, "vervallen",
     "Vervallen per 01-03-2025."),
    ({"start": dt.date(2025, 9, 1)}, "nog niet geldig",
     "Nog niet geldig: geldig van 01-09-2025 tot en met 31-08-2027."),
])
def test_every_other_status_is_shown_with_its_date(client, today, fields, status, sentence):
    response = _page(client, certificate(**fields))
    assert _status(response) == status
    assert sentence in response.text


def test_a_certificate_of_the_old_register_has_its_page_too(client, today):
    made = certificate(name="Groen & Schoon B.V.", kvks=["12345678", "87654321"])
    text = _page(client, made).text
    for fact in ("Groen &amp; Schoon B.V.", "Trede 2", made.number, "12345678", "87654321",
                 "Keurmerk Certificering B.V."):
        assert fact in text, fact


def test_the_page_offers_the_check_by_number_or_kvk_number(client, today):
    text = _page(client, certificate()).text
    assert f'action="{reverse("register:check")}"' in text
    assert 'name="nummer"' in text and 'name="kvk"' in text
