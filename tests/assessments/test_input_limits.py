"""Every input limit of a rekentool: the largest value a form takes is stored and every page of
that rekentool still renders; one more is refused with a field message naming the limit.

The limits come from ``psoportal.methodology.limits`` (the engine's input limits) and the
handbook in force (hours ranges); the suite runs these on SQLite and on PostgreSQL, where a value
beyond its column raises instead of being stored.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.formats import number_format

from psoportal.assessments.models import Purchase, Rekentool
from psoportal.assessments.selectors import rekentool_evaluate
from psoportal.methodology import limits
from psoportal.methodology.handbook import handbook_for
from psoportal.methodology.limits import NumberLimit
from psoportal.organisations.models import Organisation

pytestmark = pytest.mark.django_db

CONTROL_MESSAGE = "Dit veld bevat een onzichtbaar stuurteken"


def _dutch(number: Decimal, places: int) -> str:
    """The way a Dutch user types it: 9.999.999.999.999,99."""
    return number_format(number, places, use_l10n=True, force_grouping=True)


def _one_more(limit: NumberLimit) -> Decimal:
    return limit.maximum + Decimal(10) ** -limit.places


def _other(rekentool: Rekentool) -> Rekentool:
    other, _created = Rekentool.objects.get_or_create(
        organisation_id=rekentool.organisation_id, name="Vergelijking"
    )
    return other


def _pages(rekentool: Rekentool) -> list[str]:
    """Every page of a rekentool a user can open, the list and the comparison included."""
    pages = [
        reverse(name, args=[rekentool.pk])
        for name in ("mijnpso:data", "mijnpso:target_group", "mijnpso:purchases",
                     "mijnpso:result", "mijnpso:copy", "mijnpso:delete",
                     "mijnpso:import")
    ]
    pages += [
        reverse("mijnpso:export", args=[rekentool.pk, "json"]),
        reverse("mijnpso:export", args=[rekentool.pk, "xlsx"]),
        reverse("mijnpso:proefaanvraag", args=[rekentool.pk]),
        reverse("mijnpso:rekentools", args=[rekentool.organisation_id]),
        # Beside an empty rekentool: the same one twice is refused (a field error).
        reverse("mijnpso:compare", args=[rekentool.organisation_id])
        + f"?a={rekentool.pk}&b={_other(rekentool).pk}",
    ]
    for purchase in rekentool.purchases.all():
        pages.append(reverse("mijnpso:purchase_edit", args=[rekentool.pk, purchase.pk]))
    for employee in rekentool.employees.all():
        pages.append(reverse("mijnpso:employee_edit", args=[rekentool.pk, employee.pk]))
    return pages


def _assert_pages_render(client, rekentool: Rekentool) -> None:
    for url in _pages(rekentool):
        response = client.get(url)
        assert response.status_code == 200, url
    # Step 5 opens once the engine scores the figures; before that it sends the user to step 3.
    response = client.get(reverse("mijnpso:qualitative", args=[rekentool.pk]))
    if rekentool_evaluate(rekentool).result is None:
        assert response.status_code == 302
        assert response.url == reverse("mijnpso:data", args=[rekentool.pk])
    else:
        assert response.status_code == 200


# -- numbers ------------------------------------------------------------------------------------


def _staff(rekentool, **overrides):
    data = {
        "version": rekentool.version, "peiljaar_month": "1", "peiljaar_year": "2024",
        "fulltime_hours": "40", "total_fte": "50", "average_headcount": "55",
        "sw_seconded_out_fte": "",
    }
    data.update(overrides)
    return data


def _purchase(**overrides):
    data = {
        "version": "1", "supplier": "Groen Facilitair", "kvk": "", "kind": "pso_certified",
        "amount": "1000", "supplier_turnover": "100000", "supplier_weighted_fte": "5",
    }
    data.update(overrides)
    return data


# (field, page, limit, the Dutch noun of its message, other fields the value needs to be valid)
NUMBERS = [
    ("total_fte", "data", limits.FTE, "getal", {}),
    ("average_headcount", "data", limits.HEADCOUNT, "getal", {}),
    ("sw_seconded_out_fte", "data", limits.FTE, "getal", {}),
    ("amount", "purchases", limits.MONEY, "bedrag",
     {"supplier_turnover": _dutch(limits.MONEY.maximum, 2)}),
    ("supplier_turnover", "purchases", limits.MONEY, "bedrag", {}),
    ("supplier_weighted_fte", "purchases", limits.FTE, "getal", {}),
]


def _post_number(client, rekentool, field, page, value, extra):
    url = reverse(f"mijnpso:{page}", args=[rekentool.pk])
    data = (_staff(rekentool, **extra) if page == "data" else _purchase(**extra))
    data[field] = value
    return client.post(url, data)


def _stored(rekentool, field, page):
    if page == "data":
        rekentool.refresh_from_db()
        return getattr(rekentool, field)
    return getattr(Purchase.objects.get(rekentool=rekentool), field)


@pytest.mark.parametrize(("field", "page", "limit", "noun", "extra"), NUMBERS,
                         ids=[case[0] for case in NUMBERS])
def test_the_largest_number_a_form_takes_is_stored_and_every_page_still_renders(
    login, alice, rekentool, field, page, limit, noun, extra
):
    client = login(alice)
    response = _post_number(
        client, rekentool, field, page, _dutch(limit.maximum, limit.places), extra
    )
    assert response.status_code == 302
    assert _stored(rekentool, field, page) == limit.maximum
    _assert_pages_render(client, rekentool)


@pytest.mark.parametrize(("field", "page", "limit", "noun", "extra"), NUMBERS,
                         ids=[case[0] for case in NUMBERS])
def test_one_more_than_the_largest_number_is_refused_with_the_limit_in_dutch(
    login, alice, rekentool, field, page, limit, noun, extra
):
    before = rekentool.purchases.count(), rekentool.version
    response = _post_number(
        login(alice), rekentool, field, page, _dutch(_one_more(limit), limit.places), extra
    )
    assert response.status_code == 200
    message = f"Vul een {noun} in van ten hoogste {_dutch(limit.maximum, limit.places)}."
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    rekentool.refresh_from_db()
    assert (rekentool.purchases.count(), rekentool.version) == before


def test_a_purchase_of_the_largest_amount_can_be_edited_and_deleted(login, alice, rekentool):
    client = login(alice)
    most = _dutch(limits.MONEY.maximum, 2)
    _post_number(client, rekentool, "amount", "purchases", most, {"supplier_turnover": most})
    purchase = rekentool.purchases.get()
    response = client.post(
        reverse("mijnpso:purchase_edit", args=[rekentool.pk, purchase.pk]),
        _purchase(amount=most, supplier_turnover=most, supplier="Groen B.V."),
    )
    assert response.status_code == 302
    purchase.refresh_from_db()
    assert (purchase.supplier, purchase.amount) == ("Groen B.V.", limits.MONEY.maximum)
    response = client.post(reverse("mijnpso:purchase_delete", args=[rekentool.pk, purchase.pk]))
    assert response.status_code == 302
    assert not rekentool.purchases.exists()


def test_the_money_message_reads_as_the_issue_asks(login, alice, rekentool):
    response = _post_number(login(alice), rekentool, "amount", "purchases",
                            "10.000.000.000.000", {"supplier_turnover": "1"})
    assert response.context["form"].errors["amount"] == [
        "Vul een bedrag in van ten hoogste 9.999.999.999.999,99."
    ]


@pytest.mark.parametrize(("value", "message"), [
    ("0E-999999999", "Vul een getal in van ten minste 0,0001."),
    ("1E-999999999", "Vul een getal in van ten minste 0,0001."),
    ("1E+999999", "Vul een getal in van ten hoogste 99.999.999,9999."),
    ("1e999999999999999999999", "Voer een getal in."),
])
def test_numbers_with_huge_exponents_get_a_field_message(login, alice, rekentool, value, message):
    response = _post_number(login(alice), rekentool, "total_fte", "data", value, {})
    assert response.context["form"].errors["total_fte"] == [message]


def test_more_decimals_than_the_column_holds_are_refused(login, alice, rekentool):
    response = _post_number(login(alice), rekentool, "amount", "purchases", "10,001", {})
    assert response.context["form"].errors["amount"] == [
        "Vul ten hoogste 2 cijfers achter de komma in."
    ]


# -- hours: the handbook's own ranges -----------------------------------------------------------


def _employee(**overrides):
    data = {
        "version": "1", "ref": "D-010", "category": "wajong", "contract": "regular",
        "hours_per_week": "36", "employed_from": "2023-01-01",
    }
    data.update(overrides)
    return data


def _handbook():
    from django.utils import timezone

    return handbook_for(timezone.localdate())


def _shown(value: Decimal) -> str:
    return number_format(value, max(0, -value.normalize().as_tuple().exponent), use_l10n=True)


def test_hours_per_week_up_to_the_handbook_maximum_are_taken(login, alice, rekentool):
    top = _handbook().limits.hours_per_week_max
    client = login(alice)
    response = client.post(reverse("mijnpso:target_group", args=[rekentool.pk]),
                           _employee(hours_per_week=_shown(top)))
    assert response.status_code == 302
    assert rekentool.employees.get(ref="D-010").hours_per_week == top
    _assert_pages_render(client, rekentool)


def test_hours_per_week_above_the_handbook_maximum_are_refused(login, alice, rekentool):
    top = _handbook().limits.hours_per_week_max
    response = login(alice).post(reverse("mijnpso:target_group", args=[rekentool.pk]),
                                 _employee(hours_per_week=_dutch(top + Decimal("0.01"), 2)))
    assert response.context["form"].errors["hours_per_week"] == [
        f"Vul een getal in van ten hoogste {_shown(top)}."
    ]
    assert not rekentool.employees.filter(ref="D-010").exists()


@pytest.mark.parametrize("edge", ["min", "max"])
def test_full_time_hours_follow_the_handbook_range_on_step_3(login, alice, rekentool, edge):
    hb = _handbook().limits
    bound = hb.fulltime_hours_min if edge == "min" else hb.fulltime_hours_max
    client = login(alice)
    url = reverse("mijnpso:data", args=[rekentool.pk])
    assert client.post(url, _staff(rekentool, fulltime_hours=_shown(bound))).status_code == 302
    rekentool.refresh_from_db()
    assert rekentool.fulltime_hours == bound
    outside = bound - Decimal("0.01") if edge == "min" else bound + Decimal("0.01")
    response = client.post(url, _staff(rekentool, fulltime_hours=_dutch(outside, 2)))
    word = "minste" if edge == "min" else "hoogste"
    assert response.context["form"].errors["fulltime_hours"] == [
        f"Vul een getal in van ten {word} {_shown(bound)}."
    ]


def test_full_time_hours_of_the_organisation_follow_the_handbook_range(
    login, alice, organisation
):
    top = _handbook().limits.fulltime_hours_max
    client = login(alice)
    url = reverse("mijnpso:organisation", args=[organisation.pk])
    details = {"sector": "", "website": "", "street": "", "postcode": "", "city": ""}
    assert client.post(url, {**details, "fulltime_hours": _shown(top)}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.fulltime_hours == top
    response = client.post(url, {**details, "fulltime_hours": _dutch(top + Decimal("0.01"), 2)})
    assert response.context["details_form"].errors["fulltime_hours"] == [
        f"Vul een getal in van ten hoogste {_shown(top)}."
    ]


# -- text ---------------------------------------------------------------------------------------


def _post_text(client, rekentool, case, value):
    """POST ``value`` into the text field of ``case``; returns (response, form name, stored).

    ``stored`` is whether a row now holds ``value``, found in Python: PostgreSQL refuses a NUL
    byte even in a query.
    """
    organisation = rekentool.organisation
    if case == "ref":
        response = client.post(reverse("mijnpso:target_group", args=[rekentool.pk]),
                               _employee(ref=value))
        found = rekentool.employees.values_list("ref", flat=True)
        form = "form"
    elif case == "supplier":
        response = client.post(reverse("mijnpso:purchases", args=[rekentool.pk]),
                               _purchase(supplier=value))
        found = rekentool.purchases.values_list("supplier", flat=True)
        form = "form"
    elif case in ("rekentool name", "copy name"):
        if case == "rekentool name":
            url = reverse("mijnpso:rekentools", args=[organisation.pk])
            data = {"name": value, "peiljaar_month": "1", "peiljaar_year": "2024"}
        else:
            url, data = reverse("mijnpso:copy", args=[rekentool.pk]), {"name": value}
        response = client.post(url, data)
        found = Rekentool.objects.values_list("name", flat=True)
        form = "form"
    elif case == "entity name":
        response = client.post(
            reverse("mijnpso:organisation", args=[organisation.pk]),
            {"action": "entity", "name": value, "kvk": "87654321"},
        )
        found = organisation.entities.values_list("name", flat=True)
        form = "entity_form"
    else:
        assert case == "sector"
        response = client.post(
            reverse("mijnpso:organisation", args=[organisation.pk]),
            {"sector": value, "website": "", "street": "", "postcode": "", "city": "",
             "fulltime_hours": "40"},
        )
        found = Organisation.objects.values_list("sector", flat=True)
        form = "details_form"
    return response, form, value in set(found)


# (case, form field, the limit, a filler character the field's own rules accept)
TEXTS = [
    ("ref", "ref", limits.REF_MAX_LENGTH, "7"),
    ("supplier", "supplier", limits.NAME_MAX_LENGTH, "s"),
    ("rekentool name", "name", limits.REKENTOOL_NAME_MAX_LENGTH, "r"),
    ("copy name", "name", limits.REKENTOOL_NAME_MAX_LENGTH, "c"),
    ("entity name", "name", limits.NAME_MAX_LENGTH, "e"),
]


@pytest.mark.parametrize(("case", "field", "length", "filler"), TEXTS,
                         ids=[case[0] for case in TEXTS])
def test_the_longest_text_a_form_takes_is_stored_and_every_page_still_renders(
    login, alice, rekentool, case, field, length, filler
):
    client = login(alice)
    value = "D" + filler * (length - 1)
    response, _form, stored = _post_text(client, rekentool, case, value)
    assert response.status_code == 302
    assert stored
    for tool in Rekentool.objects.filter(organisation=rekentool.organisation):
        _assert_pages_render(client, tool)
    assert client.get(
        reverse("mijnpso:organisation", args=[rekentool.organisation_id])
    ).status_code == 200


@pytest.mark.parametrize(("case", "field", "length", "filler"), TEXTS,
                         ids=[case[0] for case in TEXTS])
def test_one_character_more_is_refused_with_a_field_message(
    login, alice, rekentool, case, field, length, filler
):
    value = "D" + filler * length
    response, form, stored = _post_text(login(alice), rekentool, case, value)
    assert response.status_code == 200
    assert response.context[form].errors[field] == [
        f"Zorg dat deze waarde niet meer dan {length} tekens bevat (het zijn er nu {length + 1})."
    ]
    assert not stored


@pytest.mark.parametrize("character", ["\x00", "\x07", "\t", "\x1b", "\x7f", "\x85"],
                         ids=["NUL", "BEL", "TAB", "ESC", "DEL", "NEL"])
@pytest.mark.parametrize("case", [case[0] for case in TEXTS] + ["sector"])
def test_control_characters_are_refused_in_every_text_field(
    login, alice, rekentool, case, character
):
    value = f"D-1{character}2"
    response, form, stored = _post_text(login(alice), rekentool, case, value)
    assert response.status_code == 200
    field = {"ref": "ref", "supplier": "supplier", "sector": "sector"}.get(case, "name")
    errors = response.context[form].errors[field]
    # A reference also breaks its own pattern then; the control-character message is there.
    assert [e for e in errors if e.startswith(CONTROL_MESSAGE)] == [
        "Dit veld bevat een onzichtbaar stuurteken (bijvoorbeeld een tab of een nul-teken). "
        "Typ de tekst opnieuw of plak hem zonder opmaak."
    ]
    assert not stored


def test_an_invitation_address_with_a_nul_byte_is_refused_with_a_field_message(
    login, alice, organisation
):
    from psoportal.organisations.forms import InvitationForm

    form = InvitationForm({"email": "bob\x00@voorbeeld.example", "role": "collega"})
    assert not form.is_valid()
    assert any(error.startswith(CONTROL_MESSAGE) for error in form.errors["email"])
