"""The e-mail address can never be changed (rule book §2)."""

import pytest

from psoportal.accounts import forms as account_forms
from psoportal.accounts.admin import UserAdmin
from tests.conftest import give_sudo

pytestmark = pytest.mark.django_db

NEW = "overgenomen@aanvaller.example"


@pytest.mark.parametrize("url", [
    "/account/beveiliging/sessies-beeindigen/",
    "/account/wachtwoord-wijzigen/",
    "/account/herstelcodes/",
    "/account/bevestig-identiteit/",
    "/account/tweestapsverificatie/",
    "/organisatie/",
])
def test_posting_an_email_field_to_any_account_form_leaves_the_address_unchanged(
    client, alice, login, password, url
):
    give_sudo(login(alice))
    client.post(url, {"email": NEW, "current_password": password,
                      "new_password": "een nieuw lang wachtwoord", "password": password})
    alice.refresh_from_db()
    assert alice.email == "alice@voorbeeld.example"


def test_no_account_form_for_an_existing_user_has_an_email_field():
    for form in [account_forms.PasswordChangeForm, account_forms.SetPasswordForm,
                 account_forms.SudoForm, account_forms.TotpForm,
                 account_forms.RecoveryCodeForm, account_forms.InvitedRegistrationForm]:
        assert "email" not in form.base_fields, form


def test_the_admin_shows_the_address_read_only(alice, bo, rf):
    from django.contrib.admin.sites import site

    request = rf.get("/")
    request.user = bo
    assert "email" in UserAdmin(alice.__class__, site).get_readonly_fields(request, alice)


def test_a_password_reset_or_verification_cannot_change_the_address(client, alice, last_link):
    client.post("/account/wachtwoord-vergeten/", {"email": alice.email})
    client.post(last_link(alice.email), {"new_password": "mijn nieuwe wachtzin hier",
                                         "email": NEW})
    alice.refresh_from_db()
    assert alice.email == "alice@voorbeeld.example"


def test_invited_registration_takes_the_address_from_the_invitation_only(client, alice,
                                                                        mail_immediately):
    from psoportal.organisations.services import invitation_create, invitation_token_make

    request = client.get("/").wsgi_request
    invitation = invitation_create(request=request, actor=alice,
                                   organisation=alice.memberships.get().organisation,
                                   email="nieuw@voorbeeld.example", role="collega")
    client.post(f"/organisatie/uitnodiging/{invitation_token_make(invitation)}/", {
        "email": NEW, "full_name": "Nieuw", "job_title": "x", "phone": "030 123 4567",
        "password": "een lange zin als wachtwoord", "accept_terms": "on",
    })
    from psoportal.accounts.models import User

    assert User.objects.filter(email="nieuw@voorbeeld.example").exists()
    assert not User.objects.filter(email=NEW).exists()
