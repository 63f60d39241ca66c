"""PSO-Nederland manages discount codes (list, create, deactivate); anyone else gets 404 and
changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from psoportal.billing.models import DiscountCode
from psoportal.billing.services import discount_code_create

VALID = {"code": "fed20", "description": "Branchevereniging, PSO 30+", "percent": "20",
         "fixed_amount": "", "applies_to": "pso30plus", "valid_from": "2026-01-01",
         "valid_until": "2026-12-31", "max_uses": "50"}


def test_staff_create_a_code(bo, login):
    client = login(bo)
    response = client.post(reverse("billing:discount_codes"), VALID, follow=True)
    assert "Kortingscode FED20 is aangemaakt" in response.content.decode()
    code = DiscountCode.objects.get()
    assert (code.code, code.percent, code.fixed_amount, code.applies_to, code.max_uses) == (
        "FED20", Decimal("20"), None, "pso30plus", 50)
    assert "FED20" in client.get(reverse("billing:discount_codes")).content.decode()


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"fixed_amount": "100"}, "percent", "niet allebei"),
    ({"percent": ""}, "percent", "niet allebei"),
    ({"valid_until": "2025-12-31"}, "valid_until", "vóór de begindatum"),
    ({"code": "=evil"}, "code", "alleen letters"),
    ({"percent": "120"}, "percent", "100"),
])
def test_a_wrong_code_is_refused_at_its_field(bo, login, change, field, message):
    response = login(bo).post(reverse("billing:discount_codes"), {**VALID, **change})
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert not DiscountCode.objects.exists()


def test_a_code_that_exists_is_refused(bo, login):
    login(bo).post(reverse("billing:discount_codes"), VALID)
    response = login(bo).post(reverse("billing:discount_codes"), VALID)
    assert "bestaat al" in str(response.context["form"].errors["code"])


def test_staff_deactivate_a_code(bo, login):
    code = discount_code_create(user=bo, **{**VALID, "percent": Decimal(20), "fixed_amount": None,
                                            "valid_from": "2026-01-01", "valid_until": None,
                                            "max_uses": None})
    login(bo).post(reverse("billing:discount_deactivate", args=[code.pk]))
    code.refresh_from_db()
    assert code.active is False


@pytest.mark.parametrize("persona", ["alice", "charlie", "auditor"])
def test_others_get_404_and_change_nothing(bo, persona, request, login):
    code = discount_code_create(user=bo, **{**VALID, "percent": Decimal(20), "fixed_amount": None,
                                            "valid_from": "2026-01-01", "valid_until": None,
                                            "max_uses": None})
    client = login(request.getfixturevalue(persona))
    assert client.post(reverse("billing:discount_deactivate", args=[code.pk])).status_code == 404
    assert client.post(reverse("billing:discount_codes"), {**VALID, "code": "X"}
                       ).status_code == 404
    code.refresh_from_db()
    assert code.active and DiscountCode.objects.count() == 1


def test_max_uses_must_be_positive(bo, login):
    response = login(bo).post(reverse("billing:discount_codes"), {**VALID, "max_uses": "0"})
    assert "positief aantal" in str(response.context["form"].errors["max_uses"])
