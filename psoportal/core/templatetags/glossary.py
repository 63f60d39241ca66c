"""`{% term "peiljaar" %}`: the term as a link to its definition on the glossary page."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html

from psoportal.core.glossary import TERMS

register = template.Library()


@register.simple_tag
def term(code: str, text: str = "") -> str:
    """A link to /begrippen/#code, reading `text` or the term's own name. An unknown code is a
    programming error, so it raises at render time (tests render every page)."""
    if code not in TERMS:
        raise template.TemplateSyntaxError(f"unknown glossary term {code!r}")
    return format_html(
        '<a class="term" href="{}#{}">{}</a>', reverse("core:glossary"), code, text or TERMS[code]
    )
