"""The party's messages in its overview: the same outbox rows that were mailed (issue 10 §10).

A template tag, so Mijn overzicht (assessments, which never imports certification) and the
workspaces of the institution and PSO-Nederland show them with one line of template.
"""

from __future__ import annotations

from django import template

from psoportal.certification.models import Notification
from psoportal.certification.outbox import notification_summary

register = template.Library()

# As many as a glance takes in; the application pages keep the full history.
SHOWN = 10


@register.inclusion_tag("certification/partials/notification_list.html")
def notification_list(user, party: str = "", limit: int = SHOWN) -> dict:
    """The user's latest messages, those for `party` only when given (a user can be an
    applicant and work for an institution), each in the viewer's language."""
    if not getattr(user, "is_authenticated", False):
        return {"items": []}
    rows = Notification.objects.filter(recipient=user).select_related("recipient",
                                                                       "application")
    if party:
        rows = rows.filter(context__party=party)
    return {
        "items": [
            {"text": notification_summary(row), "path": row.context.get("path", ""),
             "at": row.created_at}
            for row in rows.order_by("-created_at", "-id")[:limit]
        ],
    }
