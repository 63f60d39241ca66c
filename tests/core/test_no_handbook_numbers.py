"""No template or form writes out a number or level name the handbook holds.

Scheme rules live in the handbook files (psoportal/methodology/handbooks/*.toml); a page that
repeats "80 %" or "25,5 uur" in its own text goes stale the day a new handbook changes them. For
each number of every shipped handbook this test writes it the ways a person would in Dutch
("80 %", "80%", "4 ×", "25,5", "2 fte", "Trede 3") and looks for it in templates/**/* and
psoportal/**/forms.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from psoportal.methodology.advice import cap_ratio
from psoportal.methodology.handbook import Handbook, handbook_list

ROOT = Path(__file__).resolve().parents[2]

# Text that looks like a handbook number but is not one, each with the reason.
ALLOWED = {
    # The version number of a form (optimistic concurrency), not the handbook's minimum of 1
    # full-time hour.
    "version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)",
    # The id of a membership (a positive primary key), not an hours bound.
    "membership = forms.IntegerField(widget=forms.HiddenInput, min_value=1)",
}


def _dutch(number: Decimal | Fraction) -> list[str]:
    """80 → ["80"]; 25.5 → ["25,5", "25.5"]; 2 → ["2", "2,0", "2,00"]."""
    if isinstance(number, Fraction):
        number = Decimal(number.numerator) / Decimal(number.denominator)
    number = Decimal(number).normalize()
    if number == number.to_integral_value():
        whole = str(int(number))
        return [whole, f"{whole},0", f"{whole},00"]
    plain = format(number, "f")
    return [plain.replace(".", ","), plain]


def _number(text: str) -> str:
    # Not part of a longer number: "80 %" must not match "180 %" or "0,80 %".
    return rf"(?<![\d.,]){re.escape(text)}"


def patterns(handbook: Handbook) -> Iterator[tuple[str, str]]:
    """(what it is, regular expression) for every handbook number a page might write out."""
    percentages = {
        "indirect cap": handbook.indirect_max_share_pct,
        "PSO 30+ minimum": handbook.pso30plus.minimum_pct,
    }
    for name, value in percentages.items():
        for text in _dutch(value):
            yield name, _number(text) + r"(\s|\u00a0|&nbsp;)?(%|procent)"
    for text in _dutch(cap_ratio(handbook.indirect_max_share_pct)):
        yield "cap factor", _number(text) + r"\s?[×x]\s"
        yield "cap factor", r"×\s?" + re.escape(text) + r"(?![\d,])"
    for text in _dutch(handbook.minimum_fte):
        yield "minimum fte", _number(text) + r"\s?fte"
    for text in _dutch(handbook.banenafspraak.hours_per_baan):
        yield "hours per baan", _number(text) + r"(?![\d])"
    hours = {
        "hours per week (max)": handbook.limits.hours_per_week_max,
        "full-time hours (min)": handbook.limits.fulltime_hours_min,
        "full-time hours (max)": handbook.limits.fulltime_hours_max,
    }
    for name, value in hours.items():
        for text in _dutch(value):
            # As a form bound (maximum="80", max_value=48, MaxValueValidator(Decimal("80")))
            # or in a sentence ("80 uur").
            yield name, (
                r"(minimum|maximum|min_value|max_value|Validator\((Decimal\()?)\s*=?\s*[\"']?"
                + re.escape(text) + r"[\"']?(?![\d.,])"
            )
            yield name, _number(text) + r"\s?(uur|uren)\b"
    for level in handbook.levels:
        yield f"level {level.code}", rf"(?i)(?<![\w]){re.escape(level.label_nl)}(?!\d)"
        yield f"level code {level.code}", rf"[\"']{re.escape(level.code)}[\"']"


def _files() -> list[Path]:
    templates = [p for p in (ROOT / "templates").rglob("*") if p.is_file()]
    forms = list((ROOT / "psoportal").rglob("forms.py"))
    return sorted(templates + forms)


def find_handbook_numbers(text: str, handbooks: tuple[Handbook, ...]) -> list[tuple[int, str, str]]:
    """(line number, what, the line) for every handbook number written out in ``text``."""
    compiled = [(name, re.compile(regex)) for hb in handbooks for name, regex in patterns(hb)]
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() in ALLOWED:
            continue
        for name, regex in compiled:
            if regex.search(line):
                found.append((number, name, line.strip()))
                break
    return found


def test_the_scan_reads_templates_and_forms():
    names = {str(p.relative_to(ROOT)) for p in _files()}
    assert "templates/assessments/result.html" in names
    assert "templates/core/home.html" in names
    assert "psoportal/assessments/forms.py" in names


@pytest.mark.parametrize("text", [
    "{{ banen }} banen van 25,5 uur",
    "Het indirecte deel is hoogstens 80 % van het totaal.",
    "Het indirecte deel is hoogstens 80% van het totaal.",
    "(4 × de directe bijdrage)",
    "Met minder dan 2 fte kan een organisatie niet gecertificeerd worden.",
    "alleen met trede 3 en minstens 30 %",
    "komt u in aanmerking voor de Aspirant-status.",
    "De norm voor de Basistrede is voorlopig",
    '{% if result.level == "aspirant" %}',
    'hours_per_week = _decimal(_("Uren per week"), maximum="80", places=2)',
    '_("Voltijduren per week"), minimum="1", maximum="48", places=1,',
])
def test_the_scan_finds_a_handbook_number_written_out(text):
    assert find_handbook_numbers(text, handbook_list())


@pytest.mark.parametrize("text", [
    "U hoort bij de 35 % organisaties met de grootste sociale bijdrage.",
    "Logt u meer dan twee jaar niet in, dan waarschuwen we u 30 en 7 dagen vooraf",
    "binnen 24 uur via deze link",
    "{{ value|pct:1 }} 180 % 0,80 %",
    "PSO 30+",
    "De hoogste trede.",
])
def test_the_scan_leaves_other_numbers_alone(text):
    assert find_handbook_numbers(text, handbook_list()) == []


def test_no_template_or_form_writes_out_a_handbook_number():
    handbooks = handbook_list()
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}: {text}"
        for path in _files()
        for line, what, text in find_handbook_numbers(path.read_text(), handbooks)
    ]
    assert found == [], (
        "Render these from the handbook in force ({% handbook_figures %}, {% level_label %}; "
        "forms: the handbook passed to the form):\n" + "\n".join(found)
    )
