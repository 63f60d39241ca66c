"""Step 6 checks on the server what keeps a rekentool from being submitted, and lists each item
with a link to where it is put right: the approval of a deviating e-mail domain, names in the
references, an earlier submission (issue 10 §3; rule book §2)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.models import Application
from psoportal.certification.services import PreconditionsNotMet, application_preconditions

pytestmark = pytest.mark.django_db


def _texts(tool):
    return [m.text for m in application_preconditions(tool, on=timezone.localdate())]


def _step6(client, tool) -> str:
    return client.get(reverse("certification:step6", args=[tool.pk])).content.decode()


def test_a_complete_rekentool_has_nothing_missing(complete_rekentool):
    assert _texts(complete_rekentool) == []


@pytest.mark.parametrize("approval", ["pending", "rejected"])
def test_a_deviating_domain_not_approved_blocks_the_submission(
    approval, complete_rekentool, organisation, submit
):
    organisation.domain_approval = approval
    organisation.save()
    [missing] = application_preconditions(complete_rekentool, on=timezone.localdate())
    assert "e-maildomein" in missing.text
    assert missing.url == reverse("organisations:detail", args=[organisation.pk])
    with pytest.raises(PreconditionsNotMet):
        submit(complete_rekentool)
    assert not Application.objects.exists()


@pytest.mark.parametrize("approval", ["not_needed", "approved"])
def test_an_approved_or_unneeded_domain_lets_it_through(approval, complete_rekentool,
                                                        organisation):
    organisation.domain_approval = approval
    organisation.save()
    assert _texts(complete_rekentool) == []


def test_the_step_6_page_links_the_domain_item_to_the_organisation(
    login, alice, complete_rekentool, organisation
):
    organisation.domain_approval = "pending"
    organisation.save()
    page = _step6(login(alice), complete_rekentool)
    assert f'<a href="/organisatie/{organisation.pk}/">PSO-Nederland moet de toelichting' in page
    assert "Definitieve aanvraag indienen" not in page


def test_a_reference_that_looks_like_a_name_blocks_the_submission(complete_rekentool, submit):
    complete_rekentool.employees.filter(ref="D-002").update(ref="Jan de Vries")
    [missing] = application_preconditions(complete_rekentool, on=timezone.localdate())
    assert "Jan de Vries" in missing.text and "lijkt een naam" in missing.text
    assert missing.url == reverse("mijnpso:target_group", args=[complete_rekentool.pk])
    with pytest.raises(PreconditionsNotMet):
        submit(complete_rekentool)


def test_codes_and_company_names_of_suppliers_are_no_names(complete_rekentool):
    from psoportal.assessments.models import Purchase

    Purchase.objects.create(rekentool=complete_rekentool, supplier="Jansen Bouw",
                            kind="pso_certified", amount=1000)
    complete_rekentool.employees.filter(ref="D-002").update(ref="TEAM-NOORD-3")
    assert not [t for t in _texts(complete_rekentool) if "naam" in t]


def test_many_names_are_listed_by_the_first_three(complete_rekentool):
    for ref, name in (("D-001", "Jan de Vries"), ("D-002", "Piet Jansen"),
                      ("D-003", "Anne-Marie Bakker")):
        complete_rekentool.employees.filter(ref=ref).update(ref=name)
    [text] = _texts(complete_rekentool)
    assert "Jan de Vries, Piet Jansen, Anne-Marie Bakker" in text


def test_a_submitted_rekentool_cannot_be_submitted_again(complete_rekentool, submit):
    submit(complete_rekentool)
    complete_rekentool.refresh_from_db()
    [missing] = application_preconditions(complete_rekentool, on=timezone.localdate())
    assert "al ingediend" in missing.text
    assert missing.url == reverse("mijnpso:copy", args=[complete_rekentool.pk])
    with pytest.raises(PreconditionsNotMet):
        submit(complete_rekentool)
    assert Application.objects.count() == 1


def test_each_missing_step_links_to_its_page(login, alice, rekentool):
    page = _step6(login(alice), rekentool)
    assert f'<a href="/mijnpso/rekentool/{rekentool.pk}/kwalitatief/">Stap 5' in page
    assert '<a href="#quotes-title">Stap 6' in page
