"""Safe Markdown for news items: CommonMark without raw HTML, then an allow-list sanitiser.

Two walls, each enough alone: markdown-it escapes any HTML the author types (``html: False``)
and refuses javascript:/vbscript:/data: links; nh3 then keeps only the tags, attributes and URL
schemes listed here, whatever the renderer produced. Images inside the text are not rendered
(an item has its one checked image; a remote image would also track readers), and headings
start at h2 because the item's title is the page's h1.
"""

from __future__ import annotations

import html
import re

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = frozenset({
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "code", "pre", "hr",
})
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

_md = MarkdownIt("commonmark", {"html": False})


def _html(text: str) -> str:
    tokens = _md.parse(text or "")
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    # The text's own top heading level becomes h2 (whether its author wrote # or ##), so the
    # page's outline goes h1 (the title), h2, ... without a skipped level (WCAG 1.3.1).
    shift = 2 - min(levels) if levels else 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{max(2, min(6, int(token.tag[1]) + shift))}"
        for child in token.children or ():
            if child.type == "image":
                # An image in the text shows as its description, never as a remote image.
                child.type, child.tag, child.attrs, child.children = "text", "", {}, None
    return _md.renderer.render(tokens, _md.options, {})


def markdown_html(text: str) -> SafeString:
    """The item's text as HTML that is safe to put in a page, a feed or an e-mail."""
    clean = nh3.clean(_html(text), tags=set(TAGS), attributes=ATTRIBUTES,
                      url_schemes=set(URL_SCHEMES), link_rel=LINK_REL)
    # Safe because nh3 has just reduced it to the allow-list above (tests/news/test_markdown).
    return mark_safe(clean)  # noqa: S308


def markdown_text(text: str) -> str:
    """Plain text of the item for the text part of an e-mail and summaries."""
    plain = html.unescape(strip_tags(_html(text)))
    return re.sub(r"\n{3,}", "\n\n", plain).strip()


def markdown_summary(text: str, length: int = 240) -> str:
    """The first words of the text, at most `length` characters, for lists and the feed."""
    plain = " ".join(markdown_text(text).split())
    if len(plain) <= length:
        return plain
    return plain[:length].rsplit(" ", 1)[0] + " …"
