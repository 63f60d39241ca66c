""""Alle rekenstappen" as labelled lines in the user's language, never engine keys
(issue 9 §7). The engine's keys are read from its source, so a new key without a label fails."""

import ast
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from psoportal.assessments.trace_lines import entry_for, trace_lines
from psoportal.methodology import scoring
from psoportal.methodology.assessment import parse_assessment
from psoportal.methodology.handbook import handbook_list
from psoportal.methodology.output import score_to_dict
from psoportal.methodology.scoring import score
from tests.assessments.conftest import EXAMPLES

# Figure names built with an f-string in the engine, and how to list every name they produce.
TEMPLATED = {
    "direct_fte.": lambda hb: [f"direct_fte.{c}.{k}" for c in hb.categories for k in hb.contracts],
    "norm.": lambda hb: [f"norm.{level.code}" for level in hb.normed_levels],
    "aspect.": lambda hb: [f"aspect.{aspect.code}" for aspect in hb.aspects],
}
RAW = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b|\bnull\b|\bNone\b|\bTrue\b|\bFalse\b")
# An engine decimal ("2.6000", "59.6") on a Dutch page; "1.575,00" is Dutch grouping.
DOT_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d,.])")


def _engine_figures() -> tuple[set[str], set[str]]:
    """(plain figure names, f-string prefixes) of every trace.add call in the engine."""
    tree = ast.parse(Path(scoring.__file__).read_text())
    plain, templated = set(), set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "add" and node.args):
            first = node.args[0]
            if isinstance(first, ast.Constant):
                plain.add(first.value)
            elif isinstance(first, ast.JoinedStr):
                templated.add(first.values[0].value)
    return plain, templated


def _example_steps(name):
    document = json.loads((EXAMPLES / f"{name}.json").read_text())
    result = score_to_dict(score(parse_assessment(document)), explain=True)
    return result["explanation"]["steps"], result


def test_every_figure_the_engine_writes_has_a_label():
    plain, templated = _engine_figures()
    assert len(plain) >= 20  # the AST walk found the engine's calls
    assert templated == set(TEMPLATED), "a new templated figure: add it to trace_lines.py"
    missing = [figure for figure in plain if entry_for(figure) is None]
    for handbook in handbook_list():
        for prefix in templated:
            missing += [f for f in TEMPLATED[prefix](handbook) if entry_for(f) is None]
    assert missing == []


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("0*.json")
                                        if not p.stem.endswith(".expected")))
def test_no_line_shows_an_engine_key_or_a_raw_value(name, language):
    steps, result = _example_steps(name)
    handbook = next(hb for hb in handbook_list() if hb.version == result["handbook"])
    with translation.override(language):
        lines = trace_lines(steps, handbook)
    assert len(lines) == len(steps)
    for line in lines:
        for text in (line.label, line.value, line.rule):
            assert not RAW.search(text), f"{text!r} in {line}"
            if language == "nl":
                assert not DOT_DECIMAL.search(text), f"{text!r} in {line}"
        assert line.anchor.startswith("par-")


def test_dutch_lines_use_dutch_numbers_and_units():
    steps, result = _example_steps("01-trede2-mixed")
    handbook = next(hb for hb in handbook_list() if hb.version == result["handbook"])
    with translation.override("nl"):
        lines = {line.label: line for line in trace_lines(steps, handbook)}
    assert lines["Gewogen doelgroep-fte (D)"].value == "2,6000 fte"
    assert lines["Directe bijdrage"].value == "5,20\u00a0%"
    assert lines["Totaal fte (T)"].value == "50 fte"
    assert lines["Dagen in het peiljaar"].rule.startswith("Van 01-01-2024 tot en met 31-12-2024")
    assert lines["Norm Trede 3"].rule.startswith("Niet gehaald")
    assert "categoriegewicht 0,75" in lines[
        "Gewogen fte: WW, ten minste 6 maanden WW vóór instroom, "
        "Regulier dienstverband (vast of tijdelijk)"].rule


def test_while_step_5_is_open_the_final_level_is_not_known_in_the_trace():
    steps, result = _example_steps("01-trede2-mixed")
    handbook = next(hb for hb in handbook_list() if hb.version == result["handbook"])
    with translation.override("nl"):
        lines = {line.label: line for line in trace_lines(steps, handbook, final_known=False)}
    assert lines["Voorlopige trede (met stap 5)"].value == "nog niet bekend"


@pytest.mark.django_db
def test_the_result_page_shows_labelled_lines_with_a_link_to_the_rule(login, alice, rekentool):
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert "Gewogen doelgroep-fte (D)" in content
    assert f'{reverse("mijnpso:rules")}?handboek=2.2#par-5-3' in content
    assert "direct_fte." not in content
    assert "level none" not in content and ">null<" not in content
