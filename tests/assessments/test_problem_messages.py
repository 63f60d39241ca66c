"""One source for the text of the engine's problems (psoportal/assessments/problem_messages.py):
the "Nog te doen" list of steps 3 and 4 and the errors of an import say the same thing in the
same line format — the field as the Excel export names it, then the reason — and both lists
stop after 100 lines with one "… en nog N fouten" line."""

from __future__ import annotations

import ast
import datetime as dt
import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from psoportal.assessments.models import TargetGroupEmployee
from psoportal.assessments.problem_messages import REASONS, problem_lines
from psoportal.assessments.selectors import rekentool_handbook
from psoportal.methodology.problems import Problem, more_problems
from psoportal.methodology.rounding import plain

ENGINE = Path(__file__).resolve().parents[2] / "psoportal" / "methodology"


def _code_argument(call: ast.Call) -> ast.expr | None:
    """The ``code`` of a ``Problem(path, code, …)``, a checker's ``c.add(path, code, …)`` or
    an internal ``_NumberLiteral(code)``; None for any other call."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name == "Problem":
        if len(call.args) >= 2:
            return call.args[1]
        return next((k.value for k in call.keywords if k.arg == "code"), None)
    if (
        name == "add"
        and isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in {"c", "self"}  # the engine's _Checker (not a set or a trace)
        and len(call.args) >= 2
    ):
        return call.args[1]
    if name == "_NumberLiteral" and call.args:
        return call.args[0]
    return None


def _engine_codes() -> tuple[set[str], set[str]]:
    """Every problem code written in the engine's source, and the code arguments that are not
    written out (a variable passed on)."""
    codes: set[str] = set()
    passed_on: set[str] = set()
    for source in sorted(ENGINE.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(), str(source))):
            if not isinstance(node, ast.Call) or (argument := _code_argument(node)) is None:
                continue
            found = {
                n.value
                for n in ast.walk(argument)
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
            codes |= found
            if not found:
                passed_on.add(f"{source.name}: {ast.unparse(argument)}")
    return codes, passed_on


def test_every_problem_code_the_engine_can_produce_has_a_dutch_reason():
    codes, passed_on = _engine_codes()
    # The collector sees the engine: a sample of codes from each of its ways to make a problem.
    assert {"missing", "out_of_range", "not_json", "direct_above_total", "more_problems",
            "unknown_category", "number_too_large", "unknown_handbook"} <= codes  # fmt: skip
    # Only _Checker.add hands a code on; every other code is written where it is raised.
    assert passed_on == {"assessment.py: code"}
    assert sorted(codes - REASONS.keys()) == []


# Params of every shape a reason reads, so each reason renders its full sentence.
_PARAMS = {
    "count": 3, "places": 2, "maximum": "5", "minimum": "1", "max_length": 5, "length": 9,
    "rows": 5, "purchases": 5, "direct_fte": "241.775", "total_fte": "62",
    "target_group_fte": "70", "expected": "2024-12-31", "digits": 8, "maximum_bytes": 1048576,
}  # fmt: skip


def test_every_problem_code_the_engine_can_produce_has_an_english_reason_in_english_notation():
    codes, _passed_on = _engine_codes()
    untranslated = []
    for code in sorted(codes):
        with translation.override("nl"):
            dutch = REASONS[code](_PARAMS)
        with translation.override("en"):
            english = REASONS[code](_PARAMS)
        if english == dutch:
            untranslated.append(code)
    assert untranslated == []
    with translation.override("en"):
        assert "241.7750" in REASONS["direct_above_total"](_PARAMS)
    with translation.override("nl"):
        assert "241,7750" in REASONS["direct_above_total"](_PARAMS)


def _bad_hours(rekentool, refs=("D-001",)) -> None:
    TargetGroupEmployee.objects.filter(rekentool=rekentool, ref__in=refs).update(
        hours_per_week=Decimal("95")
    )


def _todo(content: str) -> list[str]:
    """The lines of the "Nog te doen" list, as the user reads them."""
    section = re.search(r'<section class="notice notice-todo".*?</section>', content, re.S)
    assert section, "no Nog te doen list on the page"
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", li)).split())
        for li in re.findall(r"<li>(.*?)</li>", section[0], re.S)
    ]


@pytest.mark.parametrize("page", ["mijnpso:result", "mijnpso:target_group"])
def test_the_todo_list_names_a_bad_row_as_the_excel_export_does_not_by_its_path(
    login, alice, rekentool, page
):
    _bad_hours(rekentool)
    content = login(alice).get(reverse(page, args=[rekentool.pk])).content.decode()
    limits = rekentool_handbook(rekentool).limits
    low, high = plain(limits.hours_per_week_min), plain(limits.hours_per_week_max)
    assert _todo(content) == [
        f"Doelgroep, medewerker 1, Uren per week: moet tussen {low} en {high} liggen."
    ]
    assert "target_group[0]" not in content


def test_in_english_the_todo_list_names_the_column_by_its_english_header(
    client, login, alice, rekentool
):
    _bad_hours(rekentool)
    client = login(alice)
    client.cookies["pso_language"] = "en"
    content = client.get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    assert '<html lang="en">' in content
    [line] = _todo(content)
    assert ", Hours per week: " in line
    assert "target_group[0]" not in content


def _many_bad_rows(rekentool, count: int) -> None:
    TargetGroupEmployee.objects.bulk_create(
        TargetGroupEmployee(
            rekentool=rekentool, ref=f"X-{n:04}", category="wia", contract="regular",
            hours_per_week=Decimal("95"), employed_from=dt.date(2020, 1, 1),
        )
        for n in range(count)
    )  # fmt: skip


def test_a_rekentool_with_150_bad_rows_lists_100_and_counts_the_other_50_once(
    login, alice, rekentool
):
    _many_bad_rows(rekentool, 150)
    content = login(alice).get(reverse("mijnpso:result", args=[rekentool.pk])).content.decode()
    lines = _todo(content)
    assert len(lines) == 101
    assert lines[0].startswith("Doelgroep, medewerker 4, Uren per week: moet tussen ")
    assert lines[99].startswith("Doelgroep, medewerker 103, Uren per week: ")
    assert lines[100] == "… en nog 50 fouten (alleen de eerste 100 staan hierboven)."
    assert content.count("en nog") == 1


def test_an_import_with_150_bad_rows_lists_100_and_counts_the_other_50_once(
    login, alice, rekentool
):
    client = login(alice)
    exported = client.get(reverse("mijnpso:export", args=[rekentool.pk, "json"])).content
    document = json.loads(exported)
    row = document["target_group"][0]
    document["target_group"] = [{**row, "ref": f"X-{n:04}", "hours_per_week": "95"}
                                for n in range(150)]  # fmt: skip
    upload = SimpleUploadedFile("rekentool.json", json.dumps(document).encode())
    response = client.post(reverse("mijnpso:import", args=[rekentool.pk]), {"file": upload})
    content = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Doelgroep, medewerker 100, Uren per week: moet tussen " in content
    assert "Doelgroep, medewerker 101," not in content
    assert "… en nog 50 fouten (alleen de eerste 100 staan hierboven)." in content
    assert content.count("en nog") == 1


def test_problems_past_the_cap_and_those_the_engine_only_counted_make_one_closing_line():
    built = [Problem(f"target_group[{n}].ref", "duplicate_ref", "duplicate") for n in range(120)]
    with translation.override("nl"):
        lines = problem_lines([*built, more_problems(30)])
    assert len(lines) == 101
    assert lines[0] == "Doelgroep, medewerker 1, Referentie: deze referentie komt vaker voor."
    assert lines[-1] == "… en nog 50 fouten (alleen de eerste 100 staan hierboven)."


def test_an_unknown_key_in_a_row_is_named_after_the_row():
    problem = Problem("target_group[0].kleur van de rij", "unknown_key", "unknown key")
    with translation.override("nl"):
        [line] = problem_lines([problem])
    assert line == (
        "Doelgroep, medewerker 1, kleur van de rij: is geen veld van een rekentool; verwijder het."
    )
