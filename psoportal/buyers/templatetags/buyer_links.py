"""Links into the buyer workspace from pages of the floors below (a template may load any app's
tags; the Python of those floors never imports this app)."""

from __future__ import annotations

from django import template

from psoportal.buyers.access import BUYER_ROLES

register = template.Library()


@register.filter
def buys_for(user, organisation) -> bool:
    """True when the user may open the buyer workspace and the supplier letter of the
    organisation (its Accounthouder and colleagues; advisers would get a 404)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return organisation.memberships.filter(user=user, role__in=BUYER_ROLES).exists()
