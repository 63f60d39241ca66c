"""Every problem the loader finds in an uploaded handbook file is told in Dutch, naming the place
in the file and what to fix (issue 14 §1). Each known message is produced by a real broken file:
the shipped 2.2 file with one thing broken."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from psoportal.handbooks.error_messages import TEMPLATES, handbook_problem
from psoportal.methodology.handbook import (
    HANDBOOK_DIR,
    HANDBOOK_TEXT_MAX_BYTES,
    HandbookError,
    parse_handbook_text,
)

SHIPPED = (HANDBOOK_DIR / "2.2.toml").read_text(encoding="utf-8")
SOURCE = "upload"


def _replace(*pairs: tuple[str, str], text: str = SHIPPED) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _without(header: str, keep: str | None = None) -> str:
    """The shipped file without its [[header]] tables (except the one whose code is `keep`)."""
    block = re.compile(rf"^\[\[{re.escape(header)}\]\]\n(?:[^\[\n].*\n|\n)*", re.MULTILINE)
    return block.sub(lambda m: m.group(0) if keep and f'code = "{keep}"' in m.group(0) else "",
                     SHIPPED)


def _migration(body: str, version: str = "2.3") -> str:
    return (_replace(('version = "2.2"', f'version = "{version}"'))
            + '\n[migration]\nfrom_version = "2.2"\n' + body)


ROW_3 = "[[norms]]\nsize = 3\nbasistrede = \"13.9\"\ntrede_1 = \"18.5\"\ntrede_2 = \"24.3\"\n"

# (template, broken file, the place named, a piece of the Dutch message)
CASES = [
    ("too_large", b"#" * (HANDBOOK_TEXT_MAX_BYTES + 1), "",
     f"groter dan {HANDBOOK_TEXT_MAX_BYTES // 1024} KB"),
    ("not_utf8", SHIPPED.encode() + b"\n# \xff\xfe\n", "", "geen tekst in UTF-8"),
    ("toml_at", _replace(('title_nl = "Handboek', 'title_nl "Handboek')), "",
     "op regel 10, kolom 10"),
    ("toml_end", SHIPPED + "\n[[norms", "", "aan het eind van het bestand"),
    ("missing", _replace(("kvk_digits = 8\n", "")), "limits.kvk_digits", "ontbreekt"),
    ("unknown_key", _replace(('rate_pct = "21"\n', 'rate_pct = "21"\nkleur = "rood"\n')),
     "vat.kleur", "verbeter de spelling"),
    ("table", 'vat = "21"\n' + _replace(('[vat]\nrate_pct = "21"\n', "")), "vat",
     "hoort een tabel"),
    ("tables", "purchase_kinds = []\n" + _without("purchase_kinds"), "purchase_kinds",
     "minstens één tabel"),
    ("text", _replace(('label_en = "Trial placement"', 'label_en = " "')),
     "contracts[4].label_en", "tekst tussen aanhalingstekens"),
    ("code", _replace(('code = "trial"', 'code = "Trial"')), "contracts[4].code",
     "kleine letters, cijfers en _"),
    ("decimal", _replace(('weight = "0.9"', "weight = 0.9")), "contracts[2].weight",
     "getal tussen aanhalingstekens"),
    ("whole", _replace(("payment_term_days = 14", 'payment_term_days = "14"')),
     "dates.payment_term_days", "heel getal zijn van minstens 0"),
    ("boolean", _replace(("norm = false", 'norm = "nee"')), "levels[0].norm",
     "true of false"),
    ("date", _replace(("effective = 2024-04-01", 'effective = "2024-04-01"')),
     "handbook.effective", "JJJJ-MM-DD"),
    ("strings", _replace(('categories_never = ["bbl_bol_1", "bbl_bol_2", "vso_pro_stage"]',
                          'categories_never = "bbl_bol_1"')),
     "pso30plus.categories_never", "lijst van codes"),
    ("unknown_code", _replace(('"vso_pro_stage"]', '"vso_pro_stage", "onbekend"]')),
     "pso30plus.categories_never[3]", "de code 'onbekend', die dit handboek niet kent"),
    ("listed_twice", _replace(('contracts = ["regular",', 'contracts = ["regular", "regular",')),
     "pso30plus.contracts", "twee keer"),
    ("twice", _replace(('code = "trial"', 'code = "regular"')), "contracts[4].code",
     "De code 'regular' komt twee keer voor"),
    ("version", _replace(('version = "2.2"', 'version = "2.2a"')), "handbook.version",
     "versienummer"),
    ("percentage_below", _replace(('max_share_pct = "80"', 'max_share_pct = "100"')),
     "indirect.max_share_pct", "100 zelf niet"),
    ("percentage", _replace(('rate_pct = "21"', 'rate_pct = "101"')), "vat.rate_pct",
     "0 tot en met 100"),
    ("positive", _replace(('minimum_fte = "2"', 'minimum_fte = "0"')),
     "certification.minimum_fte", "groter dan 0"),
    ("greater_than", _replace(('hours_per_week_min = "0"', 'hours_per_week_min = "81"')),
     "limits.hours_per_week_min", "groter dan hours_per_week_max"),
    ("lowest_level", _replace(("norm = false", "norm = true")), "levels[0].norm",
     "moet false zijn"),
    ("only_lowest", _replace(('label_en = "Level 1"\nnorm = true',
                              'label_en = "Level 1"\nnorm = false')),
     "levels[2].norm", "moet true zijn"),
    ("normed_level", _without("levels", keep="aspirant"), "levels", "minstens één trede met"),
    ("none_reserved", _replace(('code = "trede_3"', 'code = "none"')), "levels",
     "'geen trede'"),
    ("one_of", _replace(('counting_period = "until"', 'counting_period = "altijd"')),
     "categories[0].counting_period", "while_employed, years, until, years_or_until"),
    ("period_needs", _replace(("years = 5\n", "")), None, "deze telperiode heeft hem nodig"),
    ("period_unused", _replace(('start = "inflow_date"', 'start = "inflow_date"\nyears = 3')),
     "categories[0].years", "hoort niet bij deze telperiode"),
    ("weight", _replace(('weight = "1"', 'weight = "1.5"')), "categories[0].weight",
     "groter dan 0 en hoogstens 1"),
    ("normed_level_code", _replace(('level = "trede_3"', 'level = "aspirant"')),
     "pso30plus.level", "geen trede met een norm"),
    ("also_in", _replace(('"vso_pro_stage"]', '"vso_pro_stage", "wsw"]')),
     "pso30plus.categories_never", "ook in categories_auto"),
    ("in_no_set", _replace((', "vso_pro_stage"]', "]")), "pso30plus",
     "geen van de drie lijsten: vso_pro_stage"),
    ("aspect_levels", _replace(('levels = ["aspirant"]', "levels = []")), "aspects[4].levels",
     "minstens één trede noemen"),
    ("no_aspect", _replace(('levels = ["aspirant"]', 'levels = ["trede_1"]')), "aspects",
     "geen enkel aspect geldt voor 'aspirant'"),
    ("size_order", _replace(("[[norms]]\nsize = 3\n", "[[norms]]\nsize = 5\n")),
     "norms[1].size", "moet 3 zijn"),
    ("norm_above", _replace(('trede_2 = "28.0"', 'trede_2 = "20.0"')), "norms[0].trede_2",
     "hoger zijn dan de norm van trede_1"),
    ("norm_max", _replace(('trede_3 = "33.0"', 'trede_3 = "100.5"')), "norms[0].trede_3",
     "niet boven 100"),
    ("norm_falls", _replace((ROW_3 + 'trede_3 = "29.3"', ROW_3 + 'trede_3 = "33.5"')),
     "norms[1].trede_3", "niet hoger zijn dan in de rij ervoor"),
    ("band_to", _replace(('from = "0"\nto = "50"', 'from = "0"\nto = "0"')),
     "mandays.aspirant[0].to", "groter zijn dan 'from'"),
    ("band_gap", _replace(('from = "50"\ndays = "1"', 'from = "60"\ndays = "1"')),
     "mandays.aspirant[1].from", "zonder gat"),
    ("fee_order", SHIPPED + '\n[[fee_tables]]\neffective = 2022-04-01\npso30plus_fee = "1"\n'
     '[[fee_tables.annual_contribution]]\nfrom = "2"\namount = "1"\n[[fee_tables.events]]\n'
     'code = "x"\namount = "1"\nlabel_nl = "x"\nlabel_en = "x"\n',
     "fee_tables[1].effective", "later zijn dan de ingangsdatum"),
    ("from_version", _migration("", version="2.2"), "migration.from_version",
     "versie die deze opvolgt"),
    ("rename_target", _migration('[[migration.renames]]\nkind = "category"\nfrom = "x"\n'
                                 'to = "bestaat_niet"\n'),
     "migration.renames[0].to", "'bestaat_niet' als nieuwe code"),
    ("still_present", _migration('[[migration.removals]]\nkind = "category"\ncode = "wsw"\n'),
     "migration.removals[0].code", "'wsw' als oude code"),
    ("migration_kind", _migration('[[migration.removals]]\nkind = "level"\ncode = "x"\n'),
     "migration.removals[0].kind", '"category" of "question"'),
    ("migration_twice", _migration('[[migration.removals]]\nkind = "category"\ncode = "x"\n'
                                   '[[migration.removals]]\nkind = "category"\ncode = "x"\n'),
     "migration", "twee keer hernoemd of geschrapt"),
]


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def _problem(text):
    with pytest.raises(HandbookError) as caught:
        parse_handbook_text(text, source=SOURCE)
    return handbook_problem(caught.value, source=SOURCE)


@pytest.mark.parametrize(("template", "text", "place", "dutch"), CASES,
                         ids=[case[0] for case in CASES])
def test_a_broken_file_is_told_in_dutch_naming_the_place(template, text, place, dutch):
    problem = _problem(text)
    assert problem.template == template, problem.technical
    assert dutch in problem.message
    if place is None:
        assert problem.place.startswith("categories[") and problem.place.endswith(".years")
    else:
        assert problem.place == place
    assert problem.place in problem.message
    assert not problem.message.startswith(SOURCE)


def test_every_known_message_is_tested_with_a_broken_file():
    assert {case[0] for case in CASES} == TEMPLATES


def test_a_place_in_a_list_of_tables_is_counted_as_a_person_reads_the_file():
    problem = _problem(_replace(('trede_2 = "28.0"', 'trede_2 = "20.0"')))
    assert "norms[0].trede_2 (de 1e [[norms]] van boven)" in problem.message


def test_an_unknown_message_keeps_the_technical_text_after_a_dutch_lead():
    problem = handbook_problem(HandbookError("upload: norms[3].x: something new"),
                               source=SOURCE)
    assert not problem.known
    assert problem.message.startswith("Het handboekbestand is niet goedgekeurd")
    assert problem.technical == "norms[3].x: something new"

