import pytest
from django.core import mail

from psoportal.accounts.models import SecurityEvent, User
from psoportal.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db

URL = "/organisatie/registreren/"


def test_it_shows_the_registration_form_anonymously(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "organisation_name" in response.content.decode()


def test_it_creates_an_unverified_accounthouder_and_organisation(client, registration,
                                                                 settings):
    response = client.post(URL, registration)
    assert response.status_code == 302
    assert response["Location"] == "/account/controleer-uw-email/"
    user = User.objects.get(email="nina@nieuwbedrijf.example")
    assert user.email_verified_at is None
    assert user.terms_version == settings.TERMS_VERSION
    assert user.terms_accepted_at is not None
    assert user.job_title == "Directeur"
    organisation = Organisation.objects.get(kvk="11223344")
    assert organisation.domain_approval == "not_needed"
    assert Membership.objects.get(user=user).role == Membership.Role.ACCOUNTHOUDER
    assert len(mail.outbox) == 1
    assert "/account/bevestigen/" in mail.outbox[0].body
    assert mail.outbox[0].alternatives  # an HTML part as well
    assert SecurityEvent.objects.filter(event_type="registered", subject=user).exists()


def test_it_refuses_free_mail_addresses_with_a_dutch_message(client, registration):
    registration["email"] = "nina@hotmail.nl"
    response = client.post(URL, registration)
    assert response.status_code == 200
    assert "zakelijk e-mailadres" in response.content.decode()
    assert not User.objects.filter(email="nina@hotmail.nl").exists()


def test_it_requires_a_reason_when_the_domain_differs_from_the_website(client, registration):
    registration["email"] = "nina@moederbedrijf.example"
    response = client.post(URL, registration)
    assert response.status_code == 200
    assert "Licht toe" in response.content.decode()
    assert not User.objects.filter(email="nina@moederbedrijf.example").exists()


def test_it_flags_a_deviating_domain_for_approval_but_the_account_works(client, registration):
    registration["email"] = "nina@moederbedrijf.example"
    registration["domain_reason"] = "Wij gebruiken het e-maildomein van het moederbedrijf."
    assert client.post(URL, registration)["Location"] == "/account/controleer-uw-email/"
    organisation = Organisation.objects.get(kvk="11223344")
    assert organisation.domain_approval == "pending"
    assert organisation.domain_reason.startswith("Wij gebruiken")
    assert organisation.may_submit_application is False
    assert User.objects.get(email="nina@moederbedrijf.example").is_active


def test_it_accepts_an_address_on_a_subdomain_of_the_website(client, registration):
    registration["email"] = "nina@mail.nieuwbedrijf.example"
    assert client.post(URL, registration)["Location"] == "/account/controleer-uw-email/"
    assert Organisation.objects.get(kvk="11223344").domain_approval == "not_needed"


def test_it_checks_the_kvk_number_format(client, registration):
    registration["kvk"] = "1234567"
    response = client.post(URL, registration)
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Nieuw Bedrijf B.V.").exists()


def test_it_refuses_a_kvk_number_the_lookup_does_not_know(client, registration):
    registration["kvk"] = "00000000"
    response = client.post(URL, registration)
    assert "niet gevonden" in response.content.decode()


def test_it_requires_accepting_the_terms(client, registration):
    del registration["accept_terms"]
    assert client.post(URL, registration).status_code == 200
    assert not User.objects.filter(email=registration["email"]).exists()


def test_it_does_not_reveal_that_an_address_already_has_an_account(client, registration,
                                                                   alice):
    fresh = client.post(URL, registration)
    mail.outbox.clear()
    registration.update(email=alice.email, kvk="55667788", website="https://voorbeeld.example")
    existing = client.post(URL, registration)
    assert existing.status_code == fresh.status_code == 302
    assert existing["Location"] == fresh["Location"]
    # The owner of the address hears about it; nothing new is created.
    assert mail.outbox[0].to == [alice.email]
    assert "al een account" in mail.outbox[0].body
    assert not Organisation.objects.filter(kvk="55667788").exists()


def test_an_existing_address_costs_a_password_hash_like_a_new_account(client, registration,
                                                                      alice, hasher_calls):
    client.post(URL, registration)
    new_account = hasher_calls.count("encode")
    hasher_calls.clear()
    registration.update(email=alice.email, kvk="55667788", website="https://voorbeeld.example")
    client.post(URL, registration)
    assert new_account == 1
    assert hasher_calls.count("encode") == new_account


def test_the_old_registration_address_still_leads_to_the_form(client):
    response = client.get("/account/registreren/?next=/x/")
    assert response.status_code == 301
    assert response["Location"] == "/organisatie/registreren/?next=/x/"


def test_posting_an_existing_kvk_number_asks_for_an_invitation(client, registration, alice):
    registration["kvk"] = alice.memberships.get().organisation.kvk
    response = client.post(URL, registration)
    assert response.status_code == 200
    assert "uitnodiging" in response.content.decode()


def test_a_taken_kvk_number_gets_the_same_answer_for_a_known_and_an_unknown_address(
    client, registration, alice, bob
):
    registration.update(kvk=alice.memberships.get().organisation.kvk,
                        website="https://voorbeeld.example")
    answers = []
    for email in ("onbekend@voorbeeld.example", bob.email):
        response = client.post(URL, {**registration, "email": email})
        page = response.content.decode()
        taken = "bestaat al een MijnPSO" in page
        answers.append((response.status_code, "uitnodiging" in page, taken))
    assert answers[0] == answers[1] == (200, True, True)
    assert mail.outbox == []


def test_it_rate_limits_registrations_per_ip(client, registration):
    for _ in range(5):
        client.post(URL, {**registration, "email": "x"})
    response = client.post(URL, registration)
    assert response.status_code == 429
    assert not User.objects.filter(email=registration["email"]).exists()


@pytest.mark.parametrize("field", ["full_name", "job_title", "organisation_name"])
def test_a_control_character_in_a_name_is_refused_with_a_dutch_message(client, registration,
                                                                        field):
    registration[field] = "Nina\x00 de Vries"
    response = client.post(URL, registration)
    assert response.status_code == 200
    assert "onzichtbaar stuurteken" in response.content.decode()
    assert not User.objects.filter(email=registration["email"]).exists()


def test_an_organisation_name_longer_than_the_engine_takes_is_refused(client, registration):
    from psoportal.methodology.limits import NAME_MAX_LENGTH

    registration["organisation_name"] = "N" * (NAME_MAX_LENGTH + 1)
    response = client.post(URL, registration)
    assert response.status_code == 200
    assert not Organisation.objects.filter(kvk=registration["kvk"]).exists()
