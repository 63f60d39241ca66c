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
