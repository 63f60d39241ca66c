import pytest
from django.core.management import call_command

from psoportal.accounts.models import User
from psoportal.organisations.models import CertifyingInstitution, Organisation

pytestmark = pytest.mark.django_db


def test_it_loads_demo_staff_institutions_and_an_applicant(capsys):
    call_command("seed_demo")
    assert User.objects.filter(is_staff=True).exists()
    assert CertifyingInstitution.objects.count() == 2
    assert Organisation.objects.filter(memberships__role="accounthouder").exists()
    assert "alice@voorbeeld-schoonmaak.demo" in capsys.readouterr().out


def test_it_can_run_twice_without_changing_anything():
    call_command("seed_demo")
    counts = (User.objects.count(), Organisation.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Organisation.objects.count()) == counts


def test_demo_users_can_log_in_with_the_published_totp_seed(client, capsys):
    from psoportal.accounts import totp
    from psoportal.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SEED_B32

    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_TOTP_SEED_B32 in out and "otpauth://totp/" in out
    client.post("/account/inloggen/", {"email": "alice@voorbeeld-schoonmaak.demo",
                                       "password": DEMO_PASSWORD})
    code = totp.code_at(totp.from_b32(DEMO_TOTP_SEED_B32), totp.time_step())
    response = client.post("/account/inloggen/code/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_seed_demo_refuses_without_demo_data_allowed(settings):
    from django.core.management.base import CommandError

    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_demo_totp_prints_the_code_the_demo_authenticator_shows_now(capsys):
    from psoportal.accounts import totp
    from psoportal.accounts.demo import DEMO_TOTP_SEED_B32

    call_command("demo_totp")
    expected = totp.code_at(totp.from_b32(DEMO_TOTP_SEED_B32), totp.time_step())
    assert capsys.readouterr().out.strip() == expected


def test_the_demo_applicant_gets_its_entity_members_and_a_rekentool():
    call_command("seed_demo")
    organisation = Organisation.objects.get(kvk="12345678")
    assert list(organisation.entities.values_list("kvk", flat=True)) == ["87654321"]
    assert sorted(organisation.memberships.values_list("role", flat=True)) == [
        "accounthouder", "collega"
    ]
    assert organisation.rekentools.count() == 1
