"""Who may make the supplier letter (issue 13 §6): the Accounthouder and colleagues of an
organisation with a certificate in force today; the workspace need not be on. Without such a
certificate the page explains why there is no letter; advisers and outsiders get 404."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.buyers.letter import letter_certificate
from psoportal.certification.models import Application, Certificate
from psoportal.organisations.models import Membership
from tests.buyers.letters import certify, docx_document, download, pdf_text
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(client, organisation):
    return client.get(reverse("buyers:letter", args=[organisation.pk]))


def test_a_colleague_makes_the_letter_without_the_workspace_on(login, bob, organisation):
    certify()
    client = login(bob)
    page = _page(client, organisation).content.decode()
    assert "Download PDF" in page
    assert "Terug naar Mijn overzicht" in page
    assert "workspace-nav" not in page
    assert "Voorbeeld B.V." in pdf_text(download(client, organisation, "pdf"))
    docx_document(download(client, organisation, "docx"))


def test_with_the_workspace_on_the_page_shows_the_workspace_menu(login, alice, buyer,
                                                                organisation):
    certify()
    page = _page(login(alice), organisation).content.decode()
    assert "workspace-nav" in page
    assert 'aria-current="page">Leveranciersbrief' in page


@pytest.mark.parametrize("ending", ["none", "expired", "revoked", "lapsed", "not_yet"])
def test_without_a_certificate_in_force_there_is_no_letter_to_download(login, alice,
                                                                       organisation, ending):
    today = timezone.localdate()
    if ending == "expired":
        certify(days_ago=800, end=today - dt.timedelta(days=1))
    elif ending == "revoked":
        certify(revoked_on=today)
    elif ending == "lapsed":
        certify(lapsed_on=today - dt.timedelta(days=3))
    elif ending == "not_yet":
        certify(days_ago=-5)
    client = login(alice)
    page = _page(client, organisation).content.decode()
    assert "De leveranciersbrief vraagt een PSO-certificaat dat vandaag geldig is" in page
    assert reverse("mijnpso:dashboard") in page
    assert "Download PDF" not in page and "Betreft:" not in page
    for kind in ("pdf", "docx"):
        response = download(client, organisation, kind)
        assert response.status_code == 302
        assert response["Location"] == reverse("buyers:letter", args=[organisation.pk])


def test_another_organisations_certificate_is_not_ours(login, alice, organisation):
    certify(kvk="55555555", name="Ander B.V.")
    # Our KvK number in its scope, but not as its main applicant.
    from tests.register.factories import certificate

    certificate(name="Moeder B.V.", kvks=["44444444", organisation.kvk],
                start=timezone.localdate() - dt.timedelta(days=10))
    assert letter_certificate(organisation, on=timezone.localdate()) is None
    assert "Download PDF" not in _page(login(alice), organisation).content.decode()


def test_a_certificate_of_our_own_application_counts_whatever_its_kvk(alice, organisation):
    made = certify(kvk="55555555")
    application = Application.objects.create(
        organisation=organisation, submission_key=uuid.uuid4().hex, handbook_version="2.2",
        agreement_version="1", document={}, result={}, state="awarded")
    assert letter_certificate(organisation, on=timezone.localdate()) is None
    Certificate.objects.filter(pk=made.pk).update(application=application,
                                                  source=Certificate.Source.APPLICATION)
    found = letter_certificate(organisation, on=timezone.localdate())
    assert found is not None and found.certificate == made
    assert found.level_label == "Trede 2"


def test_an_imported_certificate_is_not_matched_while_the_email_domain_awaits_approval(
        alice, organisation):
    certify()
    organisation.domain_approval = "pending"
    organisation.save()
    assert letter_certificate(organisation, on=timezone.localdate()) is None
    organisation.domain_approval = "approved"
    organisation.save()
    assert letter_certificate(organisation, on=timezone.localdate()) is not None


def test_an_outsider_gets_404_for_the_page_and_the_downloads(login, charlie, organisation):
    certify()
    client = login(charlie)
    assert _page(client, organisation).status_code == 404
    for kind in ("pdf", "docx"):
        assert download(client, organisation, kind).status_code == 404
    response = client.post(reverse("buyers:letter_recipient_add", args=[organisation.pk]),
                           {"name": "X", "kvk": "11112222", "sent_on": "2025-01-01"})
    assert response.status_code == 404
    assert not organisation.letter_recipients.exists()


def test_an_adviser_of_the_organisation_gets_404(login, organisation):
    certify()
    adviser = UserFactory(email="adviseur@advies.example")
    MembershipFactory(organisation=organisation, user=adviser, role=Membership.Role.ADVISEUR)
    client = login(adviser)
    assert _page(client, organisation).status_code == 404
    assert download(client, organisation, "pdf").status_code == 404


def test_the_downloads_take_post_only(login, alice, organisation):
    certify()
    client = login(alice)
    assert client.get(reverse("buyers:letter_pdf", args=[organisation.pk])).status_code == 405
