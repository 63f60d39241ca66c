"""The public verification page of a certificate (issue 10 §6, rule book §11): reached by an
unguessable code without logging in; it repeats the register's facts and the status in words."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.models import Application, Certificate
from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party
from tests.certification.awarding import audited, certified, report_filed, submitted_on

pytestmark = pytest.mark.django_db


def _status(response) -> str:
    return re.search(r'<strong id="certificate-status">([^<]*)</strong>', response.text).group(1)


@pytest.fixture
def certificate(submit, complete_rekentool, bo):
    application = submit(complete_rekentool)
    application.document["organisation"]["entities"] = [
        {"name": "Voorbeeld Noord B.V.", "kvk": "87654321"}]
    Application.objects.filter(pk=application.pk).update(document=application.document)
    submitted_on(application, timezone.localdate() - dt.timedelta(days=40))
    return certified(application, bo).certificates.get()


def _page(client, certificate):
    return client.get(reverse("verify_certificate", args=[certificate.verification_code]))


def test_anyone_sees_it_without_logging_in(client, certificate):
    response = _page(client, certificate)
    assert response.status_code == 200
    assert _status(response) == "geldig"


def test_it_repeats_the_facts_of_the_register(client, certificate, institution):
    text = _page(client, certificate).text
    for fact in ("Voorbeeld B.V.", "Utrecht", "Trede 2", certificate.number, institution.name,
                 "12345678", "87654321", "Voorbeeld Noord B.V.",
                 certificate.start.strftime("%d-%m-%Y"), certificate.end.strftime("%d-%m-%Y")):
        assert fact in text, fact
    assert f"Geldig van {certificate.start:%d-%m-%Y} tot en met {certificate.end:%d-%m-%Y}." in text
    assert "trede_2" not in text


def test_the_level_label_comes_from_the_certificates_handbook_in_english_too(client,
                                                                            certificate):
    client.cookies["pso_language"] = "en"
    response = _page(client, certificate)
    assert "Level 2" in response.text
    assert _status(response) == "valid"


def test_an_unknown_code_is_404(client, certificate):
    assert client.get(reverse("verify_certificate", args=["x" * 43])).status_code == 404
    assert client.get(reverse("verify_certificate", args=["x" * 400])).status_code == 404


def test_the_number_or_the_id_does_not_open_it(client, certificate):
    assert client.get(reverse("verify_certificate", args=[certificate.number])).status_code == 404
    assert client.get(reverse("verify_certificate", args=[str(certificate.pk)])).status_code == 404


def test_a_withdrawn_certificate_says_ingetrokken_with_the_date(client, certificate, alice):
    application_transition(application=certificate.application, name="withdraw", actor=alice,
                           party=Party.APPLICANT)
    response = _page(client, certificate)
    assert _status(response) == "ingetrokken"
    assert f"Ingetrokken per {timezone.localdate():%d-%m-%Y}." in response.text
    # The ground of a withdrawal is for the parties, not the public page.
    assert "ingetrokken door" not in response.text


def test_an_expired_certificate_says_verlopen(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        start=dt.date(2021, 1, 1), end=dt.date(2022, 12, 31))
    response = _page(client, certificate)
    assert _status(response) == "verlopen"
    assert "Verlopen: geldig tot en met 31-12-2022." in response.text


def test_the_pso30plus_certificate_and_its_level_certificate_point_at_each_other(
    client, submit, complete_rekentool, bo
):
    application = submit(complete_rekentool)
    report_filed(application, audited_result=audited(application, level="trede_3",
                                                     pso30plus=True))
    certified(application, bo, level="trede_3", pso30plus=True)
    level = application.certificates.get(kind=Certificate.Kind.LEVEL)
    pso30 = application.certificates.get(kind=Certificate.Kind.PSO30PLUS)
    level_page, pso30_page = _page(client, level).text, _page(client, pso30).text
    pso30_url = reverse("verify_certificate", args=[pso30.verification_code])
    level_url = reverse("verify_certificate", args=[level.verification_code])
    assert f'ja, apart certificaat <a href="{pso30_url}">{pso30.number}</a>' in level_page
    assert f"Certificaat PSO 30+ {pso30.number}" in pso30_page
    assert f'bij certificaat <a href="{level_url}">{level.number}</a>' in pso30_page
