"""The engine's problems (psoportal.methodology) in the user's language: the one place that
turns a ``Problem(path, code, message, params)`` into text.

Used for every list of engine problems the web shows: the "Nog te doen" list of steps 3 and 4
(templates/assessments/problems.html, through the ``problem_lines`` filter) and the errors of
an imported rekentool (views/transfer.py). A line is "field: reason": the field in the words
of the Excel export ("Doelgroep, medewerker 4, Uren per week"), the reason from the code and
its params in Dutch notation (1.234,5; 2,5000 fte; 31-12-2024). A list shows at most
``MAX_SHOWN_ERRORS`` lines and then one "… en nog N fouten" line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from psoportal.assessments.selectors import ROWS_PER_PAGE
from psoportal.assessments.spreadsheet.columns import TARGET_GROUP_COLUMNS
from psoportal.assessments.spreadsheet.errors import MAX_SHOWN_ERRORS
from psoportal.assessments.spreadsheet.workbook import MAIN_FIELDS, PURCHASE_COLUMNS
from psoportal.methodology.limits import FTE
from psoportal.methodology.problems import Problem
from psoportal.methodology.rounding import plain

# The engine's last problem of a capped list: ``count`` more were found but not built.
MORE_PROBLEMS = "more_problems"

# "target_group[3].ref", "purchases[0].amount", "organisation.entities[1].kvk"
# (an unknown key is named as the engine shows it: "target_group[0].kleur van de rij")
_LIST_ITEM = re.compile(r"(target_group|purchases|organisation\.entities)\[(\d+)\](?:\.(.+))?\Z")
# "qualitative.inclusie[2]": one answer of an aspect
_ANSWER = re.compile(r"qualitative\.(\w+)(?:\[(\d+)\])?\Z")


# -- figures of a problem, in the notation of the active language -------------------------------


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(value) if value is not None else None
    except (InvalidOperation, TypeError, ValueError):
        return None


def _number(value: Any, places: int | None = None) -> str:
    """1.234.567,5: the digits the engine gave (or ``places`` of them), with grouping."""
    number = _decimal(value)
    if number is None:
        return "?"
    if places is None:
        places = len(plain(number).partition(".")[2])
    return number_format(number, decimal_pos=int(places), force_grouping=True)


def _fte(value: Any) -> str:
    """An fte figure with the places fte is kept in (2,0000): the engine rounds a figure above
    T up, so the two never look equal."""
    return _number(value, FTE.places)


def _day(value: Any) -> str:
    """31-12-2024; a stored problem carries its date as ISO text."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return date_format(value, "d-m-Y") if isinstance(value, dt.date) else "?"


def _count(value: Any) -> str:
    return _number(value, 0)


# -- code → reason ------------------------------------------------------------------------------


def _number_too_large(p: Mapping[str, Any]) -> str:
    if "maximum" in p:
        return _("het getal is te groot; het grootst toegestane is %(maximum)s.") % {
            "maximum": _number(p["maximum"], p.get("places"))
        }
    return _("het getal is te groot of heeft te veel decimalen (of een te grote exponent).")


def _too_many_decimals(p: Mapping[str, Any]) -> str:
    places = int(p.get("places", 0))
    return ngettext(
        "gebruik ten hoogste %(places)s decimaal.",
        "gebruik ten hoogste %(places)s decimalen.",
        places,
    ) % {"places": places}


def _more(p: Mapping[str, Any], shown: int | None = None) -> str:
    count = int(p.get("count", 0))
    return ngettext(
        "… en nog %(count)s fout (alleen de eerste %(shown)s staan hierboven).",
        "… en nog %(count)s fouten (alleen de eerste %(shown)s staan hierboven).",
        count,
    ) % {"count": _count(count), "shown": MAX_SHOWN_ERRORS if shown is None else shown}


