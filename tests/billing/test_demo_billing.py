"""`make run` shows billing at two points (issue 11 §6): the certified applicant's first-year
invoice paid, and an awarded applicant whose open first-year invoice holds its award."""

import pytest
from django.core.management import call_command

from psoportal.billing.models import Invoice
from psoportal.certification.transitions import State

pytestmark = pytest.mark.django_db


def test_one_applicant_has_paid_and_another_waits_with_an_open_invoice(capsys):
    call_command("seed_demo")
    assert "zoe@zorgenco.demo" in capsys.readouterr().out
    paid = Invoice.objects.get(organisation__kvk="23456789", kind="first_year")
    assert paid.status == Invoice.Status.PAID
    assert paid.application.state == State.AWARDED
    waiting = Invoice.objects.get(organisation__kvk="45678901", kind="first_year")
    assert (waiting.number, waiting.status) == ("2026-00001", Invoice.Status.OPEN)
    assert waiting.application.state == State.AWAITING_PAYMENT
    call_command("seed_demo")
    assert Invoice.objects.count() == 2
