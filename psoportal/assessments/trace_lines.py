"""The engine's trace ("Alle rekenstappen") as lines a person reads: a label, the value with its
unit in the page's number format, the rule in words, and the handbook paragraph it comes from.

The engine writes each step as a figure key (`direct_fte.wia.regular`), a plain value
(`2.0000`, `null`, `trede_2`), a paragraph (`§5.3`) and an English formula for developers.
None of that is shown raw: each key has an entry here, and `tests/assessments/test_trace_lines.py`
fails when the engine can produce a key without one. Handbook numbers (the cap, the minimum fte,
hours per baan) come from the handbook, never from a literal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from psoportal.core.lib.numbers import as_written
from psoportal.core.templatetags.handbook import figures, label
from psoportal.core.templatetags.pso_format import euro, num, pct
from psoportal.methodology.handbook import Handbook

NULL = "null"


@dataclass(frozen=True)
class TraceLine:
    label: str
    value: str
    rule: str
    paragraph: str  # "§5.3", or "§5.1–§5.3"
    anchor: str  # the rules page's anchor of the (first) paragraph: "par-5-3"


@dataclass(frozen=True)
class _Context:
    handbook: Handbook
    inputs: Mapping[str, str]
    final_known: bool


def _fte(value: str) -> str:
    """A weighted or counted fte, with the engine's four places: "2,6000 fte"."""
    return _("%(fte)s fte") % {"fte": num(value, 4)}


def _t(value: str) -> str:
    """T as the user typed it: "50 fte", "62,5 fte"."""
    return _("%(fte)s fte") % {"fte": _written(value)}


def _level(ctx: _Context, code: str) -> str:
    if not code or code == "none":
        return _("geen trede")
    try:
        return label(ctx.handbook.level(code))
    except KeyError:
        return _("een trede die dit handboek niet kent")


def _yes_no(value: str) -> str:
    return _("ja") if value.lower() == "true" else _("nee")


def _date(value: str) -> str:
    # ISO "2024-01-01" -> the page's date style "01-01-2024"
    year, month, day = value.split("-")
    return f"{day}-{month}-{year}"


def _category(ctx: _Context, code: str) -> str:
    category = ctx.handbook.categories.get(code)
    if category is None:
        return _("onbekende categorie")
    return label(category)


def _contract(ctx: _Context, code: str) -> str:
    contract = ctx.handbook.contracts.get(code)
    if contract is None:
        return _("onbekende contractvorm")
    return label(contract)


def _period(ctx: _Context, category_code: str) -> str:
    category = ctx.handbook.categories.get(category_code)
    if category is None:
        return ""
    english = (get_language() or "nl").startswith("en")
    return category.period_en if english else category.period_nl


# figure -> (label, value formatter, rule in words). Formatters and rules get the context.
_Entry = tuple[Callable[[_Context], str], Callable[[_Context, str], str], Callable[[_Context], str]]


def _simple(figure_label: str, value: Callable[[_Context, str], str],
            rule: Callable[[_Context], str]) -> _Entry:
    return (lambda ctx: figure_label, value, rule)


