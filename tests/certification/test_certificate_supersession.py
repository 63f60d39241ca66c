"""Supersession (issue 10 §7, rule book §9): a new certification whose scope holds a KvK number
of a certificate in force makes the older one vervallen from the new start date; both public
pages say so."""

import datetime as dt

import pytest
from django.urls import reverse

from psoportal.certification.certificates import CertificateStatus, certificate_status
from psoportal.certification.models import Application, Certificate
from tests.certification.awarding import audited, certified, report_filed, submitted_on, thawed
from tests.factories import OrganisationFactory


@pytest.fixture
def submit(submit):
    return thawed(submit)


pytestmark = pytest.mark.django_db


def _certified_on(application, bo, day, **award):
    submitted_on(application, day)
    return certified(application, bo, **award).certificates.get(kind=Certificate.Kind.LEVEL)


@pytest.fixture
def older_and_newer(submit, complete_rekentool, bo):
    older = _certified_on(submit(complete_rekentool), bo, dt.date(2025, 8, 15))
    newer = _certified_on(submit(complete_rekentool), bo, dt.date(2026, 5, 10))
    older.refresh_from_db()
    return older, newer


def test_the_older_certificate_lapses_from_the_new_start_date(older_and_newer):
    older, newer = older_and_newer
    assert newer.start == dt.date(2026, 6, 1)
    assert older.lapsed_on == newer.start
    assert older.superseded_by == newer
    assert certificate_status(older, on=dt.date(2026, 5, 31)).status == CertificateStatus.VALID
    assert certificate_status(older, on=dt.date(2026, 6, 1)).status == CertificateStatus.LAPSED
    assert certificate_status(newer, on=dt.date(2026, 6, 1)).status == CertificateStatus.VALID


def test_both_public_pages_say_so(client, older_and_newer):
    older, newer = older_and_newer
    old_page = client.get(reverse("verify_certificate", args=[older.verification_code]))
    new_page = client.get(reverse("verify_certificate", args=[newer.verification_code]))
    old_url = reverse("verify_certificate", args=[older.verification_code])
    new_url = reverse("verify_certificate", args=[newer.verification_code])
    assert (f'Vervallen per 01-06-2026: opgevolgd door certificaat <a href="{new_url}">'
            f"{newer.number}</a>.") in old_page.text
    assert '<strong id="certificate-status">vervallen</strong>' in old_page.text
    assert (f'Volgt certificaat <a href="{old_url}">{older.number}</a> op, dat per 01-06-2026 '
            "is vervallen.") in new_page.text
    assert '<strong id="certificate-status">geldig</strong>' in new_page.text


def test_an_entity_of_another_organisation_is_enough(submit, complete_rekentool, bo, alice):
    older = _certified_on(submit(complete_rekentool), bo, dt.date(2025, 8, 15))
    # The KvK number of the main applicant now sits in another organisation's scope.
    other = submit(complete_rekentool)
    other.organisation = OrganisationFactory(kvk="55554444")
    other.document["organisation"] = {
        **other.document["organisation"], "name": "Holding B.V.", "kvk": "55554444",
        "entities": [{"name": "Voorbeeld B.V.", "kvk": "12345678"}]}
    Application.objects.filter(pk=other.pk).update(organisation=other.organisation,
                                                   document=other.document)
    newer = _certified_on(other, bo, dt.date(2026, 1, 20))
    older.refresh_from_db()
    assert (older.lapsed_on, older.superseded_by) == (dt.date(2026, 2, 1), newer)


def test_a_certification_without_a_shared_kvk_number_leaves_the_older_alone(
    submit, complete_rekentool, bo
):
    older = _certified_on(submit(complete_rekentool), bo, dt.date(2025, 8, 15))
    other = submit(complete_rekentool)
    other.document["organisation"] = {**other.document["organisation"], "kvk": "55554444"}
    Application.objects.filter(pk=other.pk).update(document=other.document)
    _certified_on(other, bo, dt.date(2026, 1, 20))
    older.refresh_from_db()
    assert older.lapsed_on is None and older.superseded_by is None


def test_expired_and_revoked_certificates_are_not_in_force_and_stay_as_they_are(
    submit, complete_rekentool, bo
):
    expired = _certified_on(submit(complete_rekentool), bo, dt.date(2022, 3, 15))
    revoked = _certified_on(submit(complete_rekentool), bo, dt.date(2025, 3, 15))
    Certificate.objects.filter(pk=revoked.pk).update(revoked_on=dt.date(2025, 6, 1))
    _certified_on(submit(complete_rekentool), bo, dt.date(2026, 5, 10))
    expired.refresh_from_db()
    revoked.refresh_from_db()
    # Ended on 31-03-2024, before the 2025 certification started: never superseded.
    assert expired.end == dt.date(2024, 3, 31)
    assert (expired.lapsed_on, expired.superseded_by) == (None, None)
    assert (revoked.lapsed_on, revoked.superseded_by) == (None, None)
    assert certificate_status(revoked, on=dt.date(2026, 6, 1)).status == "revoked"


def test_a_later_starting_certification_is_not_superseded_by_an_earlier_one(
    submit, complete_rekentool, bo
):
    first_submitted = submit(complete_rekentool)
    later = _certified_on(submit(complete_rekentool), bo, dt.date(2026, 5, 10))
    # Awarded afterwards, but submitted earlier: it is not the newer certification.
    _certified_on(first_submitted, bo, dt.date(2026, 2, 10))
    later.refresh_from_db()
    assert later.lapsed_on is None


def test_the_older_pso30plus_certificate_lapses_with_its_certification(
    submit, complete_rekentool, bo
):
    old_application = submit(complete_rekentool)
    submitted_on(old_application, dt.date(2025, 8, 15))
    report_filed(old_application, audited_result=audited(old_application, level="trede_3",
                                                         pso30plus=True))
    certified(old_application, bo, level="trede_3", pso30plus=True)
    newer = _certified_on(submit(complete_rekentool), bo, dt.date(2026, 5, 10))
    for old in old_application.certificates.all():
        assert (old.lapsed_on, old.superseded_by) == (newer.start, newer)


def test_a_pso30plus_certificate_is_succeeded_by_the_new_pso30plus_one(
    submit, complete_rekentool, bo
):
    applications = []
    for day in (dt.date(2025, 8, 15), dt.date(2026, 5, 10)):
        application = submit(complete_rekentool)
        submitted_on(application, day)
        report_filed(application, audited_result=audited(application, level="trede_3",
                                                         pso30plus=True))
        certified(application, bo, level="trede_3", pso30plus=True)
        applications.append(application)
    old, new = (a.certificates.get(kind=Certificate.Kind.PSO30PLUS) for a in applications)
    assert old.superseded_by == new
