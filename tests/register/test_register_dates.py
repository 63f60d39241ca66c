""""Geldig op D" (issue 12 §1, rule book §9 and §11): a certificate is in the register from its
start to its end, until it lapses (vervallen: a newer certification took over, from that one's
start) or is withdrawn (ingetrokken); a date search answers for any day, also before this
portal's first handbook. "Verloopt binnenkort" is a certificate in force whose end lies within
the handbook's `register.expiring_soon_months`."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from psoportal.certification.certificates import certificate_status
from psoportal.methodology.dates import ONE_DAY, add_months
from psoportal.methodology.handbook import handbook_for, handbook_list
from psoportal.register.selectors import RegisterQuery, register_queryset
from psoportal.register.status import RegisterStatus, entry_status
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db

URL = reverse("register:search")


def _listed(client, day: dt.date) -> list[str]:
    response = client.get(URL, {"datum": f"{day:%d-%m-%Y}"})
    assert response.status_code == 200
    return re.findall(r'<td class="nowrap">(PSO-\d{4}-\d{6})</td>', response.text)


def _status_shown(client, day: dt.date, number: str) -> str:
    text = client.get(URL, {"datum": f"{day:%d-%m-%Y}"}).text
    row = text[text.index(number):].split("</tr>", 1)[0]
    return re.search(r'class="register-status[^"]*">([^<]+)<', row).group(1)


def test_a_superseded_certificate_is_listed_until_its_successor_starts(client, today):
    new = certificate(number="PSO-2025-000002", start=dt.date(2025, 3, 1))
    old = certificate(number="PSO-2023-000001", start=dt.date(2023, 9, 1),
                      lapsed_on=dt.date(2025, 3, 1), superseded_by=new)
    assert old.end > today  # it would still be in force without its successor
    assert _listed(client, dt.date(2025, 2, 28)) == ["PSO-2023-000001"]
    assert _listed(client, dt.date(2025, 3, 1)) == ["PSO-2025-000002"]
    assert _listed(client, today) == ["PSO-2025-000002"]


def test_an_expired_certificate_is_listed_up_to_and_including_its_end_date(client, today):
    certificate(number="PSO-2023-000001", start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31))
    assert _listed(client, dt.date(2024, 12, 31)) == ["PSO-2023-000001"]
    assert _listed(client, dt.date(2025, 1, 1)) == []
    assert _listed(client, today) == []


def test_a_withdrawn_certificate_is_listed_until_the_day_it_was_withdrawn(client, today):
    certificate(number="PSO-2025-000001", start=dt.date(2025, 1, 1),
                revoked_on=dt.date(2025, 6, 1))
    assert _listed(client, dt.date(2025, 5, 31)) == ["PSO-2025-000001"]
    assert _listed(client, dt.date(2025, 6, 1)) == []
    assert _listed(client, today) == []


def test_a_certificate_that_has_not_started_is_listed_from_its_start(client, today):
    certificate(number="PSO-2025-000009", start=dt.date(2025, 9, 1))
    assert _listed(client, today) == []
    assert _listed(client, dt.date(2025, 8, 31)) == []
    assert _listed(client, dt.date(2025, 9, 1)) == ["PSO-2025-000009"]


def test_a_date_before_the_first_handbook_still_answers_from_the_old_register(client, today):
    first = handbook_list()[0]
    day = first.effective - dt.timedelta(days=400)
    certificate(number="PSO-2022-000001", start=day - dt.timedelta(days=100), level="trede_2")
    response = client.get(URL, {"datum": f"{day:%d-%m-%Y}", "trede": "trede_1"})
    assert response.status_code == 200
    assert "PSO-2022-000001" in response.text and "Trede 2" in response.text


def test_the_search_and_the_certificates_own_status_agree_on_every_day(today):
    """register_queryset's SQL and certificate_status's Python are one rule."""
    successor = certificate(start=dt.date(2025, 3, 1))
    certificates = [
        certificate(start=dt.date(2023, 9, 1), lapsed_on=dt.date(2025, 3, 1),
                    superseded_by=successor),
        certificate(start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31)),
        certificate(start=dt.date(2025, 1, 1), revoked_on=dt.date(2025, 6, 1)),
        certificate(start=dt.date(2025, 9, 1)),
        # Lapsed, then withdrawn later: the first ending decides.
        certificate(start=dt.date(2024, 1, 1), lapsed_on=dt.date(2024, 7, 1),
                    revoked_on=dt.date(2024, 9, 1)),
        successor,
    ]
    day = dt.date(2022, 12, 30)
    while day <= dt.date(2025, 10, 1):
        listed = set(register_queryset(RegisterQuery(on=day)).values_list("pk", flat=True))
        in_force = {c.pk for c in certificates if certificate_status(c, on=day).in_force}
        assert listed == in_force, day
        day += dt.timedelta(days=13)


def _soon_from(day: dt.date) -> dt.date:
    return add_months(day, handbook_for(day).register.expiring_soon_months)


def test_verloopt_binnenkort_starts_when_the_end_is_within_the_handbooks_months(client, today):
    boundary = _soon_from(today)  # an end before this day "verloopt binnenkort"
    soon = certificate(number="PSO-2023-000001", start=add_months(boundary, -24) - ONE_DAY,
                       end=boundary - ONE_DAY)
    not_yet_soon = certificate(number="PSO-2023-000002", start=add_months(boundary, -24),
                               end=boundary)
    assert entry_status(soon, on=today).code == RegisterStatus.EXPIRING_SOON
    assert entry_status(not_yet_soon, on=today).code == RegisterStatus.VALID
    assert _status_shown(client, today, "PSO-2023-000001") == "verloopt binnenkort"
    assert _status_shown(client, today, "PSO-2023-000002") == "geldig"
    # On its last day it still "verloopt binnenkort"; the day after it is gone.
    assert _status_shown(client, soon.end, "PSO-2023-000001") == "verloopt binnenkort"
    assert "PSO-2023-000001" not in _listed(client, soon.end + ONE_DAY)


def test_the_status_is_that_of_the_date_asked_about(client, today):
    certificate(number="PSO-2024-000001", start=dt.date(2024, 1, 1), end=dt.date(2025, 12, 31))
    assert _status_shown(client, today, "PSO-2024-000001") == "geldig"
    assert _status_shown(client, dt.date(2025, 10, 1), "PSO-2024-000001") == (
        "verloopt binnenkort")
