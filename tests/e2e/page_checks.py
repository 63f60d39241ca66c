"""Checks every page of the applicant journey must pass (issue 9, "Done when").

Each check takes a Playwright page and returns a list of readable problems (empty = passes),
so a test can run all of them and report every failure of a page at once:

- ``page_width``: the page does not scroll sideways; names the widest offending element.
- ``axe``: axe-core (vendored) finds 0 violations of any impact.
- ``engine_text``: no engine key (``direct_fte.bbl_bol_2.internship``, ``participatiewet_lks``),
  bare ``null``/``None``/``True``, dot decimals on a Dutch page (``59.6``) or raw user-agent.
- ``language``: ``<html lang>`` is right and no English on a Dutch page / no Dutch on an English
  page, from lists of common words; proper names and the user's own data are ignored, and so
  is any part marked with the other language (``<span lang="nl">peiljaar</span>`` on an
  English page is right: WCAG 3.1.2, language of parts).
- ``error_summary``: after a failed submit, focus is on the error summary, the title starts
  with "Fout:"/"Error:" and each of its links points at a field that exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")

ERROR_SUMMARY = ".error-summary, [data-error-summary]"
ERROR_TITLE_PREFIX = {"nl": "Fout:", "en": "Error:"}

# --- page width -----------------------------------------------------------------------------

_WIDTH_JS = """() => {
  const viewport = document.documentElement.clientWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  let widest = null;
  let widestRight = viewport;
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    // >= so that, of nested elements with the same right edge, the innermost one is named.
    if (rect.right > viewport + 0.5 && rect.right >= widestRight) {
      widestRight = rect.right;
      widest = el;
    }
  }
  const describe = (el) => {
    if (!el) return null;
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim())
      name += '.' + el.className.trim().split(/\\s+/).join('.');
    const parent = el.parentElement;
    let parentName = parent ? parent.tagName.toLowerCase() : '';
    if (parent && typeof parent.className === 'string' && parent.className.trim())
      parentName += '.' + parent.className.trim().split(/\\s+/).join('.');
    const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return {name, parentName, text, right: Math.round(widestRight)};
  };
  return {viewport, scrollWidth, widest: describe(widest)};
}"""


def page_width(page) -> list[str]:
    """The document is no wider than the viewport; else names the element sticking out most."""
    result = page.evaluate(_WIDTH_JS)
    if result["scrollWidth"] <= result["viewport"]:
        return []
    problem = (f"page is {result['scrollWidth']} px wide in a {result['viewport']} px viewport")
    widest = result["widest"]
    if widest:
        problem += (f"; widest element <{widest['name']}> (in <{widest['parentName']}>) reaches "
                    f"{widest['right']} px, text {widest['text']!r}")
    return [problem]


# --- axe-core -------------------------------------------------------------------------------

_AXE_RUN_JS = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    count: v.nodes.length,
  }));
}"""


def axe(page) -> list[str]:
    """axe-core reports no violation of any impact (minor included)."""
    # The site's CSP forbids injected <script> elements; evaluate runs the source directly.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']} — {v['count']}× e.g. {', '.join(v['targets'])}"
        for v in page.evaluate(_AXE_RUN_JS)
    ]


# --- the text a user reads or hears ---------------------------------------------------------

_TEXT_JS = """(pageLang) => {
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
  const otherLanguage = (el) => {
    const marked = el && el.closest('[lang]');
    return marked && marked !== document.documentElement
      && marked.getAttribute('lang').slice(0, 2).toLowerCase() !== pageLang;
  };
  const parts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    // Code (a file's keys on a back-office page) is shown as code on purpose: not words.
    if (!el || skip.has(el.tagName) || el.closest('textarea, code') || otherLanguage(el)) continue;
    const text = walker.currentNode.nodeValue.trim();
    if (text) parts.push(text);
  }
  const attrs = ['title', 'aria-label', 'aria-description', 'alt', 'placeholder'];
  for (const el of document.body.querySelectorAll('*')) {
    if (skip.has(el.tagName) || otherLanguage(el)) continue;
    for (const attr of attrs) {
      const value = el.getAttribute(attr);
      if (value && value.trim()) parts.push(value.trim());
    }
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type) && el.value)
      parts.push(el.value);
  }
  return parts;
}"""


def page_texts(page, lang: str) -> list[str]:
    """Every piece of text a user reads or a screen reader speaks, minus other-language parts."""
    return page.evaluate(_TEXT_JS, lang)


def _without(texts: Iterable[str], user_data: Iterable[str]) -> list[str]:
    """The texts with the user's own data (names, references, e-mail addresses) cut out."""
    data = sorted({d for d in user_data if d and d.strip()}, key=len, reverse=True)
    cleaned = []
    for text in texts:
        for value in data:
            text = text.replace(value, " ")
        # E-mail addresses and URLs are data, not words.
        text = re.sub(r"\S+@\S+|https?://\S+|\S+\.(?:xlsx|csv|json|pdf|ods|png)\b|\b[\w-]+(?:\.[\w-]+)*\.(?:nl|demo|example|com|org)\b",
                      " ", text)
        cleaned.append(text)
    return cleaned


