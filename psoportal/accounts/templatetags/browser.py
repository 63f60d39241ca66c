"""``{{ session.user_agent|browser }}``: "Chrome op Windows" (psoportal.accounts.user_agent)."""

from django import template

from psoportal.accounts.user_agent import describe

register = template.Library()


@register.filter
def browser(user_agent: str | None) -> str:
    return describe(user_agent)