def _entries() -> dict[str, _Entry]:
    def i(ctx: _Context, key: str) -> str:
        return ctx.inputs.get(key, "")

    return {
        "total_fte": _simple(
            _("Totaal fte (T)"), lambda ctx, v: _t(v),
            lambda ctx: _("Alle fte over het peiljaar, zonder SW-medewerkers die bij anderen "
                          "gedetacheerd zijn (%(sw)s).")
            % {"sw": _fte(i(ctx, "sw_seconded_out_fte"))},
        ),
        "peiljaar_days": _simple(
            _("Dagen in het peiljaar"),
            lambda ctx, v: ngettext("%(n)s dag", "%(n)s dagen", int(v)) % {"n": v},
            lambda ctx: _("Van %(start)s tot en met %(end)s. Een medewerker telt naar rato van "
                          "de dagen dat hij of zij meetelt.")
            % {"start": _date(i(ctx, "start")), "end": _date(i(ctx, "end"))},
        ),
        "direct_fte": _simple(
            _("Gewogen doelgroep-fte (D)"), lambda ctx, v: _fte(v),
            lambda ctx: _("De som van de gewogen fte hierboven."),
        ),
        "direct_pct": _simple(
            _("Directe bijdrage"), lambda ctx, v: pct(v),
            lambda ctx: _("100 × D (%(d)s) gedeeld door T (%(t)s).")
            % {"d": _fte(i(ctx, "D")), "t": _t(i(ctx, "T"))},
        ),
        "z": _simple(
            _("Aantal doelgroepmedewerkers (Z)"),
            lambda ctx, v: ngettext("%(n)s persoon", "%(n)s personen", int(v)) % {"n": v},
            lambda ctx: _("Medewerkers uit de doelgroep die in het peiljaar meer dan 0 fte "
                          "meetellen."),
        ),
        "indirect_fte": _simple(
            _("Indirecte bijdrage in fte (I)"), lambda ctx, v: _fte(v),
            lambda ctx: ngettext(
                "Per inkoop: bedrag gedeeld door de omzet van de leverancier, maal diens gewogen "
                "doelgroep-fte; over %(n)s inkoop van samen %(amount)s.",
                "Per inkoop: bedrag gedeeld door de omzet van de leverancier, maal diens gewogen "
                "doelgroep-fte; over %(n)s inkopen van samen %(amount)s.",
                int(i(ctx, "purchases") or 0),
            ) % {"n": i(ctx, "purchases"), "amount": euro(i(ctx, "amount"))}
            # No purchases: no sum of zero euros to read, just the fact.
            if int(i(ctx, "purchases") or 0)
            else _("Geen inkopen ingevuld."),
        ),
        "indirect_pct": _simple(
            _("Indirecte bijdrage"), lambda ctx, v: pct(v),
            lambda ctx: _("100 × I (%(i)s) gedeeld door T + I (T is %(t)s).")
            % {"i": _fte(i(ctx, "I")), "t": _t(i(ctx, "T"))},
        ),
        "indirect_pct_counted": _simple(
            _("Meegetelde indirecte bijdrage"), lambda ctx, v: pct(v),
            lambda ctx: _("Het indirecte deel mag hoogstens %(share)s van het totaal zijn "
                          "(%(factor)s × de directe bijdrage, hier %(cap)s); %(capped)s.")
            % {
                "share": figures(ctx.handbook).indirect_max_share,
                "factor": figures(ctx.handbook).cap_factor,
                "cap": pct(i(ctx, "cap")),
                "capped": _("begrensd") if i(ctx, "capped") == "True" else _("niet begrensd"),
            },
        ),
        "total_pct": _simple(
            _("Totale sociale bijdrage"), lambda ctx, v: pct(v),
            lambda ctx: _("Directe bijdrage (%(direct)s) plus meegetelde indirecte bijdrage "
                          "(%(indirect)s).")
            % {"direct": pct(i(ctx, "direct_pct")),
               "indirect": pct(i(ctx, "indirect_pct_counted"))},
        ),
        "size_row": _simple(
            _("Normrij (omvang)"),
            lambda ctx, v: _("geen: niet certificeerbaar") if v == NULL
            else _("%(fte)s fte") % {"fte": _written(v)},
            lambda ctx: (
                _("Onder %(minimum)s fte kan een organisatie niet gecertificeerd worden.")
                % {"minimum": figures(ctx.handbook).minimum_fte}
                if i(ctx, "published") == ""
                else _("T (%(t)s) afgerond op hele fte; de normen van die rij gelden (%(kind)s).")
                % {"t": _t(i(ctx, "T")),
                   "kind": _("gepubliceerd") if i(ctx, "published") == "True"
                   else _("geïnterpoleerd")}
            ),
        ),
        "quantitative_level": _simple(
            _("Behaalde trede op basis van de cijfers"), _level,
            lambda ctx: _("De hoogste trede waarvan het totaal de norm haalt."),
        ),
        "level": _simple(
            _("Voorlopige trede (met stap 5)"),
            lambda ctx, v: _level(ctx, v) if ctx.final_known else _("nog niet bekend"),
            lambda ctx: _level_rule(ctx),
        ),
        "pso30plus.pct": _simple(
            _("PSO 30+-percentage"), lambda ctx, v: "–" if v == NULL else pct(v),
            lambda ctx: _("100 × de ongewogen fte die voor PSO 30+ meetellen (%(counted)s), "
                          "gedeeld door T min de fte van contracten die niet meetellen "
                          "(%(excluded)s).")
            % {"counted": _fte(i(ctx, "counted_fte")), "excluded": _fte(i(ctx, "excluded_fte"))},
        ),
        "pso30plus.eligible": _simple(
            _("Komt in aanmerking voor PSO 30+"), lambda ctx, v: _yes_no(v),
            lambda ctx: _("Alleen met %(level)s en minstens %(minimum)s.")
            % {"level": figures(ctx.handbook).pso30plus_level,
               "minimum": figures(ctx.handbook).pso30plus_minimum},
        ),
        "banenafspraak.pct": _simple(
            _("Banenafspraak"), lambda ctx, v: pct(v),
            lambda ctx: _("100 × de ongewogen fte van de Banenafspraak-categorieën (%(fte)s) "
                          "gedeeld door T.") % {"fte": _fte(i(ctx, "fte"))},
        ),
        "banenafspraak.banen": _simple(
            _("Banen (Banenafspraak)"), lambda ctx, v: num(v, 2),
            lambda ctx: _("%(fte)s × %(hours)s voltijduren per week, gedeeld door %(baan)s uur "
                          "per baan.")
            % {"fte": _fte(i(ctx, "fte")), "hours": num(i(ctx, "fulltime_hours"), 0),
               "baan": figures(ctx.handbook).hours_per_baan},
        ),
        "next_level": _simple(
            _("Volgende trede"), lambda ctx, v: "–" if v in (NULL, "", "none") else _level(ctx, v),
            lambda ctx: (
                _("Norm %(norm)s: %(extra)s gewogen fte extra bij gelijk totaal fte, of "
                  "%(new)s aan nieuwe medewerkers.")
                % {"norm": pct(i(ctx, "N"), 1), "extra": num(i(ctx, "extra_direct_fte"), 4),
                   "new": _fte(i(ctx, "extra_direct_fte_new_staff"))}
                if i(ctx, "N")
                else _("Er is geen hogere trede.")
            ),
        ),
        "costs.annual_contribution": _simple(
            _("Jaarbijdrage PSO-Nederland"),
            lambda ctx, v: _("geen (niet certificeerbaar)") if v == NULL else euro(v),
            lambda ctx: _("Uit de tarieftabel van %(date)s, bij een totaal van %(t)s.")
            % {"date": _date(i(ctx, "date")), "t": _t(i(ctx, "T"))},
        ),
        "costs.pso30plus_fee": _simple(
            _("Eenmalige bijdrage PSO 30+"),
            lambda ctx, v: _("niet van toepassing") if Decimal(v) == 0 else euro(v),
            lambda ctx: _("Alleen als u in aanmerking komt voor PSO 30+."),
        ),
        "costs.audit_mandays": _simple(
            _("Richtlijn auditduur"),
            lambda ctx, v: _("geen richtlijn (niet certificeerbaar)") if v == NULL else ngettext(
                "%(n)s mandag", "%(n)s mandagen", 1 if Decimal(v) == 1 else 2
            ) % {"n": as_written(Decimal(v))},
            lambda ctx: (
                _("Voor de %(level)s bepaald door het gemiddeld aantal medewerkers "
                  "(%(headcount)s).")
                % {"level": _level(ctx, i(ctx, "level")),
                   "headcount": _written(i(ctx, "average_headcount") or "0")}
                if i(ctx, "level") == ctx.handbook.fallback_level.code
                else _("Voor %(level)s bepaald door het aantal doelgroepmedewerkers Z (%(z)s).")
                % {"level": _level(ctx, i(ctx, "level")), "z": i(ctx, "z")}
            ),
        ),
    }


