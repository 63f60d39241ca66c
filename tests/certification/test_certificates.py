"""Issuing certificates when the first-year invoice is paid (issue 10 §6): number, unguessable
code, the dates of the rule book (§9), the scope of KvK numbers, the CI, a separate PSO 30+
certificate; withdrawn with the application; and the status on a date."""

import datetime as dt
import re

import pytest

from psoportal.certification.certificates import (
    CertificateStatus,
    certificate_dates,
    certificate_status,
)
from psoportal.certification.models import Application, Certificate
from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party, State
from tests.certification.awarding import audited, certified, report_filed, submitted_on, thawed


@pytest.fixture
def submit(submit):
    return thawed(submit)


pytestmark = pytest.mark.django_db


@pytest.fixture
def application(submit, complete_rekentool):
    return submit(complete_rekentool)


@pytest.mark.parametrize(("submitted", "start", "end", "notice"), [
    # §9: "15 August → 1 September; 1 August → 1 September"; end = start + 2 years − 1 day;
    # the expiry notice 3 months before the day after the end.
    (dt.date(2025, 8, 15), dt.date(2025, 9, 1), dt.date(2027, 8, 31), dt.date(2027, 6, 1)),
    (dt.date(2025, 8, 1), dt.date(2025, 9, 1), dt.date(2027, 8, 31), dt.date(2027, 6, 1)),
    (dt.date(2025, 8, 31), dt.date(2025, 9, 1), dt.date(2027, 8, 31), dt.date(2027, 6, 1)),
    (dt.date(2025, 12, 10), dt.date(2026, 1, 1), dt.date(2027, 12, 31), dt.date(2027, 10, 1)),
])
def test_dates_follow_the_rule_book(application, bo, submitted, start, end, notice):
    submitted_on(application, submitted)
    dates = certificate_dates(application)
    assert (dates.certificate_start, dates.certificate_end, dates.expiry_notice) == (
        start, end, notice)
    certified(application, bo)
    certificate = application.certificates.get()
    assert (certificate.start, certificate.end) == (start, end)


def test_the_submission_day_is_the_day_in_amsterdam(application):
    # 00:30 on 1 September in Amsterdam is still 31 August in UTC: a September submission.
    submitted_on(application, dt.date(2025, 9, 1), hour=0)
    assert certificate_dates(application).certificate_start == dt.date(2025, 10, 1)


def test_the_certificate_carries_the_facts_of_the_register(application, bo, organisation,
                                                          institution):
    certified(application, bo)
    certificate = application.certificates.get()
    assert re.fullmatch(r"PSO-\d{4}-\d{6}", certificate.number)
    assert certificate.level == "trede_2"
    assert certificate.organisation_name == organisation.name
    assert certificate.city == organisation.city
    assert certificate.institution_name == institution.name
    assert certificate.handbook_version == application.handbook_version
    assert certificate.kind == Certificate.Kind.LEVEL


def test_the_verification_code_is_long_random_and_not_the_number(submit, complete_rekentool,
                                                                bo):
    codes = set()
    for _ in range(2):
        certified(submit(complete_rekentool), bo)
    for certificate in Certificate.objects.all():
        assert len(certificate.verification_code) == 43  # 256 bits, URL-safe
        assert certificate.number not in certificate.verification_code
        codes.add(certificate.verification_code)
    assert len(codes) == 2


def test_numbers_count_up_within_the_year(submit, complete_rekentool, bo):
    first = certified(submit(complete_rekentool), bo).certificates.get().number
    second = certified(submit(complete_rekentool), bo).certificates.get().number
    prefix, year, sequence = first.split("-")
    assert second == f"{prefix}-{year}-{int(sequence) + 1:06d}"


def test_the_scope_holds_every_kvk_number_of_the_frozen_application_main_first(application,
                                                                              bo):
    application.document["organisation"]["entities"] = [
        {"name": "Voorbeeld Noord B.V.", "kvk": "87654321"},
        {"name": "Voorbeeld Zuid B.V.", "kvk": "87654322"},
    ]
    Application.objects.filter(pk=application.pk).update(document=application.document)
    certified(application, bo)
    scope = list(application.certificates.get().scope.values_list("kvk", "name", "is_main"))
    assert scope == [
        ("12345678", "Voorbeeld B.V.", True),
        ("87654321", "Voorbeeld Noord B.V.", False),
        ("87654322", "Voorbeeld Zuid B.V.", False),
    ]
    # The register's name search finds it by any of them (issue 12).
    from psoportal.register.selectors import RegisterQuery, register_queryset

    found = register_queryset(RegisterQuery(on=application.certificates.get().start,
                                            name="zuid b.v"))
    assert list(found) == [application.certificates.get()]


