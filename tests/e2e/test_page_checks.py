"""The journey's page checks catch each violation on a static page and pass a clean one."""

from __future__ import annotations

import pytest

from tests.e2e import page_checks

pytestmark = [pytest.mark.browser]

CLEAN_NL = """<!doctype html><html lang="nl"><head><title>Mijn overzicht – MijnPSO</title></head>
<body><main><h1>Mijn overzicht</h1>
<p>Vul stap 3C in: de medewerkers van de PSO-doelgroep in het peiljaar. Het totaal is 59,6 fte
en € 1.575,00; versie 4.10.2 van de PSO-norm, KvK 12345678, TNO.</p>
<p>Alice Accounthouder — alice@voorbeeld-schoonmaak.demo — Peiljaar 2024 (voorbeeld)</p>
<form><label for="n">Naam</label><input id="n" name="n" value="the_raw.value"></form>
<button type="button" lang="en">English</button>
</main></body></html>"""

CLEAN_EN = """<!doctype html><html lang="en"><head><title>My overview – MijnPSO</title></head>
<body><main><h1>My overview</h1>
<p>Fill in step 3C: the employees of the PSO target group in the reference year. The total is
59.6 fte. None of the rows has an error.</p>
<p>Groenvoorziening De Hoven B.V.</p>
<button type="button" lang="nl">Nederlands</button>
</main></body></html>"""


def _page(page, body: str, lang: str = "nl", title: str = "Test – MijnPSO") -> None:
    page.set_content(f"<!doctype html><html lang=\"{lang}\"><head><title>{title}</title></head>"
                     f"<body><main><h1>Test</h1>{body}</main></body></html>")


