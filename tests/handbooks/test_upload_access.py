"""A handbook version's upload, page and file are PSO-Nederland's alone: everyone else gets 404."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from psoportal.handbooks.models import HandbookVersion
from psoportal.handbooks.upload import handbook_version_upload

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = (ROOT / "docs/handbooks/2.3-synthetisch.toml").read_bytes()


@pytest.fixture
def version(bo):
    return handbook_version_upload(text=SYNTHETIC, file_name="2.3.toml", by=bo)


@pytest.mark.parametrize("persona", ["charlie", "alice", "audrey"])
def test_others_get_404_on_every_page(client, login, request, version, persona):
    login(request.getfixturevalue(persona))
    urls = [reverse("handbooks:upload"), reverse("handbooks:detail", args=[version.pk]),
            reverse("handbooks:file", args=[version.pk])]
    for url in urls:
        assert client.get(url).status_code == 404, url
    upload = SimpleUploadedFile("2.4.toml", SYNTHETIC.replace(b'"2.3"', b'"2.4"', 1))
    assert client.post(reverse("handbooks:upload"), {"file": upload}).status_code == 404
    assert HandbookVersion.objects.count() == 1


def test_staff_get_404_for_a_version_that_does_not_exist(client, login, bo, version):
    login(bo)
    assert client.get(reverse("handbooks:detail", args=[version.pk + 1])).status_code == 404
    assert client.get(reverse("handbooks:file", args=[version.pk + 1])).status_code == 404
