"""``|figure`` shows a number as typed: 59,6 not 59,6000, with Dutch or English notation."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation


def _render(value, language="nl"):
    with translation.override(language):
        return Template("{% load pso_format %}{{ v|figure }}").render(Context({"v": value}))


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (Decimal("59.6000"), "59,6", "59.6"),
        (Decimal("12.00"), "12", "12"),
        (Decimal("241.7750"), "241,775", "241.775"),
        (Decimal("1234.5"), "1.234,5", "1,234.5"),
        ("0.2710", "0,271", "0.271"),
        (7, "7", "7"),
        (None, "–", "–"),
    ],
)
def test_a_figure_has_no_trailing_zeros_and_the_languages_notation(value, nl, en):
    assert _render(value, "nl") == nl
    assert _render(value, "en") == en
