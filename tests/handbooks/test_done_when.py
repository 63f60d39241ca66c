"""Issue 14, "Done when", on a fresh demo: PSO-Nederland uploads the synthetic 2.3, sees the
diff and the impact preview, publishes it; the scheduler runs "as of" its effective date; the
demo applicant's rekentool shows the banner with the level before and after. All through the
pages, as the people involved would do it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from psoportal.accounts.models import User
from psoportal.assessments.models import Rekentool
from psoportal.handbooks.models import DraftMigration, HandbookVersion
from psoportal.organisations.demo import demo_applicant
from tests.conftest import full_login
from tests.handbooks.conftest import SYNTHETIC_PATH

pytestmark = pytest.mark.django_db


def test_staff_upload_preview_and_publish_then_the_date_moves_the_demo_applicants_draft(
        capsys, django_capture_on_commit_callbacks):
    call_command("seed_demo")
    staff = full_login(Client(), User.objects.get(email="bo@pso-nederland.demo"))

    response = staff.post(reverse("handbooks:upload"), {"file": SimpleUploadedFile(
        SYNTHETIC_PATH.name, SYNTHETIC_PATH.read_bytes(), content_type="application/toml")})
    version = HandbookVersion.objects.get(version="2.3")
    assert response["Location"] == reverse("handbooks:detail", args=[version.pk])
    detail = staff.get(response["Location"]).content.decode()
    assert "ID-baan" in detail and "inwerkplan" in detail

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("handbooks:preview_start", args=[version.pk]))
    version.refresh_from_db()
    assert version.preview_state == HandbookVersion.PreviewState.DONE
    assert version.preview_done == version.preview_total >= 1
    assert staff.get(reverse("handbooks:preview", args=[version.pk])).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("handbooks:publish", args=[version.pk]))
    version.refresh_from_db()
    assert version.state == HandbookVersion.State.PUBLISHED
    assert "Het PSO-handboek versie 2.3 gaat in op 01-04-2027" in Client().get("/").content.decode()

    call_command("run_schedule", "--as-of", "2027-03-31")
    assert not DraftMigration.objects.exists()
    call_command("run_schedule", "--as-of", "2027-04-01")
    version.refresh_from_db()
    assert version.state == HandbookVersion.State.MIGRATED

    organisation = demo_applicant()
    draft = Rekentool.objects.filter(organisation=organisation, frozen_at__isnull=True).first()
    record = DraftMigration.objects.get(rekentool=draft)
    applicant = full_login(Client(), organisation.memberships.get(
        role="accounthouder").user)
    page = applicant.get(reverse("mijnpso:data", args=[draft.pk])).content.decode()
    assert "Sinds 01-04-2027 geldt handboek 2.3" in page
    assert record.level_before and record.level_after