def test_a_clean_dutch_page_passes_every_check(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.set_content(CLEAN_NL)
    user_data = ["Alice Accounthouder", "Peiljaar 2024 (voorbeeld)"]
    assert page_checks.all_page_checks(page, "nl", user_data) == []


def test_a_clean_english_page_passes_every_check(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.set_content(CLEAN_EN)
    assert page_checks.all_page_checks(page, "en", ["Groenvoorziening De Hoven B.V."]) == []


def test_a_page_wider_than_the_viewport_fails_and_names_the_widest_element(page):
    page.set_viewport_size({"width": 390, "height": 800})
    _page(page, '<table class="breed"><tr><td><span class="sr-hint">x</span></td></tr></table>'
                '<div class="wide-row"><span>a</span></div>')
    page.add_style_tag(content=".wide-row { width: 1164px }")
    problems = page_checks.page_width(page)
    assert len(problems) == 1
    assert "1172 px wide in a 390 px viewport" in problems[0]  # 1164 + body margin
    assert "div.wide-row" in problems[0]


def test_axe_reports_violations_of_any_impact(page):
    _page(page, '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                '<input type="text" name="x">')
    ids = " ".join(page_checks.axe(page))
    assert "image-alt" in ids
    assert "label" in ids


def test_axe_passes_a_clean_page(page):
    _page(page, "<p>Alles in orde.</p>")
    assert page_checks.axe(page) == []


@pytest.mark.parametrize("raw", [
    "direct_fte.bbl_bol_2.internship",
    "workforce.total_fte: nog niet ingevuld",
    "categorie participatiewet_lks",
    "waarde null",
    "None",
    "True",
    "59.6 gewogen fte",
    "241.7750",
    "0.271",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
])
def test_engine_keys_and_raw_values_on_a_dutch_page_are_caught(page, raw):
    _page(page, f"<table><tr><td>{raw}</td></tr></table>")
    assert page_checks.engine_text(page, "nl") != []


@pytest.mark.parametrize("raw", ["workforce.total_fte", "null", "True", "Chrome/131.0.0.0"])
def test_engine_keys_and_raw_values_on_an_english_page_are_caught(page, raw):
    _page(page, f"<p><span>{raw}</span></p>", lang="en")
    assert page_checks.engine_text(page, "en") != []


def test_dutch_number_formats_versions_and_addresses_are_not_engine_text(page):
    _page(page, "<p>€ 1.575,00 — 12.000.000 — 59,6 — versie 2024.1 — IP-adres 127.0.0.1 — "
                "sjabloon pso_doelgroep.xlsx — a.u.b. — naam@voor_beeld.nl</p>")
    assert page_checks.engine_text(page, "nl") == []


def test_english_on_a_dutch_page_is_caught(page):
    _page(page, "<p>De organisatie is opgeslagen.</p><p>the weighted fte is greater than T</p>")
    problems = page_checks.language(page, "nl")
    assert len(problems) == 1
    assert "greater, than, the, weighted" in problems[0]


def test_english_in_an_attribute_or_the_title_of_a_dutch_page_is_caught(page):
    _page(page, '<a href="#" aria-label="Delete this row">Verwijderen</a>')
    assert page_checks.language(page, "nl") != []
    _page(page, "<p>Klaar.</p>", title="Your calculation tools")
    assert page_checks.language(page, "nl") != []


def test_dutch_on_an_english_page_is_caught(page):
    _page(page, "<p>The rows are saved.</p><p>Vul stap 3C in.</p>", lang="en")
    problems = page_checks.language(page, "en")
    assert len(problems) == 1
    assert "stap, vul" in problems[0]


def test_a_wrong_html_lang_is_caught(page):
    _page(page, "<p>Save the changes.</p>", lang="nl")
    assert any("<html lang='nl'>" in p for p in page_checks.language(page, "en"))


def test_proper_names_the_users_data_and_marked_other_language_parts_are_not_foreign(page):
    _page(page, '<p>PSO-Nederland, MijnPSO, TNO, KvK, Banenafspraak, Wajong.</p>'
                '<p>Groenvoorziening De Hoven B.V.</p><button lang="nl">Nederlands</button>',
          lang="en")
    assert page_checks.language(page, "en", ["Groenvoorziening De Hoven B.V."]) == []


SUMMARY = """<div class="error-summary" tabindex="-1" role="alert">
<h2>Er is een probleem</h2><ul><li><a href="#id_kvk">Vul het KvK-nummer in.</a></li></ul></div>
<form><label for="id_kvk">KvK-nummer</label>
<input id="id_kvk" aria-invalid="true" aria-describedby="kvk-fout"><p id="kvk-fout">Fout</p>
</form>"""


def test_an_error_summary_with_focus_and_a_fout_title_passes(page):
    _page(page, SUMMARY, title="Fout: Registreren – MijnPSO")
    page.focus(".error-summary")
    assert page_checks.error_summary(page, "nl") == []


def test_an_error_summary_without_focus_is_caught(page):
    _page(page, SUMMARY, title="Fout: Registreren – MijnPSO")
    problems = page_checks.error_summary(page, "nl")
    assert problems == ["focus is on body, not on the error summary"]


def test_a_title_without_the_error_prefix_is_caught(page):
    _page(page, SUMMARY, title="Registreren – MijnPSO", lang="en")
    page.focus(".error-summary")
    assert page_checks.error_summary(page, "en") == [
        "title 'Registreren – MijnPSO' does not start with 'Error:'"]


def test_a_missing_summary_or_a_dead_link_or_an_unmarked_field_is_caught(page):
    _page(page, "<p>Dit veld is verplicht.</p>", title="Fout: Registreren")
    assert "no error summary" in page_checks.error_summary(page, "nl")[0]
    _page(page, SUMMARY.replace('href="#id_kvk"', 'href="#id_elders"'), title="Fout: x")
    page.focus(".error-summary")
    assert "points nowhere" in page_checks.error_summary(page, "nl")[0]
    _page(page, SUMMARY.replace(' aria-invalid="true"', ""), title="Fout: x")
    page.focus(".error-summary")
    assert "lacks aria-invalid" in page_checks.error_summary(page, "nl")[0]


def test_axe_runs_under_a_strict_content_security_policy(page):
    csp = "default-src 'self'; script-src 'self'"
    page.set_content('<!doctype html><html lang="nl"><head><meta http-equiv='
                     f'"Content-Security-Policy" content="{csp}">'
                     '<title>CSP</title></head><body><main><h1>CSP</h1>'
                     '<input type="text" name="x"></main></body></html>')
    assert any("label" in problem for problem in page_checks.axe(page))


def test_the_checks_report_engine_keys_once_not_again_as_foreign_words(page):
    _page(page, "<p>total_fte</p>")
    assert page_checks.language(page, "nl") == []
    assert page_checks.engine_text(page, "nl") == ["engine code 'total_fte' in 'total_fte'"]
