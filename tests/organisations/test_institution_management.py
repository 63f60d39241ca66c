"""PSO-Nederland keeps the list of certifying institutions (issue 10 item 1)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from psoportal.core.models import AuditEvent
from psoportal.organisations.models import (
    CertifyingInstitution,
    InstitutionInvitation,
    InstitutionMembership,
)
from tests.assessments.conftest import rekentool  # noqa: F401 (fixture)
from tests.core.test_navigation import _current_items

pytestmark = pytest.mark.django_db

LIST = reverse("organisations:institutions")
NEW = reverse("organisations:institution_new")

VALID = {
    "name": "Nieuwe Certificering B.V.", "kvk": "30100009", "city": "Arnhem",
    "website": "https://nieuwe-cert.example", "accreditation": "RvA C 777",
    "accreditation_valid_until": "2030-06-30", "contact_name": "Nina Nieuw",
    "contact_email": "Nina@Nieuwe-Cert.example", "contact_phone": "026 123 45 67",
}


def _edit(institution):
    return reverse("organisations:institution_edit", args=[institution.pk])


def _active(institution):
    return reverse("organisations:institution_active", args=[institution.pk])


def test_staff_see_every_institution_with_its_users_and_whether_it_is_active(
    client, bo, login, institution, other_institution, auditor
):
    other_institution.is_active = False
    other_institution.save()
    content = login(bo).get(LIST).content.decode()
    assert "Keurmerk Certificering B.V." in content
    assert "Sociaal Audit Instituut B.V." in content
    assert "Niet actief" in content
    rows = {i.name: i for i in client.get(LIST).context["institutions"]}
    assert rows["Keurmerk Certificering B.V."].member_count == 1
    assert rows["Sociaal Audit Instituut B.V."].member_count == 0


def test_an_expired_accreditation_is_flagged_in_the_list(client, bo, login, institution):
    institution.accreditation = "RvA C 1"
    institution.accreditation_valid_until = timezone.localdate() - dt.timedelta(days=1)
    institution.save()
    content = login(bo).get(LIST).content.decode()
    assert "verlopen" in content
    assert institution.accreditation_valid_until.strftime("%d-%m-%Y") in content


def test_staff_add_an_institution_with_accreditation_and_contact(client, bo, login):
    login(bo)
    response = client.post(NEW, VALID)
    institution = CertifyingInstitution.objects.get(kvk="30100009")
    assert response["Location"] == reverse("organisations:institution_detail",
                                           args=[institution.pk])
    assert institution.accreditation == "RvA C 777"
    assert institution.accreditation_valid_until == dt.date(2030, 6, 30)
    assert institution.contact_name == "Nina Nieuw"
    assert institution.contact_email == "nina@nieuwe-cert.example"
    assert institution.contact_phone == "026 123 45 67"
    assert institution.is_active
    assert AuditEvent.objects.filter(action="institution_create", actor=bo).exists()


def test_the_accreditation_end_date_is_optional(client, bo, login):
    login(bo)
    client.post(NEW, {**VALID, "accreditation_valid_until": ""})
    assert CertifyingInstitution.objects.get(kvk="30100009").accreditation_valid_until is None


def test_staff_edit_an_institution(client, bo, login, institution):
    login(bo)
    page = client.get(_edit(institution))
    assert page.context["form"].initial["name"] == institution.name
    response = client.post(_edit(institution), {**VALID, "kvk": institution.kvk,
                                                "contact_name": "Karin Keurmerk"})
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.name == "Nieuwe Certificering B.V."
    assert institution.contact_name == "Karin Keurmerk"
    event = AuditEvent.objects.get(action="institution_update")
    assert "contact_name" in event.changes["fields"]
    assert "kvk" not in event.changes["fields"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "", "Dit veld is verplicht."),
    ("kvk", "1234", "Een KvK-nummer bestaat uit 8 cijfers."),
    ("kvk", "1234567a", "Een KvK-nummer bestaat uit 8 cijfers."),
    ("accreditation", "", "Dit veld is verplicht."),
    ("contact_name", "", "Dit veld is verplicht."),
    ("contact_email", "geen-adres", "Voer een geldig e-mailadres in."),
    ("contact_phone", "bel me", "Vul een geldig telefoonnummer in."),
    ("website", "niet een website", "Voer een geldige URL in."),
    ("accreditation_valid_until", "31-02-2030", "Voer een geldige datum in."),
    ("name", "x" * 201,
     "Zorg dat deze waarde niet meer dan 200 tekens bevat (het zijn er nu 201)."),
])
def test_an_invalid_form_gives_a_dutch_field_error_and_creates_nothing(
    client, bo, login, field, value, message
):
    login(bo)
    response = client.post(NEW, {**VALID, field: value})
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not CertifyingInstitution.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_form_takes_its_lengths_from_the_model(client, bo, login):
    form = login(bo).get(NEW).context["form"]
    for name in ("name", "city", "accreditation", "contact_name", "contact_phone"):
        column = CertifyingInstitution._meta.get_field(name).max_length
        assert form.fields[name].max_length == column


def test_a_name_or_kvk_number_of_another_institution_is_a_field_error(
    client, bo, login, institution, other_institution
):
    login(bo)
    response = client.post(NEW, {**VALID, "kvk": institution.kvk})
    assert response.status_code == 400
    assert response.context["form"].errors["kvk"] == [
        "Er is al een certificerende instelling met dit KvK-nummer."]
    response = client.post(_edit(other_institution), {
        **VALID, "name": institution.name.upper(), "kvk": other_institution.kvk})
    assert response.context["form"].errors["name"] == [
        "Er is al een certificerende instelling met deze naam."]
    other_institution.refresh_from_db()
    assert other_institution.name == "Sociaal Audit Instituut B.V."
    assert CertifyingInstitution.objects.count() == 2


def test_an_invalid_edit_changes_nothing(client, bo, login, institution):
    login(bo)
    before = CertifyingInstitution.objects.values().get(pk=institution.pk)
    response = client.post(_edit(institution), {**VALID, "kvk": institution.kvk,
                                                "contact_email": "fout"})
    assert response.status_code == 400
    assert CertifyingInstitution.objects.values().get(pk=institution.pk) == before


def test_staff_deactivate_and_activate_an_institution(client, bo, login, institution):
    login(bo)
    client.post(_active(institution), {"active": "0"})
    institution.refresh_from_db()
    assert not institution.is_active
    assert AuditEvent.objects.filter(action="institution_deactivate").exists()
    client.post(_active(institution), {"active": "1"})
    institution.refresh_from_db()
    assert institution.is_active


def test_an_inactive_institution_is_not_offered_for_quote_requests(
    client, bo, login, institution, other_institution
):
    from psoportal.certification.forms import QuoteRequestForm

    login(bo).post(_active(other_institution), {"active": "0"})
    offered = list(QuoteRequestForm().fields["institutions"].queryset)
    assert offered == [institution]
    form = QuoteRequestForm({"institutions": [other_institution.pk]})
    assert not form.is_valid()


def test_the_quote_request_service_refuses_an_inactive_institution(
    rekentool, alice, institution  # noqa: F811 (the fixture)
):
    from psoportal.certification.models import QuoteRequest
    from psoportal.certification.quotes import QuoteRefused, quote_request_create

    institution.is_active = False
    institution.save()
    with pytest.raises(QuoteRefused):
        quote_request_create(rekentool=rekentool, user=alice, institutions=[institution])
    assert not QuoteRequest.objects.exists()


# -- nobody but PSO-Nederland ----------------------------------------------------------------------


def _management_requests(institution, invitation, membership):
    pk = institution.pk
    return [
        ("get", LIST, None),
        ("get", NEW, None),
        ("post", NEW, VALID),
        ("get", reverse("organisations:institution_detail", args=[pk]), None),
        ("get", _edit(institution), None),
        ("post", _edit(institution), {**VALID, "kvk": institution.kvk}),
        ("post", _active(institution), {"active": "0"}),
        ("post", reverse("organisations:institution_invite", args=[pk]),
         {"email": "nieuw@keurmerk.example", "role": "beheerder"}),
        ("post", reverse("organisations:institution_invitation_revoke",
                         args=[pk, invitation.pk]), None),
        ("post", reverse("organisations:institution_member_remove",
                         args=[pk, membership.pk]), None),
    ]


@pytest.mark.parametrize("persona", ["alice", "charlie", "auditor", "beheerder"])
def test_everyone_but_pso_nederland_gets_404_on_every_management_page(
    client, login, request, persona, institution, auditor, beheerder
):
    invitation = InstitutionInvitation.objects.create(
        institution=institution, email="open@keurmerk.example", role="auditor",
        expires_at=timezone.now() + dt.timedelta(days=7))
    membership = InstitutionMembership.objects.get(user=auditor)
    login(request.getfixturevalue(persona))
    before = list(CertifyingInstitution.objects.values())
    for method, url, data in _management_requests(institution, invitation, membership):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 404, (method, url)
    assert list(CertifyingInstitution.objects.values()) == before
    assert InstitutionMembership.objects.filter(pk=membership.pk).exists()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert InstitutionInvitation.objects.count() == 1
    assert not AuditEvent.objects.exists()
    assert mail.outbox == []


def test_an_anonymous_visitor_is_sent_to_the_login(client, institution):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_institution_is_404_for_staff_too(client, bo, login):
    assert login(bo).get(reverse("organisations:institution_detail", args=[999])).status_code \
        == 404


# -- the menu --------------------------------------------------------------------------------------


def test_staff_find_pso_nederland_in_the_menu_and_it_is_current_on_the_list(client, bo, login):
    content = login(bo).get(LIST).content.decode()
    assert _current_items(content) == [LIST]
    assert ">PSO-Nederland<" in content


@pytest.mark.parametrize("persona", ["alice", "auditor"])
def test_others_do_not_see_the_pso_nederland_menu_item(client, login, request, persona):
    content = login(request.getfixturevalue(persona)).get(reverse("core:home")).content.decode()
    assert LIST not in content


# -- demo data -------------------------------------------------------------------------------------


def test_demo_data_has_two_active_institutions_with_one_auditor_each(capsys):
    call_command("seed_demo")
    institutions = CertifyingInstitution.objects.filter(is_active=True)
    assert institutions.count() == 2
    out = capsys.readouterr().out
    for institution in institutions:
        assert institution.accreditation and institution.contact_email
        [member] = institution.memberships.select_related("user")
        assert member.role == InstitutionMembership.Role.AUDITOR
        assert member.user.totp_devices.filter(confirmed_at__isnull=False).exists()
        assert member.user.email in out
