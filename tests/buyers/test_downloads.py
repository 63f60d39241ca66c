"""Every download of the buyer workspace (security: certificate and report downloads): only for
the buyer's own people, an attachment with a filename the server makes, never sniffed as
another type, never kept in a cache; an outsider gets 404 for each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.buyers.assessments import assessment_create
from psoportal.buyers.models import Supplier
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def downloads(buyer, alice, organisation):
    start = timezone.localdate() - dt.timedelta(days=30)
    certificate(name="Voorbeeld B.V.", kvks=[organisation.kvk], level="trede_2", start=start)
    certificate(name="Groen <script> B.V.", kvks=["11112222"], level="trede_1", start=start)
    supplier = Supplier.objects.create(buyer=buyer, kvk="11112222", name="Groen <script> B.V.",
                                       contract_value=100_000)
    assessment = assessment_create(buyer=buyer, on=timezone.localdate(), note="", by=alice)
    org = organisation.pk
    return [
        ("GET", reverse("buyers:suppliers_export", args=[org, "xlsx"])),
        ("GET", reverse("buyers:suppliers_export", args=[org, "csv"])),
        ("GET", reverse("buyers:assessment_export", args=[org, assessment.pk, "xlsx"])),
        ("GET", reverse("buyers:assessment_export", args=[org, assessment.pk, "csv"])),
        ("GET", reverse("buyers:social_return_report", args=[org, supplier.pk, "pdf"])),
        ("GET", reverse("buyers:social_return_report", args=[org, supplier.pk, "csv"])),
        ("POST", reverse("buyers:letter_pdf", args=[org])),
        ("POST", reverse("buyers:letter_docx", args=[org])),
    ]


def _fetch(client, method, url):
    return client.post(url) if method == "POST" else client.get(url)


def test_each_download_is_a_private_attachment_with_a_server_made_name(login, alice,
                                                                       downloads):
    client = login(alice)
    for method, url in downloads:
        response = _fetch(client, method, url)
        assert response.status_code == 200, url
        disposition = response["Content-Disposition"]
        assert disposition.startswith('attachment; filename="'), url
        assert "<" not in disposition and "script" not in disposition, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert "no-store" in response["Cache-Control"], url


def test_an_outsider_gets_404_for_each_download(login, charlie, downloads):
    client = login(charlie)
    for method, url in downloads:
        assert _fetch(client, method, url).status_code == 404, url