# Code → Dutch reason; the params are those the engine attached to the problem. Every code the
# engine can produce is here (tests/assessments/test_problem_messages.py reads the engine).
REASONS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "not_json": lambda p: _("Het bestand is geen geldige JSON en geen Excel-export."),
    "unreadable": lambda p: _("Het bestand kan niet gelezen worden."),
    "document_too_large": lambda p: (
        _("Het bestand is groter dan %(limit)s MB.")
        % {"limit": int(p.get("maximum_bytes", 0)) // 1024 // 1024}
    ),
    "too_many_values": lambda p: (
        _(
            "Het bestand bevat meer waarden dan een rekentool kan hebben (hoogstens "
            "%(rows)s doelgroepmedewerkers en %(purchases)s inkopen); dit is geen export van "
            "een rekentool."
        )
        % {"rows": _count(p.get("rows", 0)), "purchases": _count(p.get("purchases", 0))}
    ),
    MORE_PROBLEMS: _more,
    "missing": lambda p: _("ontbreekt; vul deze waarde in."),
    "not_object": lambda p: _("moet een object met velden zijn."),
    "not_list": lambda p: _("moet een lijst zijn."),
    "not_string": lambda p: _("moet tekst zijn."),
    "empty": lambda p: _("mag niet leeg zijn."),
    "not_text": lambda p: _("bevat tekens die geen tekst zijn; verwijder ze."),
    "control_characters": lambda p: _(
        "bevat stuurtekens (zoals een tab, regeleinde of NUL-teken); verwijder die."
    ),
    "too_long": lambda p: (
        _("te lang: ten hoogste %(maximum)s tekens (nu %(length)s); kort de tekst in.")
        % {"maximum": _count(p.get("max_length")), "length": _count(p.get("length"))}
    ),
    "not_number": lambda p: _("moet een getal zijn."),
    "inexact_number": lambda p: _("moet een exact getal zijn (een decimaal getal als tekst)."),
    "number_too_large": _number_too_large,
    "too_many_decimals": _too_many_decimals,
    "too_many_rows": lambda p: (
        _("te veel rijen: ten hoogste %(maximum)s (nu %(count)s).")
        % {"maximum": _count(p.get("maximum")), "count": _count(p.get("count"))}
    ),
    "direct_above_total": lambda p: (
        _(
            "het gewogen doelgroep-fte (%(direct)s) is groter dan het totaal fte (%(total)s); "
            "controleer de uren per week van de doelgroepmedewerkers in stap 3C of het totaal "
            "fte in stap 3B."
        )
        % {"direct": _fte(p.get("direct_fte")), "total": _fte(p.get("total_fte"))}
    ),
    "target_group_exceeds_total": lambda p: (
        _(
            "de doelgroepmedewerkers tellen samen op tot %(staff)s fte, meer dan het totaal fte "
            "(%(total)s) waar zij deel van uitmaken; controleer hun uren per week in stap 3C of "
            "het totaal fte in stap 3B."
        )
        % {"staff": _fte(p.get("target_group_fte")), "total": _fte(p.get("total_fte"))}
    ),
    "not_date": lambda p: _("moet een datum zijn (JJJJ-MM-DD)."),
    "not_boolean": lambda p: _("moet true of false zijn."),
    "unknown_key": lambda p: _("is geen veld van een rekentool; verwijder het."),
    "out_of_range": lambda p: (
        _("moet tussen %(low)s en %(high)s liggen.")
        % {"low": _number(p.get("minimum")), "high": _number(p.get("maximum"))}
    ),
    "kvk_format": lambda p: (
        _("moet een KvK-nummer van %(digits)s cijfers zijn.") % {"digits": p.get("digits", "?")}
    ),
    "wrong_format": lambda p: _("dit is geen pso-assessment/1-document."),
    "unknown_handbook": lambda p: _("dit handboek is onbekend."),
    "no_handbook": lambda p: _("er geldt geen handboek op deze datum."),
    "peiljaar_length": lambda p: (
        _("moet %(expected)s zijn: zo lang is een peiljaar volgens het handboek.")
        % {"expected": _day(p.get("expected"))}
    ),
    "not_positive": lambda p: _("moet groter dan 0 zijn."),
    "negative": lambda p: _("mag niet negatief zijn."),
    "not_below_total": lambda p: _(
        "moet kleiner zijn dan het totaal fte; deze SW-medewerkers zijn daarin meegeteld en "
        "worden ervan afgetrokken."
    ),
    "duplicate_ref": lambda p: _("deze referentie komt vaker voor."),
    "bsn_in_ref": lambda p: _("deze referentie lijkt een BSN; gebruik een anonieme code."),
    "unknown_category": lambda p: _("onbekende categorie."),
    "unknown_contract": lambda p: _("onbekende contractvorm."),
    "unknown_kind": lambda p: _("onbekende soort inkoop."),
    "end_before_start": lambda p: _("de einddatum ligt vóór de begindatum."),
    "above_turnover": lambda p: _("het bedrag is hoger dan de omzet van de leverancier."),
    "answer_count": lambda p: (
        _("geef één antwoord per vraag (%(expected)s).") % {"expected": p.get("expected", "?")}
    ),
}


def problem_reason(problem: Problem) -> str:
    """Why the engine refused a value, in the active language."""
    reason = REASONS.get(problem.code)
    if reason is None:  # a check newer than this module: say so, keep the engine's detail
        return _("deze waarde is niet toegestaan (%(detail)s).") % {"detail": problem.message}
    return reason(problem.params)


# -- path → field label -------------------------------------------------------------------------


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _column(key: str | None) -> str | None:
    """A target-group column by its document key, as the sheet headers it."""
    for column in TARGET_GROUP_COLUMNS:
        if column.key == key:
            return column.header_en if _english() else column.header
    return key


