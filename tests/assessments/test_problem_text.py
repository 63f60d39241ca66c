"""The Dutch reason of each engine problem the web shows (assessments/problem_messages.py).

The problems come from the engine itself, so a text follows the code and params it really
sends; numbers are in Dutch format.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from psoportal.assessments.problem_messages import problem_reason
from psoportal.methodology.assessment import parse_assessment, parse_assessment_json
from psoportal.methodology.problems import InvalidAssessment, Problem
from tests.methodology.builders import doc, purchase, row


def _text(document) -> list[str]:
    with pytest.raises(InvalidAssessment) as e:
        if isinstance(document, str):
            parse_assessment_json(document)
        else:
            parse_assessment(document)
    with translation.override("nl"):
        return [problem_reason(p) for p in e.value.problems]


def test_target_group_staff_above_the_total_fte_say_both_figures_and_what_to_check():
    d = doc(row("R-1", category="wajong", contract="secondment", hours_per_week="22"),
            row("R-2", category="wajong", contract="secondment", hours_per_week="22"),
            total_fte="1.00")  # fmt: skip
    assert _text(d) == [
        "de doelgroepmedewerkers tellen samen op tot 1,1000 fte, meer dan het totaal fte "
        "(1,0000) waar zij deel van uitmaken; controleer hun uren per week in stap 3C of het "
        "totaal fte in stap 3B."
    ]


def test_a_weighted_fte_above_the_total_says_both_figures():
    d = doc(row("R-1"), row("R-2"), row("R-3"), total_fte="2.5")
    assert _text(d) == [
        "het gewogen doelgroep-fte (3,0000) is groter dan het totaal fte (2,5000); controleer "
        "de uren per week van de doelgroepmedewerkers in stap 3C of het totaal fte in stap 3B."
    ]


def test_sw_staff_seconded_out_at_or_above_the_total_fte():
    d = doc(row())
    d["workforce"]["sw_seconded_out_fte"] = "50"
    assert _text(d) == [
        "moet kleiner zijn dan het totaal fte; deze SW-medewerkers zijn daarin meegeteld en "
        "worden ervan afgetrokken."
    ]


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("amount", "10000000000000", "het getal is te groot; het grootst toegestane is "
         "9.999.999.999.999,99."),
        ("supplier_weighted_fte", "123456789", "het getal is te groot; het grootst toegestane "
         "is 99.999.999,9999."),
        ("amount", "10.001", "gebruik ten hoogste 2 decimalen."),
        ("supplier", "S" * 201, "te lang: ten hoogste 200 tekens (nu 201); kort de tekst in."),
        ("supplier", "Groen\x00B.V.", "bevat stuurtekens (zoals een tab, regeleinde of "
         "NUL-teken); verwijder die."),
    ],
)  # fmt: skip
def test_limits_of_a_field_are_explained_in_dutch(field, value, text):
    assert _text(doc(row(), purchases=(purchase(**{field: value}),))) == [text]


def test_too_many_rows_and_the_cap_on_problems_are_explained():
    d = doc(row())
    d["purchases"] = [purchase()] * 50_001
    assert _text(d) == ["te veel rijen: ten hoogste 50.000 (nu 50.001)."]
    many = doc(*[row(f"R-{i}", hours_per_week="99") for i in range(150)])
    texts = _text(many)
    assert texts[-1] == "… en nog 50 fouten (alleen de eerste 100 staan hierboven)."


def test_a_document_that_is_too_large():
    assert _text(" " * (32 * 2**20 + 1)) == ["Het bestand is groter dan 32 MB."]


def test_a_code_newer_than_the_dutch_texts_says_so_in_dutch_with_the_engines_detail():
    with translation.override("nl"):
        text = problem_reason(Problem("workforce.total_fte", "brand_new_check", "too odd"))
    assert text == "deze waarde is niet toegestaan (too odd)."
