"""`make run` has a register to search (issue 12 §5): seed_demo loads 200 certificates of the old
portal's register through the import, and a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from psoportal.certification.models import Certificate
from psoportal.register.demo import demo_register_csv, demo_register_import
from psoportal.register.models import RegisterImport
from psoportal.register.status import RegisterStatus, entry_status

pytestmark = pytest.mark.django_db

DEMO_KVKS = {"12345678", "87654321", "30100001", "30100002", "23456789", "34567890",
             "45678901", "11223344"}


def _register():
    return sorted(Certificate.objects.filter(source="import").values_list(
        "number", "kind", "level", "organisation_name", "start", "end", "lapsed_on",
        "revoked_on", "verification_code", "superseded_by"))


def test_seed_demo_loads_200_imported_certificates_and_a_second_run_changes_nothing():
    call_command("seed_demo")
    imported = Certificate.objects.filter(source="import", application=None)
    assert imported.count() == 200
    assert RegisterImport.objects.filter(status="applied", new=200).count() == 1
    before = _register()
    call_command("seed_demo")
    assert _register() == before
    assert RegisterImport.objects.count() == 1


def test_the_demo_register_has_every_status_level_and_several_institutions():
    demo_register_import()
    today = timezone.localdate()
    certificates = list(Certificate.objects.prefetch_related("scope"))
    statuses = Counter(entry_status(c, on=today).code for c in certificates)
    for status in (RegisterStatus.VALID, RegisterStatus.EXPIRING_SOON, RegisterStatus.EXPIRED,
                   RegisterStatus.LAPSED, RegisterStatus.REVOKED):
        assert statuses[status] >= 3, statuses
    assert Counter(c.kind for c in certificates)["pso30plus"] == 12
    assert {c.level for c in certificates} == {"aspirant", "basistrede", "trede_1", "trede_2",
                                               "trede_3"}
    assert len({c.institution_name for c in certificates}) >= 3
    kvks = {row.kvk for c in certificates for row in c.scope.all()}
    assert not kvks & DEMO_KVKS
    assert sum(1 for c in certificates if c.scope.count() > 1) >= 10
    assert all(c.supplier_turnover for c in certificates if entry_status(c, on=today).in_force)


def test_the_demo_file_is_the_same_all_month_and_moves_with_the_month():
    first, later = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    assert demo_register_csv(first) == demo_register_csv(later)
    assert demo_register_csv(first) != demo_register_csv(dt.date(2026, 4, 1))


def test_on_a_fresh_demo_anyone_finds_and_verifies_the_demo_certificate_on_the_site_and_api(
        client):
    # Issue 12 "Done when": the register page, the verification page and the API all answer
    # for the certificate seed_demo prints, without logging in.
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    certificate = Certificate.objects.get(source="application", kind="level")
    kvk = certificate.scope.get(is_main=True).kvk
    assert f"/api/v1/check?kvk={kvk}" in out.getvalue()

    page = client.get("/register/", {"naam": certificate.organisation_name[:6]})
    assert certificate.number in page.content.decode()
    verification = client.get(f"/certificaat/{certificate.verification_code}/")
    assert "geldig" in verification.content.decode()
    found = client.get("/register/controleren/", {"nummer": certificate.number})
    assert found.status_code == 302
    assert found["Location"].endswith(f"/certificaat/{certificate.verification_code}/")

    check = client.get("/api/v1/check", {"kvk": kvk}).json()
    assert check["certified"] is True
    assert check["certificate"]["number"] == certificate.number
    assert client.get(f"/api/v1/certificates/{certificate.number}").status_code == 200
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/v1/openapi.json").json()["openapi"].startswith("3.")
