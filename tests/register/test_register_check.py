"""The buyer's question of rule book §11, "was this KvK number certified at level ≥ X on day
D", answered by the register's selectors (issue 12): in force across supersession, expiry and
withdrawal; the highest level when a KvK number has more than one certificate; PSO 30+ as its
own answer; "verloopt binnenkort" from the handbook; every answer in the order asked."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from psoportal.certification.models import Certificate, CertificateScope
from psoportal.methodology.dates import add_months
from psoportal.methodology.handbook import handbook_for
from psoportal.register.selectors import (
    RegisterQuery,
    kvk_checks,
    register_entries,
    register_institutions,
    register_queryset,
)
from psoportal.register.status import RegisterStatus, entry_status

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
START = dt.date(2025, 3, 1)
END = dt.date(2027, 2, 28)


def certificate(kvks=("11111111",), *, level="trede_2", kind=Certificate.Kind.LEVEL,
                start=START, end=END, name="Groen B.V.", institution="Keurmerk",
                **fields) -> Certificate:
    made = Certificate.objects.create(
        source=Certificate.Source.IMPORT, kind=kind, number=f"PSO-T-{next(_numbers):06d}",
        verification_code=f"code-{next(_numbers)}", level=level, organisation_name=name,
        city="Utrecht", institution_name=institution, handbook_version="2.2", start=start,
        end=end, **fields,
    )
    CertificateScope.objects.bulk_create(
        CertificateScope(certificate=made, kvk=kvk, name=name, is_main=index == 0)
        for index, kvk in enumerate(kvks)
    )
    return made


@pytest.mark.parametrize(("day", "certified"), [
    (START - dt.timedelta(days=1), False),  # not yet started
    (START, True),
    (END, True),
    (END + dt.timedelta(days=1), False),  # expired
])
def test_a_certificate_counts_from_its_first_to_its_last_day(day, certified):
    certificate()
    assert kvk_checks(["11111111"], on=day)[0].certified is certified


def test_a_superseded_certificate_counts_until_the_day_before_it_lapsed():
    old = certificate(level="trede_1", lapsed_on=dt.date(2026, 3, 1))
    new = certificate(level="trede_3", start=dt.date(2026, 3, 1), end=dt.date(2028, 2, 29))
    before, on_the_day = kvk_checks(["11111111"], on=dt.date(2026, 2, 28)), kvk_checks(
        ["11111111"], on=dt.date(2026, 3, 1))
    assert before[0].certificate == old
    assert on_the_day[0].certificate == new
    assert entry_status(old, on=dt.date(2026, 3, 1)).code == RegisterStatus.LAPSED


def test_a_withdrawn_certificate_was_valid_before_the_withdrawal_and_not_after():
    certificate(revoked_on=dt.date(2026, 6, 10))
    assert kvk_checks(["11111111"], on=dt.date(2026, 6, 9))[0].certified
    answer = kvk_checks(["11111111"], on=dt.date(2026, 6, 10))[0]
    assert not answer.certified and answer.certificate is None


def test_the_minimum_level_is_on_the_handbook_ladder_and_names_the_lower_certificate():
    certificate(level="trede_1")
    day = dt.date(2026, 1, 1)
    assert kvk_checks(["11111111"], on=day, min_level="basistrede")[0].certified
    assert kvk_checks(["11111111"], on=day, min_level="trede_1")[0].certified
    below = kvk_checks(["11111111"], on=day, min_level="trede_2")[0]
    assert not below.certified
    assert below.certificate.level == "trede_1"  # the buyer sees why


def test_with_two_certificates_in_force_the_highest_level_answers():
    certificate(kvks=("11111111", "22222222"), level="trede_1")
    certificate(kvks=("22222222",), level="trede_3", name="Groen Noord B.V.")
    answer = kvk_checks(["22222222"], on=dt.date(2026, 1, 1))[0]
    assert answer.certificate.level == "trede_3"


def test_pso30plus_is_its_own_answer_beside_the_level():
    level = certificate(level="trede_3")
    plus = certificate(level="trede_3", kind=Certificate.Kind.PSO30PLUS)
    answer = kvk_checks(["11111111"], on=dt.date(2026, 1, 1))[0]
    assert (answer.certificate, answer.pso30plus) == (level, plus)


def test_answers_come_in_the_order_asked_with_repeats_and_unknowns_in_two_queries():
    certificate(kvks=("11111111",))
    certificate(kvks=("33333333",), name="Blauw B.V.")
    asked = ["33333333", "99999999", "11111111", "33333333"]
    with CaptureQueriesContext(connection) as queries:
        answers = kvk_checks(asked, on=dt.date(2026, 1, 1))
    assert [a.kvk for a in answers] == asked
    assert [a.certified for a in answers] == [True, False, True, True]
    assert len(queries) <= 2


def test_expiring_soon_is_read_from_the_handbook():
    months = handbook_for(dt.date(2026, 1, 1)).register.expiring_soon_months
    made = certificate()
    # As the expiry notice counts (§9): `months` before the day after the end.
    first = add_months(END + dt.timedelta(days=1), -months)
    assert entry_status(made, on=first - dt.timedelta(days=1)).code == RegisterStatus.VALID
    assert entry_status(made, on=first).code == RegisterStatus.EXPIRING_SOON
    assert entry_status(made, on=END).code == RegisterStatus.EXPIRING_SOON
    assert entry_status(made, on=END + dt.timedelta(days=1)).code == RegisterStatus.EXPIRED


def test_a_date_before_the_first_handbook_still_searches_the_old_register():
    old = certificate(start=dt.date(2021, 1, 1), end=dt.date(2022, 12, 31), level="trede_1")
    assert kvk_checks(["11111111"], on=dt.date(2022, 6, 1), min_level="trede_1")[0].certified
    assert list(register_queryset(RegisterQuery(on=dt.date(2022, 6, 1), sort="-level"))) == [
        old]


def test_the_search_lists_only_what_is_in_force_on_the_day_asked():
    in_force = certificate(name="Groen B.V.")
    certificate(kvks=("22222222",), name="Oud B.V.", start=dt.date(2022, 1, 1),
                end=dt.date(2023, 12, 31))
    certificate(kvks=("33333333",), name="Ingetrokken B.V.", revoked_on=dt.date(2025, 6, 1))
    today = dt.date(2026, 1, 1)
    assert list(register_queryset(RegisterQuery(on=today))) == [in_force]
    found = [c.organisation_name for c in register_queryset(RegisterQuery(
        on=dt.date(2023, 6, 1)))]
    assert found == ["Oud B.V."]
    entries = register_entries(register_queryset(RegisterQuery(on=today)), on=today)
    assert entries[0].kvks == ["11111111"]


def test_the_search_filters_combine():
    certificate(kvks=("11111111",), name="Groen B.V.", level="trede_1")
    wanted = certificate(kvks=("22222222", "44444444"), name="Groen Zuid B.V.",
                         level="trede_3")
    certificate(kvks=("33333333",), name="Blauw B.V.", level="trede_3")
    query = RegisterQuery(on=dt.date(2026, 1, 1), name="groen", min_level="trede_2",
                          kvk="44444444", pso30plus=False, institution="Keurmerk",
                          place="utr", sort="-level")
    assert list(register_queryset(query)) == [wanted]


def test_the_institution_choices_name_each_institution_once():
    for _ in range(3):
        certificate()
    certificate(kvks=("22222222",), institution="Beta Cert")
    assert register_institutions() == ["Beta Cert", "Keurmerk"]
    with CaptureQueriesContext(connection) as queries:
        assert register_institutions() == ["Beta Cert", "Keurmerk"]
    assert len(queries) == 1  # the newest certificate's id only: the list is cached
    certificate(kvks=("33333333",), institution="Alfa Audit")
    assert register_institutions() == ["Alfa Audit", "Beta Cert", "Keurmerk"]