def field_label(path: str) -> str:
    """Where a problem is, in the words of the Excel export (sheet, row of the list, column);
    the path itself for a field the export does not have (an unknown key)."""
    item = _LIST_ITEM.match(path)
    if item:
        part, number, key = item[1], int(item[2]) + 1, item[3]
        if part == "target_group":
            where = _("Doelgroep, medewerker %(number)s") % {"number": _count(number)}
            name = _column(key)
        elif part == "purchases":
            where = _("Inkopen, inkoop %(number)s") % {"number": _count(number)}
            name = {c[0]: c[1] for c in PURCHASE_COLUMNS}.get(key or "", key)
        else:
            where = _("Onderliggende entiteit %(number)s") % {"number": _count(number)}
            name = {"name": _("naam"), "kvk": _("KvK-nummer")}.get(key or "", key)
        return f"{where}, {name}" if name else where
    answer = _ANSWER.match(path)
    if answer:
        if answer[2] is None:
            return _("Kwalitatief, aspect %(code)s") % {"code": answer[1]}
        return _("Kwalitatief, aspect %(code)s, vraag %(number)s") % {
            "code": answer[1],
            "number": int(answer[2]) + 1,
        }
    labels = {field: _(label) for field, label, _kind in MAIN_FIELDS}  # msgids: en-words.po
    labels.update(
        {
            "target_group": _("Doelgroep"),
            "purchases": _("Inkopen"),
            "qualitative": _("Kwalitatief"),
            "organisation": _("Organisatie"),
            "organisation.entities": _("Onderliggende entiteiten"),
            "peiljaar": _("Peiljaar"),
            "workforce": _("Personeel"),
        }
    )
    return labels.get(path, path)


# -- lines --------------------------------------------------------------------------------------


def problem_line(problem: Problem) -> str:
    """One problem as "field: reason"; the reason alone for the document as a whole."""
    reason = problem_reason(problem)
    if not problem.path:
        return reason
    return f"{field_label(problem.path)}: {reason}"


def problem_lines(problems: Iterable[Problem], limit: int = MAX_SHOWN_ERRORS) -> list[str]:
    """The first ``limit`` problems as lines, then one "… en nog N fouten" line counting the
    rest: those past ``limit`` and those the engine counted without building them (its
    ``more_problems``), so a list never has two such lines."""
    lines: list[str] = []
    hidden = 0
    for problem in problems:
        if problem.code == MORE_PROBLEMS:
            hidden += int(problem.params.get("count", 0))
        elif len(lines) < limit:
            lines.append(problem_line(problem))
        else:
            hidden += 1
    if hidden:
        lines.append(_more({"count": hidden}, shown=len(lines)))
    return lines


# -- path → where to fix it ---------------------------------------------------------------------

# Document field → (page, form field id) of the step where the user types it.
_FIELD_PAGES: dict[str, tuple[str, str]] = {
    "peiljaar": ("mijnpso:data", "id_peiljaar_month"),
    "peiljaar.start": ("mijnpso:data", "id_peiljaar_month"),
    "peiljaar.end": ("mijnpso:data", "id_peiljaar_month"),
    "organisation.fulltime_hours": ("mijnpso:data", "id_fulltime_hours"),
    "workforce": ("mijnpso:data", "id_total_fte"),
    "workforce.total_fte": ("mijnpso:data", "id_total_fte"),
    "workforce.average_headcount": ("mijnpso:data", "id_average_headcount"),
    "workforce.sw_seconded_out_fte": ("mijnpso:data", "id_sw_seconded_out_fte"),
    "target_group": ("mijnpso:target_group", "main"),
    "purchases": ("mijnpso:purchases", "main"),
    "qualitative": ("mijnpso:qualitative", "main"),
}
# Rows of 3C and 3D: page ?pagina=N, anchor #medewerker-K / #inkoop-K (K counts from 1).
_ROW_PAGES = {"target_group": ("mijnpso:target_group", "medewerker"),
              "purchases": ("mijnpso:purchases", "inkoop")}


def problem_href(problem: Problem, rekentool_id: int) -> str | None:
    """The link to the field or row to fix: step 3A's ``#id_total_fte``, the 3C row
    ``?pagina=N#medewerker-K``; None for a problem of the document as a whole."""
    path = problem.path or ""
    item = _LIST_ITEM.match(path)
    if item and item[1] in _ROW_PAGES:
        name, anchor = _ROW_PAGES[item[1]]
        index = int(item[2])
        page = index // ROWS_PER_PAGE + 1
        return f"{reverse(name, args=[rekentool_id])}?pagina={page}#{anchor}-{index + 1}"
    if path.startswith("qualitative"):
        path = "qualitative"
    target = _FIELD_PAGES.get(path) or _FIELD_PAGES.get(path.partition("[")[0])
    if target is None:
        return None
    return f"{reverse(target[0], args=[rekentool_id])}#{target[1]}"


def problem_items(
    problems: Iterable[Problem], rekentool_id: int, limit: int = MAX_SHOWN_ERRORS
) -> list[tuple[str, str | None]]:
    """Like ``problem_lines``, each line with the link to where it is fixed."""
    problems = list(problems)
    lines = problem_lines(problems, limit)
    shown = [p for p in problems if p.code != MORE_PROBLEMS][:limit]
    hrefs = [problem_href(p, rekentool_id) for p in shown]
    return [(line, hrefs[i] if i < len(hrefs) else None) for i, line in enumerate(lines)]