# --- engine keys and raw values -------------------------------------------------------------

# Dotted keys with snake_case parts (workforce.total_fte, direct_fte.bbl_bol_2.internship) and
# bare snake_case codes (participatiewet_lks, trede_2).
_DOTTED_KEY = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)*"
                         r"(?:\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*)+(?![\w@/-])")
_SNAKE_CODE = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
_ALWAYS_RAW = re.compile(r"(?<![A-Za-z])(null|undefined|NaN|None|True|False)(?![A-Za-z])")
_WHOLE_RAW = re.compile(r"^(null|undefined|NaN|None|True|False)$")
_USER_AGENT = re.compile(r"Mozilla/\d|AppleWebKit/|Gecko/|HeadlessChrome|Chrome/\d+\.\d")
# One dot between digits: "59.6", "241.7750", "0.271". A Dutch thousands separator is followed
# by exactly three digits and a first group of at most three ("1.575", "12.000.000"); version
# numbers and IP addresses have several dots and are left alone.
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*(?![\d]|[.,]\d)")


def _is_dot_decimal(number: str) -> bool:
    if number.count(".") != 1 or "," in number:
        return False
    whole, fraction = number.split(".")
    # Three digits after a short first group is Dutch thousands grouping: 1.575
    return not (len(fraction) == 3 and 1 <= len(whole) <= 3 and whole != "0")


def engine_text(page, lang: str, user_data: Iterable[str] = ()) -> list[str]:
    """No engine key, raw Python/JSON value, dot decimal (Dutch) or raw user-agent on the page."""
    raw_texts = page_texts(page, lang)
    problems: list[str] = []
    for text in raw_texts:
        if _USER_AGENT.search(text):
            problems.append(f"raw user-agent string {text[:80]!r}")
    # A user-agent string is reported once above, not again for its "5.0" and "x86_64".
    plain = [text for text in raw_texts if not _USER_AGENT.search(text)]
    for text in _without(plain, user_data):
        for match in _DOTTED_KEY.finditer(text):
            key = match.group(0)
            if "_" in key or (key.count(".") >= 2 and min(map(len, key.split("."))) >= 2):
                problems.append(f"engine key {match.group(0)!r} in {text[:80]!r}")
        dotted = [m.span() for m in _DOTTED_KEY.finditer(text)]
        for match in _SNAKE_CODE.finditer(text):
            if not any(start <= match.start() < end for start, end in dotted):
                problems.append(f"engine code {match.group(0)!r} in {text[:80]!r}")
        # On an English page "None"/"True" can start a sentence; there only a whole text is raw.
        raw = _ALWAYS_RAW if lang == "nl" else _WHOLE_RAW
        for match in raw.finditer(text.strip()):
            problems.append(f"raw value {match.group(0)!r} in {text[:80]!r}")
        if lang == "en":
            for match in re.finditer(r"(?<![A-Za-z])(null|undefined|NaN)(?![A-Za-z])", text):
                if not _WHOLE_RAW.match(text.strip()):
                    problems.append(f"raw value {match.group(0)!r} in {text[:80]!r}")
        if lang == "nl":
            for match in _NUMBER.finditer(text):
                if _is_dot_decimal(match.group(0)) and not _is_version(text, match.start()):
                    problems.append(f"dot decimal {match.group(0)!r} in {text[:80]!r}")
    return _unique(problems)


def _is_version(text: str, start: int) -> bool:
    """A version ("versie 2024.1") or a handbook paragraph ("§5.3", "§5.1-§5.3")."""
    before = text[max(0, start - 10):start].lower()
    return bool(re.search(r"(versie|version|v|§)\s*$", before))


