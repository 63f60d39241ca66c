"""The applicant sees its invoices in Mijn overzicht and downloads their PDFs; members of the
organisation and PSO-Nederland's staff may, everyone else gets 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.billing.models import DiscountUse, Invoice
from psoportal.billing.services import discount_code_create, invoices_issue_due
from tests.billing.support import dates_of
from tests.certification.awarding import submitted_on


@pytest.fixture
def invoice(application):
    [invoice] = invoices_issue_due(dates_of(application).first_invoice)
    return invoice


def test_the_overview_lists_the_organisations_invoices_with_a_download(invoice, alice, login):
    page = login(alice).get(reverse("mijnpso:dashboard")).content.decode()
    assert invoice.number in page
    assert reverse("billing:invoice_pdf", args=[invoice.pk]) in page
    assert "1.905,75" in page
    assert "Nog geen facturen" not in page


def test_an_overdue_invoice_says_so(application, alice, login):
    # Submitted long ago and never paid: the first-year invoice's due date has passed.
    submitted_on(application, timezone.localdate() - dt.timedelta(days=90))
    invoices_issue_due(dates_of(application).first_invoice)
    page = login(alice).get(reverse("mijnpso:dashboard")).content.decode()
    assert "te laat" in page


def test_without_invoices_the_overview_says_none_yet(application, alice, login):
    page = login(alice).get(reverse("mijnpso:dashboard")).content.decode()
    assert "Nog geen facturen" in page


@pytest.mark.parametrize("persona", ["alice", "bob", "bo"])
def test_members_and_staff_download_the_pdf(invoice, persona, request, login):
    response = login(request.getfixturevalue(persona)).get(
        reverse("billing:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"factuur-{invoice.number}.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("persona", ["charlie", "auditor"])
def test_an_outsider_or_the_institution_gets_404_for_the_pdf(invoice, persona, request, login):
    response = login(request.getfixturevalue(persona)).get(
        reverse("billing:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 404


def test_the_applicant_uses_a_discount_code_from_the_overview(application, alice, bo, login):
    discount_code_create(code="REGIO", description="Regionale voucher", percent=None,
                         fixed_amount=200, applies_to="all",
                         valid_from=timezone.localdate(), valid_until=None, max_uses=None,
                         user=bo)
    client = login(alice)
    assert f'action="{reverse("billing:discount_redeem", args=[application.pk])}"' in \
        client.get(reverse("mijnpso:dashboard")).content.decode()
    response = client.post(reverse("billing:discount_redeem", args=[application.pk]),
                           {"code": "regio"}, follow=True)
    assert "komt op de factuur van het eerste jaar" in response.content.decode()
    assert DiscountUse.objects.filter(application=application).exists()


def test_a_refused_discount_code_says_why_and_changes_nothing(application, alice, login):
    response = login(alice).post(reverse("billing:discount_redeem", args=[application.pk]),
                                 {"code": "ONBEKEND"}, follow=True)
    assert "bestaat niet of is niet meer geldig" in response.content.decode()
    assert not DiscountUse.objects.exists()


def test_an_outsider_cannot_use_a_code_for_another_organisations_application(
        application, charlie, login):
    response = login(charlie).post(reverse("billing:discount_redeem", args=[application.pk]),
                                   {"code": "X"})
    assert response.status_code == 404
    assert not Invoice.objects.exists() and not DiscountUse.objects.exists()


def test_each_organisation_shows_only_its_own_invoices(invoice, alice, login):
    from psoportal.billing.invoices import Line, invoice_issue
    from psoportal.organisations.models import Membership
    from tests.factories import MembershipFactory, OrganisationFactory

    other = OrganisationFactory(name="Tweede B.V.", kvk="11223344")
    MembershipFactory(organisation=other, user=alice, role=Membership.Role.COLLEGA)
    theirs = invoice_issue(organisation=other, application=None, kind=Invoice.Kind.FEE,
                           period="x", on=invoice.invoice_date,
                           lines=[Line("change_of_ci", "Wijziging", Decimal("100"))])
    page = login(alice).get(reverse("mijnpso:dashboard")).content.decode()
    first = page.split(f'id="invoices-{invoice.organisation_id}"')[1].split("</section>")[0]
    second = page.split(f'id="invoices-{other.pk}"')[1].split("</section>")[0]
    assert invoice.number in first and theirs.number not in first
    assert theirs.number in second and invoice.number not in second
