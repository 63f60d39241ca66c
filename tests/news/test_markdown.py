"""Safe Markdown: what an author types can never become script or raw HTML on a page."""

from __future__ import annotations

import pytest

from psoportal.news.markdown import markdown_html, markdown_summary, markdown_text

pytestmark = pytest.mark.no_db


def test_ordinary_markdown_becomes_html():
    html = markdown_html("## Kop\n\nEen **vette** en *schuine* tekst.\n\n- een\n- twee")
    assert "<h2>Kop</h2>" in html  # the text's top heading comes right below the title's h1
    assert "<strong>vette</strong>" in html and "<em>schuine</em>" in html
    assert "<ul>" in html and "<li>twee</li>" in html


def test_the_texts_headings_follow_the_title_without_skipping_a_level():
    assert "<h2>Een</h2>" in markdown_html("# Een\n\n## Twee")
    assert "<h3>Twee</h3>" in markdown_html("# Een\n\n## Twee")
    assert "<h2>Drie</h2>" in markdown_html("### Drie\n\n#### Vier")
    assert "<h3>Vier</h3>" in markdown_html("### Drie\n\n#### Vier")


def test_a_script_tag_does_not_survive():
    html = markdown_html("Hallo <script>alert(1)</script>\n\n<script>alert(2)</script>")
    assert "<script" not in html
    assert "&lt;script&gt;" in html  # shown as text


@pytest.mark.parametrize("link", [
    "[klik](javascript:alert(1))", "[klik](JaVaScRiPt:alert(1))",
    "[klik](<javascript:alert(1)>)", "[klik](vbscript:x)", "[klik](data:text/html;base64,x)",
    "<javascript:alert(1)>",
])
def test_a_javascript_or_data_link_does_not_survive(link):
    html = markdown_html(link)
    assert 'href="javascript' not in html.lower()
    assert "href=\"data" not in html.lower() and "href=\"vbscript" not in html.lower()


@pytest.mark.parametrize("raw", [
    '<img src=x onerror="alert(1)">', '<a href="https://x.example" onclick="alert(1)">x</a>',
    '<iframe src="https://x.example"></iframe>', '<div style="color:red">x</div>',
    "<!-- comment -->",
])
def test_raw_html_is_shown_as_text_never_as_markup(raw):
    html = markdown_html(raw)
    assert "<img" not in html and "<iframe" not in html and "<div" not in html
    assert "onerror=" not in html.replace("&quot;", '"').split("&lt;")[0]
    assert "<!--" not in html


def test_links_get_rel_noopener_noreferrer_nofollow():
    html = markdown_html("[PSO](https://www.pso-nederland.nl)")
    assert 'href="https://www.pso-nederland.nl"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_an_image_in_the_text_shows_as_its_description_not_as_a_remote_image():
    html = markdown_html("![Een foto](https://tracker.example/pixel.png)")
    assert "<img" not in html and "tracker.example" not in html
    assert "Een foto" in html


def test_the_plain_text_and_summary_drop_the_markup_and_keep_the_words():
    text = "## Kop\n\nTekst met **nadruk** & een [link](https://x.example)."
    assert markdown_text(text) == "Kop\nTekst met nadruk & een link."
    assert markdown_summary("woord " * 100, length=20) == "woord woord woord …"