def _level_rule(ctx: _Context) -> str:
    if not ctx.final_known:
        return _("Bekend zodra alle kwalitatieve vragen van stap 5 zijn beantwoord.")
    return _("De trede op basis van de cijfers, als aan alle kwalitatieve eisen van die trede is "
             "voldaan; anders de %(fallback)s als het plan van aanpak voldoet; anders geen "
             "trede.") % {"fallback": figures(ctx.handbook).fallback_level}


_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Entry]]] = [
    (re.compile(r"^direct_fte\.(?P<category>[a-z0-9_]+)\.(?P<contract>[a-z0-9_]+)$"),
     lambda m: (
         lambda ctx: _("Gewogen fte: %(category)s, %(contract)s") % {
             "category": _category(ctx, m["category"]),
             "contract": _contract(ctx, m["contract"])},
         lambda ctx, v: _fte(v),
         lambda ctx: _("%(fte)s × categoriegewicht %(cw)s × contractgewicht %(kw)s; "
                       "telt %(period)s.")
         % {"fte": _fte(ctx.inputs.get("fte", "")),
            "cw": _written(ctx.inputs.get("category_weight", "")),
            "kw": _written(ctx.inputs.get("contract_weight", "")),
            "period": _period(ctx, m["category"])},
     )),
    (re.compile(r"^norm\.(?P<level>[a-z0-9_]+)$"),
     lambda m: (
         lambda ctx: _("Norm %(level)s") % {"level": _level(ctx, m["level"])},
         lambda ctx, v: pct(v, 1),
         lambda ctx: (_("Gehaald: het totaal (%(total)s) is gelijk aan of hoger dan de norm.")
                      if ctx.inputs.get("reached") == "True"
                      else _("Niet gehaald: het totaal (%(total)s) is lager dan de norm."))
         % {"total": pct(ctx.inputs.get("total_pct", ""))},
     )),
    (re.compile(r"^aspect\.(?P<aspect>[a-z0-9_]+)$"),
     lambda m: (
         lambda ctx: _("Kwalitatief: %(aspect)s") % {"aspect": _aspect(ctx, m["aspect"])},
         lambda ctx, v: _("voldaan") if v == "met" else _("niet voldaan"),
         lambda ctx: _("Voldaan als elke vraag van dit onderwerp met ja is beantwoord. Geldt "
                       "voor: %(levels)s.")
         % {"levels": ", ".join(
             _level(ctx, code.strip())
             for code in ctx.inputs.get("levels", "").split(",") if code.strip())},
     )),
]


