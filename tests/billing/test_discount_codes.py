"""Discount and voucher codes on the annual contribution (§9 issue 11): a percentage or a fixed
amount as a negative line on the first-year invoice, validated for period, uses and being
active; a federation's code may be for PSO 30+ applicants only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from psoportal.billing.services import (
    DiscountRefused,
    discount_code_create,
    discount_code_deactivate,
    discount_redeem,
    invoices_issue_due,
)
from psoportal.certification.models import Application
from tests.billing.support import another_application, codes, dates_of

TODAY = dt.date.today()


def _code(bo, *, code="FED20", percent=None, fixed=None, applies_to="all", max_uses=None,
          valid_from=None, valid_until=None):
    return discount_code_create(
        code=code, description="Korting van de branchevereniging", percent=percent,
        fixed_amount=fixed, applies_to=applies_to,
        valid_from=valid_from or timezone.localdate() - dt.timedelta(days=1),
        valid_until=valid_until, max_uses=max_uses, user=bo)


def _pso30plus(application):
    result = {**application.result, "pso30plus": {"pct": "31.00", "eligible": True}}
    Application.objects.filter(pk=application.pk).update(result=result)
    application.refresh_from_db()


def test_discount_codes_a_percentage_is_a_negative_line_on_the_first_year_invoice(
        application, alice, bo):
    _pso30plus(application)
    _code(bo, percent=Decimal("20"), applies_to="pso30plus")
    discount_redeem(application=application, code=" fed20 ", user=alice,
                    on=timezone.localdate())
    [first] = invoices_issue_due(dates_of(application).first_invoice)
    # 20 % of the contribution only, not of the PSO 30+ fee.
    assert codes(first) == {"annual_contribution": Decimal("1575.00"),
                            "pso30plus": Decimal("150.00"), "discount:FED20": Decimal("-315.00")}
    assert "Korting FED20" in first.lines.get(code="discount:FED20").description


def test_discount_codes_a_fixed_voucher_is_a_negative_line(application, alice, bo):
    _code(bo, code="REGIO", fixed=Decimal("200"))
    discount_redeem(application=application, code="REGIO", user=alice, on=timezone.localdate())
    [first] = invoices_issue_due(dates_of(application).first_invoice)
    assert codes(first)["discount:REGIO"] == Decimal("-200.00")
    assert first.subtotal == Decimal("1375.00")


def test_discount_codes_the_second_year_has_no_discount(application, alice, bo):
    _code(bo, code="REGIO", fixed=Decimal("200"))
    discount_redeem(application=application, code="REGIO", user=alice, on=timezone.localdate())
    invoices_issue_due(dates_of(application).first_invoice)
    [second] = invoices_issue_due(dates_of(application).second_invoice)
    assert codes(second) == {"annual_contribution": Decimal("1575.00")}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"valid_from": TODAY + dt.timedelta(days=5)}, "niet geldig op"),
    ({"valid_until": TODAY - dt.timedelta(days=1),
      "valid_from": TODAY - dt.timedelta(days=9)}, "niet geldig op"),
    ({"applies_to": "pso30plus"}, "alleen voor aanvragers van PSO 30+"),
])
def test_discount_codes_are_validated(application, alice, bo, kwargs, message):
    _code(bo, percent=Decimal("10"), **kwargs)
    with pytest.raises(DiscountRefused, match=message):
        discount_redeem(application=application, code="FED20", user=alice,
                        on=timezone.localdate())


def test_discount_codes_an_unknown_or_deactivated_code_is_refused(application, alice, bo):
    code = _code(bo, percent=Decimal("10"))
    discount_code_deactivate(code=code, user=bo)
    for text in ("FED20", "NOPE"):
        with pytest.raises(DiscountRefused, match="bestaat niet of is niet meer geldig"):
            discount_redeem(application=application, code=text, user=alice,
                            on=timezone.localdate())


def test_discount_codes_max_uses_is_respected(application, alice, bo):
    _code(bo, percent=Decimal("10"), max_uses=1)
    discount_redeem(application=application, code="FED20", user=alice, on=timezone.localdate())
    other = another_application(application, timezone.localdate())
    with pytest.raises(DiscountRefused, match="maximale aantal keren"):
        discount_redeem(application=other, code="FED20", user=alice, on=timezone.localdate())


def test_discount_codes_only_before_the_first_year_invoice(application, alice, bo):
    _code(bo, percent=Decimal("10"))
    invoices_issue_due(dates_of(application).first_invoice)
    with pytest.raises(DiscountRefused, match="al verstuurd"):
        discount_redeem(application=application, code="FED20", user=alice,
                        on=timezone.localdate())
