"""The handbook's numbers and level labels, as a page shows them.

Scheme rules (the 80 % cap, the minimum of 2 fte, 25,5 hours a baan, the level names) are
handbook data: a page renders them from the handbook in force, never from a literal, so a new
handbook version changes every page at once. ``tests/core/test_no_handbook_numbers.py`` fails
when a template or form writes one of them out.

    {% load handbook %}
    {% handbook_figures evaluation.handbook as hb %}
    {% blocktranslate with share=hb.indirect_max_share %}… {{ share }} …{% endblocktranslate %}
    {% level_label evaluation.handbook result.level %}
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from psoportal.core.lib.numbers import as_written
from psoportal.methodology.advice import cap_ratio
from psoportal.methodology.handbook import Handbook, Level

register = template.Library()


def as_percentage(number: Decimal) -> str:
    # A no-break space, as the pct filter writes every other percentage: "80 %" never breaks
    # between the number and its sign.
    return as_written(number) + "\u00a0%"


def label(level: Level) -> str:
    return level.label_en if (get_language() or "nl").startswith("en") else level.label_nl


@dataclass(frozen=True)
class HandbookFigures:
    """The numbers and labels of one handbook version, formatted for the active language."""

    indirect_max_share: str  # "80 %": the indirect part's largest share of the total
    cap_factor: str  # "4": the indirect part is at most this many times the direct part
    minimum_fte: str  # "2": below it an organisation cannot be certified
    pso30plus_minimum: str  # "30 %"
    pso30plus_level: str  # "Trede 3"
    hours_per_baan: str  # "25,5"
    fallback_code: str  # the level without a norm ("Aspirant-status")
    fallback_level: str
    highest_code: str
    highest_level: str
    # The level an Aspirant's plan of action must reach (rule book §4: Trede 1, the first level
    # whose norm is published rather than provisional).
    aspirant_target_code: str
    aspirant_target: str
    provisional_levels: str  # labels of the levels whose norm is provisional, e.g. "Basistrede"
    levels: tuple[tuple[str, str], ...]  # (code, label), low to high


def figures(handbook: Handbook) -> HandbookFigures:
    highest = handbook.levels[-1]
    target = next(
        (level for level in handbook.normed_levels if not level.norm_provisional), highest
    )
    return HandbookFigures(
        indirect_max_share=as_percentage(handbook.indirect_max_share_pct),
        cap_factor=as_written(cap_ratio(handbook.indirect_max_share_pct)),
        minimum_fte=as_written(handbook.minimum_fte),
        pso30plus_minimum=as_percentage(handbook.pso30plus.minimum_pct),
        pso30plus_level=label(handbook.level(handbook.pso30plus.level)),
        hours_per_baan=as_written(handbook.banenafspraak.hours_per_baan),
        fallback_code=handbook.fallback_level.code,
        fallback_level=label(handbook.fallback_level),
        highest_code=highest.code,
        highest_level=label(highest),
        aspirant_target_code=target.code,
        aspirant_target=label(target),
        provisional_levels=", ".join(
            label(level) for level in handbook.levels if level.norm_provisional
        ),
        levels=tuple((level.code, label(level)) for level in handbook.levels),
    )


@register.simple_tag
def handbook_figures(handbook: Handbook) -> HandbookFigures:
    return figures(handbook)


@register.simple_tag
def level_label(handbook: Handbook, code: str) -> str:
    """The handbook's name of a level; "none" (no level reached) is the engine's, not a level."""
    if code == "none" or not code:
        return _("Geen trede")
    try:
        return label(handbook.level(code))
    except KeyError:  # a stored result of another handbook version: never show the engine key
        return _("een trede die dit handboek niet kent")


@register.simple_tag
def level_short(handbook: Handbook, code: str) -> str:
    """A chart label: "T3" for "Trede 3", "Basis" for "Basistrede" (first five letters)."""
    name = level_label(handbook, code)
    words = name.split()
    if len(words) > 1 and words[-1].isdigit():
        return words[0][0] + words[-1]
    return words[0][:5] if words else name


@register.filter
def label_of(item) -> str:
    """The handbook's name of a category, contract, aspect or level in the page's language."""
    return label(item)


@register.filter
def question_text(question) -> str:
    english = (get_language() or "nl").startswith("en")
    return question.text_en if english else question.text_nl


@register.filter
def written(number) -> str:
    """A handbook number as written, in the page's format: 0,75 · 25,5 · 1."""
    return as_written(Decimal(str(number)))
