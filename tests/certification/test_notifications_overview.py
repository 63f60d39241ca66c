"""What is mailed is also an item in each party's overview: Mijn overzicht for the applicant,
the institution's workspace, and the partial PSO-Nederland's workspace includes; in the viewer's
language, and never someone else's (issue 10 §10)."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from psoportal.certification.models import Notification
from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party
from tests.certification.conftest import give_quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(submit, complete_rekentool, alice, bob, auditor, bo):
    """An application submitted and withdrawn: rows for the applicant, institution and staff."""
    application = submit(complete_rekentool)
    application_transition(application=application, name="withdraw", actor=alice,
                           party=Party.APPLICANT)
    return application


def _dashboard(client) -> str:
    return client.get(reverse("mijnpso:dashboard")).content.decode()


def test_the_applicant_sees_the_items_in_mijn_overzicht_with_a_link(login, bob, withdrawn):
    page = _dashboard(login(bob))
    assert "Berichten" in page
    assert "Aanvraag Voorbeeld B.V.: geannuleerd" in page
    assert "Aanvraag Voorbeeld B.V.: ingediend" in page
    assert f'href="/mijnpso/aanvraag/{withdrawn.pk}/"' in page


def test_the_submitter_sees_the_confirmation(login, alice, withdrawn):
    assert "Bevestiging: definitieve aanvraag Voorbeeld B.V. ingediend" in _dashboard(login(alice))


def test_the_institution_sees_the_items_in_its_workspace(login, auditor, withdrawn):
    page = login(auditor).get(reverse("certification:institution")).content.decode()
    assert "Aanvraag Voorbeeld B.V.: geannuleerd" in page
    assert "Offerteaanvraag van Voorbeeld B.V." in page


def test_pso_nederland_gets_the_same_items_from_the_partial(bo, withdrawn):
    request = RequestFactory().get("/")
    request.user = bo
    html = Template('{% include "certification/partials/notifications.html" '
                    'with party="pso_nederland" %}').render(Context({"user": bo,
                                                                       "request": request}))
    assert "Aanvraag Voorbeeld B.V.: ingediend" in html
    assert "Aanvraag Voorbeeld B.V.: geannuleerd" in html


def test_an_outsider_sees_none_of_them(login, charlie, withdrawn):
    from psoportal.assessments.models import Rekentool

    # With a rekentool, Mijn overzicht is shown instead of leading to step 1.
    Rekentool.objects.create(organisation=charlie.memberships.get().organisation, name="Eigen")
    page = _dashboard(login(charlie))
    assert "Voorbeeld B.V." not in page
    assert "Nog geen berichten." in page


def test_another_institution_sees_none_of_them(login, audrey, withdrawn):
    page = login(audrey).get(reverse("certification:institution")).content.decode()
    assert "Voorbeeld B.V." not in page


def test_each_overview_shows_its_own_party_only(login, auditor, organisation, withdrawn):
    """An auditor who is also a member of the applicant sees the institution's items in the
    workspace and the applicant's in Mijn overzicht (one row each, under its first party)."""
    from psoportal.organisations.models import Membership

    Membership.objects.create(organisation=organisation, user=auditor, role="collega")
    client = login(auditor)
    workspace = client.get(reverse("certification:institution")).content.decode()
    assert "Offerteaanvraag van Voorbeeld B.V." in workspace
    assert "Offerteaanvraag van Voorbeeld B.V." not in _dashboard(client)


def test_the_items_are_in_the_viewers_language(login, client, bob, withdrawn):
    client = login(bob)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = _dashboard(client)
    assert "Messages" in page
    assert "Application Voorbeeld B.V.: cancelled" in page


def test_the_overview_shows_the_latest_ten(login, bob, withdrawn):
    Notification.objects.filter(recipient=bob).update(template="quote-received",
                                                      context={"institution": "Oud",
                                                               "party": "applicant"})
    for number in range(12):
        Notification.objects.create(recipient=bob, template="quote-received",
                                    context={"institution": f"Instelling {number:02d}",
                                             "party": "applicant", "path": "/"})
    page = _dashboard(login(bob))
    assert page.count("Offerte van ") == 10
    assert "Instelling 11" in page and "Instelling 02" in page
    assert "Instelling 01" not in page and "Oud" not in page


def test_a_name_with_markup_is_shown_as_text(login, alice, organisation, answered_rekentool,
                                             institution, auditor):
    organisation.name = "<b>Vet</b> B.V."
    organisation.save()
    give_quote(answered_rekentool, institution, auditor)
    page = login(auditor).get(reverse("certification:institution")).content.decode()
    assert "Offerteaanvraag van &lt;b&gt;Vet&lt;/b&gt; B.V." in page
    assert "<b>Vet</b>" not in page
