"""The loader's problems with an uploaded handbook file, told in Dutch (issue 14 §1).

The engine's loader (methodology.handbook) stops at the first problem with an English message
``"<source>: <path>: <message>"``, e.g. ``upload: norms[14].trede_1: expected a decimal
string``. PSO-Nederland's staff read it here as a Dutch sentence that names the place in the file
and says what to fix. A message this module does not know (a new check in the loader) is shown
with a Dutch lead sentence and the technical text as it is, marked as English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psoportal.methodology.handbook import HandbookError


@dataclass(frozen=True)
class HandbookProblem:
    place: str  # the key in the file, e.g. "norms[14].trede_1"; "" for the whole file
    message: str  # Dutch: what is wrong where, and what to fix
    technical: str  # the loader's own (English) text, without the source
    template: str  # which known message it was; "" when unknown

    @property
    def known(self) -> bool:
        return bool(self.template)


# Messages about the whole file: no key.
_FILE_MESSAGES: tuple[tuple[str, str, Any], ...] = (
    ("too_large", r"larger than (?P<kb>\d+) KB", gettext_lazy(
        "Het bestand is groter dan %(kb)s KB. Een handboekbestand is veel kleiner: kies het "
        "juiste bestand.")),
    ("not_utf8", r"not UTF-8 text", gettext_lazy(
        "Het bestand is geen tekst in UTF-8. Sla het handboek op als tekstbestand (.toml) in "
        "UTF-8, niet als Word- of Excel-bestand.")),
    ("toml_at", r"not valid TOML: .* \(at line (?P<line>\d+), column (?P<column>\d+)\)",
     gettext_lazy(
        "Het bestand is geen geldige TOML: op regel %(line)s, kolom %(column)s klopt de opmaak "
        "niet. Controleer daar de aanhalingstekens, de haken en het isgelijkteken.")),
    ("toml_end", r"not valid TOML: .* \(at end of document\)", gettext_lazy(
        "Het bestand is geen geldige TOML: het houdt op voordat alles is afgesloten. "
        "Controleer aan het eind van het bestand of elke tekst, lijst en tabelnaam is "
        "afgesloten met \", ] of ]].")),
)

# Messages about one key: `place` is its path.
_KEY_MESSAGES: tuple[tuple[str, str, Any], ...] = (
    ("missing", r"missing", gettext_lazy(
        "De sleutel %(place)s ontbreekt. Voeg deze sleutel toe.")),
    ("unknown_key", r"unknown key", gettext_lazy(
        "Een handboekbestand kent geen sleutel %(place)s. Verwijder hem of verbeter de "
        "spelling.")),
    ("table", r"expected a table", gettext_lazy(
        "Bij %(place)s hoort een tabel (een kop tussen [ ] met sleutels eronder).")),
    ("tables", r"expected a non-empty array of tables", gettext_lazy(
        "Bij %(place)s hoort minstens één tabel [[…]].")),
    ("text", r"expected a non-empty string", gettext_lazy(
        "De sleutel %(place)s moet een tekst tussen aanhalingstekens zijn die niet leeg is.")),
    ("code", r"expected a code \(lower case letters, digits, _; at most (?P<max>\d+)\)",
     gettext_lazy(
        "De sleutel %(place)s moet een code zijn: kleine letters, cijfers en _, beginnend met "
        "een letter, hoogstens %(max)s tekens.")),
    ("decimal", r"expected a decimal string", gettext_lazy(
        "De sleutel %(place)s moet een getal tussen aanhalingstekens zijn, met een punt als "
        "decimaalteken, bijvoorbeeld \"12.5\".")),
    ("whole", r"expected a whole number ≥ (?P<minimum>\d+)", gettext_lazy(
        "De sleutel %(place)s moet een heel getal zijn van minstens %(minimum)s, zonder "
        "aanhalingstekens.")),
    ("boolean", r"expected true or false", gettext_lazy(
        "De sleutel %(place)s moet true of false zijn, zonder aanhalingstekens.")),
    ("date", r"expected a date \(YYYY-MM-DD, unquoted\)", gettext_lazy(
        "De sleutel %(place)s moet een datum zijn als JJJJ-MM-DD, zonder aanhalingstekens.")),
    ("strings", r"expected an array of strings", gettext_lazy(
        "De sleutel %(place)s moet een lijst van codes zijn, elk tussen aanhalingstekens: "
        "[\"a\", \"b\"].")),
    ("unknown_code", r"unknown code '(?P<code>[^']*)'", gettext_lazy(
        "De sleutel %(place)s noemt de code '%(code)s', die dit handboek niet kent. Verbeter "
        "de code of voeg hem toe waar hij hoort.")),
    ("listed_twice", r"lists a code twice", gettext_lazy(
        "De sleutel %(place)s noemt een code twee keer. Haal de dubbele weg.")),
    ("twice", r"'(?P<code>[^']*)' appears twice", gettext_lazy(
        "De code '%(code)s' komt twee keer voor (%(place)s). Elke code mag één keer voorkomen.")),
    ("version", r'expected a version number such as "[^"]*"', gettext_lazy(
        "De sleutel %(place)s moet een versienummer zijn van cijfers en punten, zoals \"3.1\".")),
    ("percentage_below", r"expected a percentage from 0 up to 100", gettext_lazy(
        "De sleutel %(place)s moet een percentage zijn van 0 tot 100 (100 zelf niet).")),
    ("percentage", r"expected a percentage from 0 to 100", gettext_lazy(
        "De sleutel %(place)s moet een percentage zijn van 0 tot en met 100.")),
    ("positive", r"expected a number greater than 0", gettext_lazy(
        "De sleutel %(place)s moet een getal groter dan 0 zijn.")),
    ("greater_than", r"greater than (?P<other>\w+)", gettext_lazy(
        "De sleutel %(place)s is groter dan %(other)s in dezelfde tabel. Maak de ondergrens "
        "niet groter dan de bovengrens.")),
    ("lowest_level", r"the lowest level must have no norm \(Aspirant-status\)", gettext_lazy(
        "De sleutel %(place)s moet false zijn: de laagste trede (Aspirant-status) heeft geen "
        "norm.")),
    ("only_lowest", r"only the lowest level may be without a norm", gettext_lazy(
        "De sleutel %(place)s moet true zijn: alleen de laagste trede is zonder norm.")),
    ("normed_level", r"expected at least one level with a norm", gettext_lazy(
        "Bij %(place)s hoort na de laagste trede minstens één trede met een norm.")),
    ("none_reserved", r"'none' is reserved for 'no level'", gettext_lazy(
        "Bij %(place)s staat de code 'none', die betekent 'geen trede'. Kies een andere code.")),
    ("one_of", r"expected one of (?P<choices>[\w, ]+)", gettext_lazy(
        "De sleutel %(place)s moet een van deze waarden hebben: %(choices)s.")),
    ("period_needs", r"required for this counting period", gettext_lazy(
        "De sleutel %(place)s ontbreekt, maar deze telperiode heeft hem nodig. Voeg hem toe.")),
    ("period_unused", r"not used by this counting period", gettext_lazy(
        "De sleutel %(place)s hoort niet bij deze telperiode. Haal hem weg of kies een andere "
        "counting_period.")),
    ("weight", r"expected a weight greater than 0 and at most 1", gettext_lazy(
        "De sleutel %(place)s moet een weegfactor zijn groter dan 0 en hoogstens 1, tussen "
        "aanhalingstekens.")),
    ("normed_level_code", r"unknown level with a norm '(?P<code>[^']*)'", gettext_lazy(
        "De sleutel %(place)s noemt '%(code)s', maar dat is geen trede met een norm. Kies een "
        "van de treden met norm = true.")),
    ("also_in", r"'(?P<code>[^']*)' is also in (?P<other>\w+)", gettext_lazy(
        "De sleutel %(place)s noemt '%(code)s', die ook in %(other)s staat. Elke categorie "
        "hoort in precies één van de drie lijsten.")),
    ("in_no_set", r"categories not in any set: (?P<codes>[\w, ]+)", gettext_lazy(
        "In %(place)s staan deze categorieën in geen van de drie lijsten: %(codes)s. Zet elke "
        "categorie in precies één lijst.")),
    ("aspect_levels", r"expected at least one level", gettext_lazy(
        "De sleutel %(place)s moet minstens één trede noemen.")),
    ("no_aspect", r"no aspect applies to '(?P<code>[^']*)'", gettext_lazy(
        "Bij %(place)s: geen enkel aspect geldt voor '%(code)s'. Noem die trede bij minstens "
        "één aspect, anders kan niemand haar halen.")),
    ("size_order", r"expected (?P<size>\d+) \(one row per size, in order\)", gettext_lazy(
        "De sleutel %(place)s moet %(size)s zijn: de normtabel heeft één rij per omvang, op "
        "volgorde en zonder gaten.")),
    ("norm_above", r"expected a norm above (?P<other>\w+)", gettext_lazy(
        "De sleutel %(place)s moet hoger zijn dan de norm van %(other)s in dezelfde rij.")),
    ("norm_max", r"expected a percentage of at most 100", gettext_lazy(
        "De sleutel %(place)s is een percentage en mag niet boven 100 liggen.")),
    ("norm_falls", r"expected a norm not above the previous row's", gettext_lazy(
        "De sleutel %(place)s mag niet hoger zijn dan in de rij ervoor: een norm daalt of "
        "blijft gelijk naarmate de omvang groeit.")),
    ("band_to", r"expected a value above 'from'", gettext_lazy(
        "De sleutel %(place)s moet groter zijn dan 'from' in dezelfde tabel.")),
    ("band_gap", r"expected the previous band's 'to' \(bands without gaps\)", gettext_lazy(
        "De sleutel %(place)s moet gelijk zijn aan 'to' van de tabel ervoor: de schijven "
        "sluiten zonder gat op elkaar aan.")),
    ("fee_order", r"expected a date after the previous table's", gettext_lazy(
        "De sleutel %(place)s moet later zijn dan de ingangsdatum van de tarieftabel ervoor.")),
    ("from_version", r'expected the previous version, such as "[^"]*"', gettext_lazy(
        "De sleutel %(place)s moet het versienummer zijn van de versie die deze opvolgt, niet "
        "dat van deze versie zelf.")),
    ("rename_target", r"'(?P<code>[^']*)' is not a (?P<kind>category|question) of this version",
     gettext_lazy(
        "De sleutel %(place)s noemt '%(code)s' als nieuwe code, maar die staat niet in dit "
        "bestand. Verbeter de code of voeg hem toe.")),
    ("still_present", r"'(?P<code>[^']*)' is still a (?P<kind>category|question) of this version",
     gettext_lazy(
        "De sleutel %(place)s noemt '%(code)s' als oude code, maar die staat nog in dit "
        "bestand. Een hernoemde of vervallen code hoort er niet meer in.")),
    ("migration_kind", r'expected "category" or "question"', gettext_lazy(
        "De sleutel %(place)s moet \"category\" of \"question\" zijn.")),
    ("migration_twice", r"a (?P<kind>category|question) code is renamed or removed twice",
     gettext_lazy(
        "In %(place)s wordt dezelfde code twee keer hernoemd of geschrapt. Noem elke oude code "
        "één keer.")),
)

_FILE = [(key, re.compile(pattern, re.DOTALL), text) for key, pattern, text in _FILE_MESSAGES]
_KEY = [(key, re.compile(pattern, re.DOTALL), text) for key, pattern, text in _KEY_MESSAGES]
TEMPLATES = frozenset(key for key, _, _ in (*_FILE_MESSAGES, *_KEY_MESSAGES))
# A path as the loader writes it: keys and [index]es, no spaces.
_PATH = re.compile(r"[A-Za-z0-9_.\[\]-]*")
_FIRST_TABLE = re.compile(r"(?P<table>[a-z_]+)\[(?P<index>\d+)\]")


def handbook_problem(error: HandbookError | str, *, source: str) -> HandbookProblem:
    """The Dutch reading of one loader message (`source` as passed to the loader)."""
    technical = str(error)
    if technical.startswith(f"{source}: "):
        technical = technical[len(source) + 2:]
    for key, pattern, text in _FILE:
        match = pattern.fullmatch(technical)
        if match:
            return HandbookProblem("", str(text) % match.groupdict(), technical, key)
    place, sep, message = technical.partition(": ")
    if sep and _PATH.fullmatch(place):
        for key, pattern, text in _KEY:
            match = pattern.fullmatch(message)
            if match:
                values = {**match.groupdict(), "place": _where(place)}
                return HandbookProblem(place, str(text) % values, technical, key)
    else:
        place = ""
    return HandbookProblem(place, _(
        "Het handboekbestand is niet goedgekeurd. De technische melding (in het Engels):"),
        technical, "")


def _where(place: str) -> str:
    """ "norms[14].trede_1" → "norms[14].trede_1 (de 15e [[norms]] van boven)": the loader counts
    from 0, a person reading the file from 1."""
    match = _FIRST_TABLE.match(place)
    if not match:
        return place
    return _("%(place)s (de %(number)se [[%(table)s]] van boven)") % {
        "place": place, "number": int(match["index"]) + 1, "table": match["table"]}
