import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_dutch_text_has_an_english_translation():
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_the_english_catalogue_holds_every_text_the_code_and_templates_use(tmp_path):
    """A text added or changed in the code without `make messages` would be shown in Dutch on an
    English page, or (with an old translation matched fuzzily) as the wrong English text."""
    root = PO.parents[3]
    for folder in ("psoportal", "templates", "locale"):
        shutil.copytree(root / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path, check=True, capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "psoportal.settings"},
    )
    with (tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle)
    missing = sorted(
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    )
    assert missing == [], "run `make messages` and translate these texts"


def test_no_translation_carries_a_previous_msgid_that_was_never_reviewed():
    """A `#| msgid "…"` comment is left by a fuzzy match: the English beside it was guessed for
    that other (older) Dutch text. Once the fuzzy flag is gone it looks reviewed but may say
    something else entirely ("Herstelcode" shown as "postcode"). Review the translation and delete
    the comment."""
    leftovers = [line for line in PO.read_text(encoding="utf-8").splitlines()
                 if re.match(r"^# ?\| msgid", line)]
    assert leftovers == []


def test_the_english_catalogue_compiles_with_every_check_of_msgfmt():
    """msgfmt --check refuses a translation that drops or changes a %(placeholder)s (it would
    raise at render time) and plural forms without a Plural-Forms header."""
    result = subprocess.run(  # noqa: S603 (our own catalogue)
        ["msgfmt", "--check", "--output-file", os.devnull, str(PO)],  # noqa: S607 (gettext)
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


def _catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def _singular_pairs():
    """(Dutch, English) for every entry; a plural entry gives each of its forms."""
    for message in _catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, dutch in enumerate(ids):
            yield dutch, strings[min(index, len(strings) - 1)]


def test_no_translation_is_flagged_fuzzy_or_carries_any_previous_text_comment():
    """Fuzzy flags and `#|` comments (msgid, msgctxt or msgid_plural of an older text) both mean
    'guessed, not reviewed'; the catalogue ships only reviewed English."""
    text = PO.read_text(encoding="utf-8")
    stale = [line for line in text.splitlines() if line.startswith("#|") or line.startswith("#~|")]
    fuzzy = [line for line in text.splitlines()
             if line.startswith("#,") and "fuzzy" in line.split(",", 1)[1]]
    assert stale == []
    assert fuzzy == []


# English texts that translate two different Dutch texts on purpose. Keep this list short; every
# entry says why the two Dutch texts really mean the same thing. Texts that differ only in case or a
# final full stop ("Fte …" as a form label, "fte …" as a field name) never need an entry.
SHARED_ENGLISH = {
    # "Voltijd-uren per week" is the spreadsheet's column name (kept so old files import),
    # "voltijduren per week" the same quantity in running text.
    "full-time hours per week",
}


def _normalised(text):
    return text.casefold().rstrip(".").strip()


def test_no_english_text_translates_two_different_dutch_texts_by_mistake():
    """A guessed translation left from a fuzzy match usually repeats the English of another text
    ("IP-adres" shown as "e-mail address", the translation of "e-mailadres")."""
    by_english = {}
    for dutch, english in _singular_pairs():
        by_english.setdefault(_normalised(english), set()).add(_normalised(dutch))
    clashes = {
        english: sorted(dutch)
        for english, dutch in by_english.items()
        if len(dutch) > 1 and english not in SHARED_ENGLISH
    }
    assert clashes == {}


def test_trede_is_always_translated_as_level_and_never_as_step():
    """The wizard's numbered parts are "Step 1 … Step 6"; a rung of the ladder is a "level"
    (Basistrede → Base level, Trede 1 → Level 1), see docs/translation.md."""
    def count(pattern, text):
        return len(re.findall(pattern, text, re.IGNORECASE))

    wrong = [
        (dutch, english) for dutch, english in _singular_pairs()
        if count(r"trede", dutch)
        and (count(r"\b(steps?|rungs?|tiers?|stages?)\b", english) > count(r"\bstap(pen)?\b", dutch)
             or count(r"\blevels?\b", english) < count(r"trede", dutch))
    ]
    assert wrong == []


def test_the_handbook_names_every_level_of_the_ladder_a_level_in_english():
    """The level labels come from the handbook data, not from the catalogue; they follow the same
    glossary as the catalogue."""
    import tomllib

    handbooks = sorted((PO.parents[3] / "psoportal" / "methodology" / "handbooks").glob("*.toml"))
    assert handbooks
    wrong = []
    for path in handbooks:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for level in data["levels"]:
            english = level["label_en"]
            if re.search(r"\b(step|rung|tier|stage)\b", english, re.IGNORECASE):
                wrong.append((path.name, level["code"], english))
            is_trede = "trede" in level["label_nl"].casefold()
            if is_trede and not re.search(r"\blevel\b", english, re.IGNORECASE):
                wrong.append((path.name, level["code"], english))
    assert wrong == []


# Common Dutch words that are not also English words ("of", "over", "die", "we", "door" are left
# out, and so is "met"). A msgstr holding one is an untranslated or
# half-translated text.
DUTCH_WORDS = frozenset(re.findall(r"\S+", """
    de het een en van niet voor zijn uw wordt worden geen ook naar bij als deze dit
    nog wel maar heeft hebt kunt kan moet zoals tot vanaf onder alle uit wat welke
    waar wij u ja nee
    trede treden basistrede stap stappen peiljaar rekentool rekentools medewerker medewerkers
    inkoop inkopen leverancier gegevens aanvraag proefaanvraag organisatie instelling doelgroep
    bijdrage jaarbijdrage opslaan verwijderen wijzigen toevoegen annuleren volgende vorige
    bestand werkblad kolom regel fout fouten totaal uitslag handboek
"""))

# Names that stay Dutch in English: they are proper names or Dutch legal terms the reader
# meets in Dutch paperwork (KvK = Chamber of Commerce number, Wsw = Sheltered Employment Act).
KEPT_NAMES = re.compile(r"PSO-Nederland|MijnPSO|KvK|Wsw|BBL/BOL|VSO/PrO|BSN")


def test_no_english_text_contains_a_common_dutch_word():
    found = []
    for _dutch, english in _singular_pairs():
        text = re.sub(r"%\([^)]*\)[sd]|%%|<[^>]+>|\{[^}]*\}", " ", english)
        text = KEPT_NAMES.sub(" ", text)
        words = {word.casefold() for word in re.findall(r"[A-Za-zÀ-ÿ]+", text)}
        dutch_in_english = sorted(words & DUTCH_WORDS)
        if dutch_in_english:
            found.append((english, dutch_in_english))
    assert found == []
