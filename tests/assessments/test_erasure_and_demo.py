import pytest
from django.core.management import call_command

from psoportal.accounts.erasure import account_erase
from psoportal.assessments.demo import DEMO_NAME
from psoportal.assessments.models import Rekentool
from psoportal.assessments.selectors import rekentool_evaluate

pytestmark = pytest.mark.django_db


def test_erasing_the_last_member_erases_the_organisations_drafts(alice, rekentool):
    account_erase(user=alice)
    assert not Rekentool.objects.filter(pk=rekentool.pk).exists()


def test_erasing_one_member_keeps_drafts_colleagues_still_use(alice, bob, rekentool):
    account_erase(user=alice)
    assert Rekentool.objects.filter(pk=rekentool.pk).exists()


def test_the_demo_applicant_has_a_filled_rekentool_at_trede_2():
    call_command("seed_demo")
    call_command("seed_demo")
    tools = Rekentool.objects.filter(name=DEMO_NAME)
    assert tools.count() == 1
    result = rekentool_evaluate(tools.get()).result
    assert result["level"] == "trede_2"
    assert result["next_level"]["level"] == "trede_3"
