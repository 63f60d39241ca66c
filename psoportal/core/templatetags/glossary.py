"""``{% term "peiljaar" %}`` → a link to the term's explanation on /begrippen/#peiljaar.

``{% term "d" "gewogen doelgroep-fte" %}`` links other words than the term's own name.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from psoportal.core.glossary import BY_SLUG

register = template.Library()


@register.simple_tag
def term(slug: str, text: str | None = None) -> str:
    entry = BY_SLUG[slug]  # an unknown slug is a programming error: fail loudly
    return format_html(
        '<a class="term" href="{}#{}" title="{}">{}</a>',
        reverse("core:glossary"),
        entry.slug,
        _("Uitleg in de begrippenlijst"),
        text if text is not None else entry.name,
    )
