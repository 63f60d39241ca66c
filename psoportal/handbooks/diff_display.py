"""A handbook diff as the version's page shows it: per section a table in the page's language,
things named by their label and code, numbers and dates in the page's format."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from psoportal.core.templatetags.handbook import label
from psoportal.core.templatetags.pso_format import euro, figure, num
from psoportal.methodology.handbook import (
    Aspect,
    Band,
    FeeTable,
    Handbook,
    NormRow,
    Question,
)
from psoportal.methodology.handbook_diff import (
    ADDED,
    CHANGED,
    REMOVED,
    RENAMED,
    Change,
    HandbookDiff,
)

SECTION_TITLES = {
    "handbook": gettext_lazy("Versie en titel"),
    "norms": gettext_lazy("Normen"),
    "levels": gettext_lazy("Treden"),
    "categories": gettext_lazy("Doelgroepcategorieën"),
    "contracts": gettext_lazy("Contractvormen"),
    "purchase_kinds": gettext_lazy("Soorten inkoop"),
    "banenafspraak": gettext_lazy("Banenafspraak"),
    "pso30plus": gettext_lazy("PSO 30+"),
    "aspects": gettext_lazy("Aspecten en vragen"),
    "fees": gettext_lazy("Tarieven"),
    "mandays": gettext_lazy("Mandagen"),
    "vat": gettext_lazy("Btw"),
    "dates": gettext_lazy("Termijnen"),
    "audit": gettext_lazy("Audit"),
    "register": gettext_lazy("Register"),
    "limits": gettext_lazy("Grenzen van de invoer"),
    "certification": gettext_lazy("Certificering"),
    "indirect": gettext_lazy("Indirecte bijdrage"),
}

KINDS = {
    ADDED: gettext_lazy("toegevoegd"),
    REMOVED: gettext_lazy("verwijderd"),
    RENAMED: gettext_lazy("hernoemd"),
    CHANGED: gettext_lazy("gewijzigd"),
}

FIELDS = {
    "version": gettext_lazy("versie"),
    "effective": gettext_lazy("ingangsdatum"),
    "title_nl": gettext_lazy("titel (Nederlands)"),
    "title_en": gettext_lazy("titel (Engels)"),
    "label_nl": gettext_lazy("naam (Nederlands)"),
    "label_en": gettext_lazy("naam (Engels)"),
    "weight": gettext_lazy("gewicht"),
    "provisional": gettext_lazy("voorlopig"),
    "counting_period": gettext_lazy("telperiode"),
    "start": gettext_lazy("telperiode begint bij"),
    "years": gettext_lazy("jaren"),
    "until": gettext_lazy("telperiode loopt tot"),
    "period_nl": gettext_lazy("telperiode in woorden (Nederlands)"),
    "period_en": gettext_lazy("telperiode in woorden (Engels)"),
    "max_years": gettext_lazy("hoogstens jaren"),
    "norm": gettext_lazy("heeft een norm"),
    "norm_provisional": gettext_lazy("norm voorlopig"),
    "order": gettext_lazy("volgorde"),
    "levels": gettext_lazy("treden"),
    "text_nl": gettext_lazy("vraag (Nederlands)"),
    "text_en": gettext_lazy("vraag (Engels)"),
    "evidence_nl": gettext_lazy("bewijs (Nederlands)"),
    "evidence_en": gettext_lazy("bewijs (Engels)"),
    "amount": gettext_lazy("bedrag"),
    "pso30plus_fee": gettext_lazy("tarief PSO 30+"),
    "annual_contribution": gettext_lazy("jaarbijdrage"),
    "events": gettext_lazy("kostenposten"),
    "categories": gettext_lazy("categorieën"),
    "hours_per_baan": gettext_lazy("uren per baan"),
    "level": gettext_lazy("trede"),
    "minimum_pct": gettext_lazy("minimumpercentage"),
    "categories_auto": gettext_lazy("categorieën die altijd meetellen"),
    "categories_indicated": gettext_lazy("categorieën die meetellen met een indicatie"),
    "categories_never": gettext_lazy("categorieën die nooit meetellen"),
    "contracts": gettext_lazy("contractvormen"),
    "rate_pct": gettext_lazy("btw-percentage"),
    "minimum_fte": gettext_lazy("minimum aantal fte"),
    "max_share_pct": gettext_lazy("hoogste aandeel van het totaal (%)"),
    "aspirant": gettext_lazy("mandagen bij de trede zonder norm"),
    "trede": gettext_lazy("mandagen bij de treden met een norm"),
    "first_invoice_after_days": gettext_lazy("eerste factuur na (dagen)"),
    "second_invoice_after_years": gettext_lazy("tweede factuur na (jaren)"),
    "payment_term_days": gettext_lazy("betaaltermijn (dagen)"),
    "certificate_years": gettext_lazy("geldigheid van een certificaat (jaren)"),
    "expiry_notice_months": gettext_lazy("bericht vóór het verlopen (maanden)"),
    "cancellation_window_months": gettext_lazy("annuleringstermijn (maanden)"),
    "half_credit_window_months": gettext_lazy("termijn voor een halve creditering (maanden)"),
    "three_month_rule_months": gettext_lazy("driemaandenregel (maanden)"),
    "payment_reminder_after_days": gettext_lazy("betalingsherinnering na (dagen)"),
    "report_due_days": gettext_lazy("auditrapport binnen (dagen)"),
    "aspirant_max_extensions": gettext_lazy("verlengingen van de trede zonder norm"),
    "sample": gettext_lazy("steekproef"),
    "expiring_soon_months": gettext_lazy("verloopt binnenkort (maanden)"),
    "peiljaar_months": gettext_lazy("peiljaar (maanden)"),
    "hours_per_week_min": gettext_lazy("uren per week, minimum"),
    "hours_per_week_max": gettext_lazy("uren per week, maximum"),
    "fulltime_hours_min": gettext_lazy("voltijduren, minimum"),
    "fulltime_hours_max": gettext_lazy("voltijduren, maximum"),
    "kvk_digits": gettext_lazy("cijfers van een KvK-nummer"),
    "published": gettext_lazy("gepubliceerd"),
}
_MONEY = {"amount", "pso30plus_fee", "annual_contribution"}


@dataclasses.dataclass(frozen=True)
class Row:
    path: str
    item: str  # the thing changed, by label and code ("ID-baan (id_baan)"); "" for a setting
    kind: str  # added / removed / renamed (with "old → new") / changed, in words
    field: str
    old: str
    new: str


def diff_display(diff: HandbookDiff, *, old: Handbook, new: Handbook) -> dict[str, Any]:
    """The page's view of a diff: {"sections": [{"name", "title", "rows"}, ...]}; the norms
    section has "norms" ({"summary", "values", "others"}) instead of rows."""
    sections = []
    for section in diff.sections:
        entry = {"name": section.name, "title": SECTION_TITLES[section.name]}
        if section.name == "norms":
            entry["norms"] = _norms(section.changes, diff, new)
        else:
            entry["rows"] = [_row(section.name, c, old, new) for c in section.changes]
        sections.append(entry)
    return {"sections": sections}


def _norms(changes: tuple[Change, ...], diff: HandbookDiff, new: Handbook) -> dict[str, Any]:
    def level_name(code: str) -> str:
        try:
            return label(new.level(code))
        except KeyError:
            return code

    values = []
    others = []
    for c in changes:
        if c.kind == CHANGED and len(c.parts) == 3 and c.parts[2] != "published":
            values.append({"size": c.parts[1], "level": level_name(str(c.parts[2])),
                           "old": _as_written(c.old), "new": _as_written(c.new)})
        else:
            others.append(_row("norms", c, None, new))
    summary = [{"level": level_name(s.level), "raised": s.raised, "lowered": s.lowered,
                "smallest_size": s.smallest_size, "largest_size": s.largest_size,
                "steps": _step(s.smallest_step) if s.smallest_step == s.largest_step
                else f"{_step(s.smallest_step)} … {_step(s.largest_step)}"}
               for s in diff.norm_summary]
    return {"summary": summary, "values": values, "others": others}


def _as_written(value: Decimal) -> str:
    """A norm with the places the file gives it: 28,0 stays 28,0."""
    return num(value, max(0, -value.as_tuple().exponent))


def _step(step: Decimal) -> str:
    return ("+" if step > 0 else "") + figure(step)


def _row(section: str, change: Change, old: Handbook | None, new: Handbook) -> Row:
    money = section == "fees" and bool(_MONEY.intersection(str(p) for p in change.parts))
    kind = str(KINDS[change.kind])
    if change.kind == RENAMED:
        kind = format_html("{}: <code>{}</code> → <code>{}</code>", kind, change.old.code,
                           change.new.code)
    field = next((str(FIELDS[p]) for p in reversed(change.parts[1:])
                  if isinstance(p, str) and p in FIELDS), "")
    if isinstance(change.parts[-1], int) and not (section == "norms" and len(change.parts) == 2):
        field = _("%(field)s, schijf %(number)s") % {"field": field,
                                                      "number": change.parts[-1] + 1}
    return Row(path=change.path, item=_item(section, change, old, new), kind=kind, field=field,
               old=_value(change.old, money=money), new=_value(change.new, money=money))


def _item(section: str, change: Change, old: Handbook | None, new: Handbook) -> str:
    """The coded thing a change is about, by its label: a category, a question, a fee event."""
    parts = change.parts
    if len(parts) < 2:
        return ""
    collections = {"categories": "categories", "contracts": "contracts",
                   "purchase_kinds": "purchase_kinds"}
    if parts[0] in collections:
        code = str(parts[1])
        for handbook in (new, old):
            found = handbook and getattr(handbook, collections[str(parts[0])]).get(code)
            if found:
                return _labelled(found)
        return _code(code)
    if parts[0] == "levels" and parts[1] != "order":
        found = _find((new, old), lambda h: {lv.code: lv for lv in h.levels}, str(parts[1]))
        return _labelled(found) if found else _code(parts[1])
    if parts[0] == "aspects" and parts[1] != "order":
        aspect = _find((new, old), lambda h: {a.code: a for a in h.aspects}, str(parts[1]))
        name = _labelled(aspect) if aspect else _code(parts[1])
        if len(parts) >= 4:
            return format_html("{}, {} {}", name, _("vraag"), _code(parts[3]))
        return name
    if parts[0] == "fee_tables":
        name = _("tarieftabel vanaf %(date)s") % {
            "date": date.fromisoformat(str(parts[1])).strftime("%d-%m-%Y")}
        if len(parts) >= 4 and parts[2] == "events":
            event = _find((new, old), lambda h: {e.code: e for t in h.fee_tables
                                                 for e in t.events.values()}, str(parts[3]))
            return format_html("{}: {}", name, _labelled(event) if event else _code(parts[3]))
        return name
    if parts[0] == "pso30plus" and len(parts) == 3 and parts[1].startswith("categor"):
        found = _find((new, old), lambda h: h.categories, str(parts[2]))
        return _labelled(found) if found else _code(parts[2])
    if parts[0] == "banenafspraak" and len(parts) == 3:
        found = _find((new, old), lambda h: h.categories, str(parts[2]))
        return _labelled(found) if found else _code(parts[2])
    return ""


def _find(handbooks, index, code: str):
    for handbook in handbooks:
        if handbook is not None:
            found = index(handbook).get(code)
            if found is not None:
                return found
    return None


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


_FILE_CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+|\d+(\.\d+)+")


def _code(code: object) -> str:
    """A key of the handbook file, marked as code (the page shows the file's own words)."""
    return format_html("<code>{}</code>", code)


def _labelled(thing: Any) -> str:
    if isinstance(thing, Question):
        text = thing.text_en if _english() else thing.text_nl
    else:
        text = label(thing)
    return format_html("{} (<code>{}</code>)", text, thing.code)


def _value(value: Any, *, money: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, Decimal):
        return euro(value) if money else figure(value)
    if isinstance(value, int):
        return figure(value)
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, str):
        # A code of the file (status_lost, years) or a version number reads as code.
        return _code(value) if _FILE_CODE.fullmatch(value) else value
    if isinstance(value, tuple | frozenset):
        return format_html_join(", ", "<code>{}</code>", (
            (v,) for v in (sorted(value) if isinstance(value, frozenset) else value)))
    if isinstance(value, Band):
        amount = euro(value.value) if money else figure(value.value)
        if value.upper is None:
            return _("vanaf %(lower)s: %(value)s") % {"lower": figure(value.lower),
                                                      "value": amount}
        return _("vanaf %(lower)s tot %(upper)s: %(value)s") % {
            "lower": figure(value.lower), "upper": figure(value.upper), "value": amount}
    if isinstance(value, NormRow):
        return _("rij voor %(size)s fte") % {"size": value.size}
    if isinstance(value, FeeTable):
        return _("tarieftabel vanaf %(date)s") % {"date": value.effective.strftime("%d-%m-%Y")}
    if isinstance(value, Aspect | Question) or hasattr(value, "label_nl"):
        return _labelled(value)
    return str(value)