def test_pso30plus_gets_a_separate_certificate_of_its_own(application, bo):
    report_filed(application, audited_result=audited(application, level="trede_3",
                                                     pso30plus=True))
    certified(application, bo, level="trede_3", pso30plus=True)
    level, pso30 = application.certificates.order_by("kind")
    assert (level.kind, pso30.kind) == (Certificate.Kind.LEVEL, Certificate.Kind.PSO30PLUS)
    assert level.number != pso30.number
    assert level.verification_code != pso30.verification_code
    assert (pso30.start, pso30.end, pso30.level) == (level.start, level.end, "trede_3")
    assert pso30.scope.count() == level.scope.count() == 1


def test_without_pso30plus_awarded_there_is_one_certificate(application, bo):
    report_filed(application, audited_result=audited(application, level="trede_3",
                                                     pso30plus=True))
    certified(application, bo, level="trede_3", pso30plus=False)
    assert application.certificates.count() == 1


def test_a_second_payment_click_issues_nothing_more(application, bo):
    certified(application, bo)
    with pytest.raises(Exception, match="toegekend"):
        application_transition(application=application, name="payment_received", actor=bo,
                               party=Party.PSO_NEDERLAND)
    assert application.certificates.count() == 1


def test_withdrawal_after_the_award_revokes_the_certificates(application, bo, alice):
    report_filed(application, audited_result=audited(application, level="trede_3",
                                                     pso30plus=True))
    certified(application, bo, level="trede_3", pso30plus=True)
    application_transition(application=application, name="withdraw", actor=alice,
                           party=Party.APPLICANT)
    assert application.state == State.CANCELLED
    for certificate in application.certificates.all():
        assert certificate.revoked_on == dt.date.today()
        assert certificate.revoked_reason == "withdraw"
        status = certificate_status(certificate, on=dt.date.today())
        assert (status.status, status.label) == (CertificateStatus.REVOKED, "ingetrokken")


def test_pso_nederlands_cancellation_after_the_award_revokes_with_its_ground(application, bo):
    certified(application, bo)
    application_transition(application=application, name="cancel", actor=bo,
                           party=Party.PSO_NEDERLAND, reason="cancel_personal_data")
    certificate = application.certificates.get()
    assert certificate.revoked_reason == "cancel_personal_data"


def test_a_withdrawal_before_the_award_has_nothing_to_revoke(application, alice):
    report_filed(application)
    application_transition(application=application, name="withdraw", actor=alice,
                           party=Party.APPLICANT)
    assert not Certificate.objects.exists()


def _certificate(**dates) -> Certificate:
    base = {"start": dt.date(2025, 9, 1), "end": dt.date(2027, 8, 31)}
    return Certificate(**{**base, **dates})


@pytest.mark.parametrize(("fields", "on", "status", "since"), [
    ({}, dt.date(2025, 9, 1), "valid", dt.date(2025, 9, 1)),
    ({}, dt.date(2027, 8, 31), "valid", dt.date(2025, 9, 1)),
    ({}, dt.date(2027, 9, 1), "expired", dt.date(2027, 9, 1)),
    ({}, dt.date(2025, 8, 31), "not_yet", dt.date(2025, 9, 1)),
    ({"lapsed_on": dt.date(2026, 6, 1)}, dt.date(2026, 5, 31), "valid", dt.date(2025, 9, 1)),
    ({"lapsed_on": dt.date(2026, 6, 1)}, dt.date(2026, 6, 1), "lapsed", dt.date(2026, 6, 1)),
    ({"lapsed_on": dt.date(2026, 6, 1)}, dt.date(2028, 1, 1), "lapsed", dt.date(2026, 6, 1)),
    ({"revoked_on": dt.date(2026, 3, 3)}, dt.date(2026, 3, 2), "valid", dt.date(2025, 9, 1)),
    ({"revoked_on": dt.date(2026, 3, 3)}, dt.date(2026, 3, 3), "revoked", dt.date(2026, 3, 3)),
    # The first ending decides: lapsed before it was revoked stays lapsed, and the other way.
    ({"lapsed_on": dt.date(2026, 6, 1), "revoked_on": dt.date(2026, 7, 1)},
     dt.date(2026, 8, 1), "lapsed", dt.date(2026, 6, 1)),
    ({"lapsed_on": dt.date(2026, 6, 1), "revoked_on": dt.date(2026, 5, 1)},
     dt.date(2026, 8, 1), "revoked", dt.date(2026, 5, 1)),
    # Revoked after it had run out: it was verlopen first.
    ({"revoked_on": dt.date(2028, 1, 1)}, dt.date(2028, 2, 1), "expired", dt.date(2027, 9, 1)),
])
def test_the_status_on_a_date(fields, on, status, since):
    standing = certificate_status(_certificate(**fields), on=on)
    assert (standing.status, standing.since) == (status, since)


def test_the_statuses_have_dutch_and_english_names():
    from django.utils import translation

    labels = {status: str(status.label) for status in CertificateStatus}
    assert labels == {"not_yet": "nog niet geldig", "valid": "geldig", "expired": "verlopen",
                      "lapsed": "vervallen", "revoked": "ingetrokken"}
    with translation.override("en"):
        assert str(CertificateStatus.VALID.label) == "valid"
        assert str(CertificateStatus.LAPSED.label) == "lapsed"