# --- language purity ------------------------------------------------------------------------


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Common words of one language that do not occur as words of the other (no "of", "in", "is",
# "die", "door", "over", "had": those are both). Lower case.
ENGLISH_WORDS = _words("""
the and with your you for this that these those not are has have will must please enter save
saved step level levels organisation organization employees employee yet filled greater than
or to it if by on at be
weighted which from should been field required error errors here there what when where who how
about after before next previous back continue add added delete deleted remove edit change
changes changed total each every other only also their they our its into than then them
could would can cannot does don't isn't year years month months hours
calculation target group purchases purchase result results questions question
password sign log logged login logout security session sessions recovery
page yes no name email address phone number date end until between
all any some more new show shown none people staff supplier turnover amount invoice invoiced
certified certificate institution advice first last based without within under above
""")

DUTCH_WORDS = _words("""
de het een en van voor niet zijn wordt worden uw naar ook bij nog geen deze dat kunt
heeft hebben aan als maar stap trede treden medewerker medewerkers opslaan verder vul
gegevens peiljaar inkopen doelgroep rekentool rekentools wachtwoord inloggen uitloggen
beveiliging overzicht organisatie toevoegen verwijderen wijzigen bewaren opgeslagen
totaal jaar maand uur uren naam adres telefoonnummer datum tot vanaf tussen
fout fouten verplicht veld velden ingevuld onvolledig compleet leeg volgende vorige terug
welke wat wanneer waar wie hoe zoals omdat zodat dan alleen elke ieder jaarbijdrage
vragen vraag uitslag voorlopige kwalitatieve herstelcodes sessies
wij onze moet moeten kan kunnen zal wel bijvoorbeeld leverancier omzet bedrag gewogen inkoop
bewaard controleer ingelogd aanmaken bevestigen gebruik voorwaarden toegankelijkheid
indirecte bijdrage basistrede stappen berekening hier zie meer nieuwe eerste laatste
""")

# Names that stay the same in both languages (lower case): organisations, laws, registers,
# programme names. Words in the user's own data are removed before checking.
PROPER_NAMES = _words("""
pso mijnpso tno kvk uwv wia wajong wsw ww bbl bol lks participatiewet banenafspraak
pso-nederland nederland english nederlands pdf json xlsx csv totp iban btw
""")

_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:'[a-z]+)?")


def language(page, lang: str, user_data: Iterable[str] = ()) -> list[str]:
    """<html lang> is `lang` and the page holds no common word of the other language."""
    problems: list[str] = []
    html_lang = (page.evaluate("() => document.documentElement.lang") or "").lower()
    if html_lang[:2] != lang:
        problems.append(f"<html lang={html_lang!r}> on a page expected in {lang!r}")
    foreign = ENGLISH_WORDS if lang == "nl" else DUTCH_WORDS
    label = "English" if lang == "nl" else "Dutch"
    for text in _without(page_texts(page, lang), user_data):
        # Engine keys are reported by engine_text; here they would only count twice.
        words = [w.lower() for w in _WORD.findall(_SNAKE_CODE.sub(" ", _DOTTED_KEY.sub(" ", text)))]
        hits = sorted({w for w in words if w in foreign and w not in PROPER_NAMES})
        if hits:
            problems.append(f"{label} word(s) {', '.join(hits)} in {text[:100]!r}")
    return _unique(problems)


# --- error summary --------------------------------------------------------------------------

_FOCUS_JS = """(selector) => {
  const active = document.activeElement;
  const summary = document.querySelector(selector);
  const links = summary ? [...summary.querySelectorAll('a[href^="#"]')].map(a => {
    const target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
    return {href: a.getAttribute('href'), text: a.textContent.trim(), exists: !!target,
            field: !!target && ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName),
            invalid: !!target && target.getAttribute('aria-invalid') === 'true'};
  }) : [];
  const describe = (el) => {
    if (!el) return 'nothing';
    const classes = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes;
  };
  return {hasSummary: !!summary, focused: !!summary && active === summary,
          active: describe(active), title: document.title, links};
}"""


def error_summary(page, lang: str) -> list[str]:
    """After a failed submit: focus on the error summary, "Fout:"/"Error:" title, live links."""
    state = page.evaluate(_FOCUS_JS, ERROR_SUMMARY)
    problems: list[str] = []
    prefix = ERROR_TITLE_PREFIX[lang]
    if not state["title"].startswith(prefix):
        problems.append(f"title {state['title']!r} does not start with {prefix!r}")
    if not state["hasSummary"]:
        problems.append(f"no error summary ({ERROR_SUMMARY}) on the page")
        return problems
    if not state["focused"]:
        problems.append(f"focus is on {state['active']}, not on the error summary")
    if not state["links"]:
        problems.append("the error summary has no link to a field")
    for link in state["links"]:
        if not link["exists"]:
            problems.append(f"error summary link {link['href']} ({link['text']!r}) points nowhere")
        elif link["field"] and not link["invalid"]:
            problems.append(f"field {link['href']} lacks aria-invalid=\"true\"")
    return problems


# --- all at once ----------------------------------------------------------------------------


def all_page_checks(page, lang: str, user_data: Iterable[str] = ()) -> list[str]:
    """Width, axe, engine text and language of the current page, every problem listed."""
    user_data = list(user_data)
    problems: list[str] = []
    for check in (page_width, axe):
        problems += _guarded(check, page)
    problems += _guarded(engine_text, page, lang, user_data)
    problems += _guarded(language, page, lang, user_data)
    return problems


def _guarded(check, *args) -> list[str]:
    try:
        return check(*args)
    except Exception as exc:  # a check that crashes is itself a failure to report, not a stop
        return [f"{check.__name__} could not run: {type(exc).__name__}: {exc}"]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