def _written(value: str) -> str:
    try:
        return as_written(Decimal(value))
    except InvalidOperation:
        return "–"


def _aspect(ctx: _Context, code: str) -> str:
    for aspect in ctx.handbook.aspects:
        if aspect.code == code:
            return label(aspect)
    return _("onbekend onderwerp")


def entry_for(figure: str, entries: dict[str, _Entry] | None = None) -> _Entry | None:
    """The entry of one figure. The table is built per call because its labels are translated
    when it is built; `trace_lines` builds it once for all steps of a page."""
    entry = (entries if entries is not None else _entries()).get(figure)
    if entry is not None:
        return entry
    for pattern, build in _PATTERNS:
        match = pattern.match(figure)
        if match:
            return build(match)
    return None


def _anchor(paragraph: str) -> str:
    first = re.search(r"§(\d+(?:\.\d+)?)", paragraph)
    return "par-" + first.group(1).replace(".", "-") if first else ""


def trace_lines(
    steps: list[Mapping[str, Any]], handbook: Handbook, *, final_known: bool = True
) -> list[TraceLine]:
    """Every step of the engine's explanation as a readable line; a step without an entry
    (a newer engine than this table) is left out rather than shown raw."""
    lines = []
    entries = _entries()
    for step in steps:
        entry = entry_for(step["figure"], entries)
        if entry is None:
            continue
        ctx = _Context(handbook, step.get("inputs") or {}, final_known)
        figure_label, value, rule = entry
        lines.append(TraceLine(
            label=figure_label(ctx),
            value=value(ctx, step["value"]),
            rule=rule(ctx),
            paragraph=step["rule"].replace("-", "–"),
            anchor=_anchor(step["rule"]),
        ))
    return lines
