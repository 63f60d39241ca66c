"""Keeping personal data out of the rekentool (rule book §2).

MijnPSO is not for personal data: target-group employees are entered anonymised, and an
application that contains a name or a BSN is cancelled with a fee. An import is therefore refused
when any cell of a target-group row holds a BSN, when a header asks for personal data, or when a
reference looks like a person's name.

BSN (§2: nine digits passing ``9a+8b+7c+6d+5e+4f+3g+2h-1i ≡ 0 mod 11``), found:

- anywhere inside text, as nine digits not part of a longer number (``methodology.bsn``);
- written in the usual groupings ``1234.56.782`` / ``123 456 782`` (same separator twice);
- as a whole cell of eight digits: Excel drops the leading zero of a BSN such as ``012345672``
  typed as a number, so an eight-digit cell is checked with the zero put back. (Only whole
  cells: inside text, eight digits are too often something else, e.g. a KvK number.)

Name heuristic (a heuristic: it favours catching names over never bothering a user):
a text is name-like when it has no digits and, split on spaces, consists of at least two
*capitalised words* (``Jan``, ``Anne-Marie``, ``O'Neil``, an initial ``J.``), possibly with
lower-case Dutch *tussenvoegsels* between them (``van``, ``de``, ``der``, ``ter`` …), e.g.
``Jan de Vries``, ``J. Jansen``, ``Vries, Jan de``. Codes like ``D-001``, ``TEAM-NOORD-3``,
single words (``Jansen`` cannot be told from a code) and lower-case text pass. Known false
positive: a two-word capitalised label such as ``Team Noord``; the message says to use a code.
"""

from __future__ import annotations

import re
from typing import Any

from psoportal.methodology.bsn import find_bsns, is_valid_bsn

from .values import normalise_label

_GROUPED_BSN = re.compile(
    r"(?<![0-9])(?:[0-9]{4}([ .\-])[0-9]{2}\1[0-9]{3}|[0-9]{3}([ .\-])[0-9]{3}\2[0-9]{3})(?![0-9])"
)
_DIGIT = re.compile(r"[0-9]")

# Lower-case particles of Dutch (and a few neighbouring) surnames.
TUSSENVOEGSELS = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "'t", "op", "aan", "bij", "uit"}
    | {"von", "zu", "du", "la", "le", "el", "al", "da", "di", "dos"}
)
_CAPITALISED = re.compile(r"[^\W\d_][^\W\d_]*(?:[-'’][^\W\d_]+)*\Z")
_INITIAL = re.compile(r"(?:[^\W\d_]\.)+\Z")

# Headers that ask for personal data (normalised; matched as a whole header or as one word).
PERSONAL_HEADER_WORDS = frozenset(
    {"naam", "namen", "voornaam", "voornamen", "achternaam", "roepnaam", "voorletters"}
    | {"tussenvoegsel", "geboortenaam", "bsn", "burgerservicenummer", "sofinummer", "sofi"}
    | {"geboortedatum", "geboorteplaats", "woonplaats", "adres", "postcode", "telefoon"}
    | {"telefoonnummer", "email", "e-mail", "name", "names", "firstname", "lastname"}
    | {"surname", "forename", "birthdate", "dob", "address", "phone"}
)
PERSONAL_HEADER_PHRASES = frozenset(
    {"first name", "last name", "full name", "date of birth", "sofi-nummer", "sofi nummer"}
)


def contains_bsn(value: Any) -> bool:
    """True when a cell value holds a BSN in any of the forms described above."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        if isinstance(value, float):
            if not value.is_integer():
                return False
            value = int(value)
        return 10_000_000 <= value <= 999_999_999 and is_valid_bsn(f"{value:09d}")
    if not isinstance(value, str):
        return False
    if not _DIGIT.search(value):  # the common case: no digits, nothing to check
        return False
    text = value.strip()
    if len(text) == 8 and text.isascii() and text.isdigit() and is_valid_bsn("0" + text):
        return True
    if find_bsns(text):
        return True
    for match in _GROUPED_BSN.finditer(text):
        if is_valid_bsn(re.sub(r"[ .\-]", "", match.group(0))):
            return True
    return False


def looks_like_name(text: str) -> bool:
    """True when a reference looks like a person's name (heuristic in the module docstring)."""
    if _DIGIT.search(text):
        return False
    words = text.replace(",", " ").split()
    if len(words) < 2:
        return False
    capitalised = 0
    for word in words:
        if word.casefold() in TUSSENVOEGSELS and not word[0].isupper():
            continue
        if _INITIAL.match(word) and word[0].isupper():
            capitalised += 1
            continue
        if not _CAPITALISED.match(word) or not word[0].isupper():
            return False
        # "NOORD" or "HR" are codes, not names: a name word is not all capitals.
        if len(word) > 1 and word.isupper():
            return False
        capitalised += 1
    return capitalised >= 2


def is_personal_header(header: str) -> bool:
    """True when a column header asks for personal data (``Naam``, ``BSN``, ``Achternaam`` …)."""
    text = normalise_label(header).rstrip("*: ")
    if text in PERSONAL_HEADER_PHRASES or text in PERSONAL_HEADER_WORDS:
        return True
    return any(word in PERSONAL_HEADER_WORDS for word in re.split(r"[\s/()\-]+", text))
